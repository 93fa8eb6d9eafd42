// End to end in browser mode: the Data page's Delete on a dataset shows what would go; with verdicts given on its
// comparisons, Delete waits for the box that deletes them too; then the dataset and its comparisons are gone.
import { mkdirSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { gateBrowserTests } from '../helpers/browser';
import { browserSession } from '../helpers/session';

const gate = gateBrowserTests('dataset-delete');
const artifacts = join(__dirname, 'artifacts');
mkdirSync(artifacts, { recursive: true });

describe.runIf(gate.run)('deleting a dataset on the Data page (browser mode)', () => {
  const session = browserSession('dataset-delete', {
    async beforeBrowser({ server }) {
      const rows = [0, 1, 2].map((i) => ({ prompt: `Question ${i}?`, response_a: `Answer ${i} one.`, response_b: `Answer ${i} two.` }));
      await server.value('importDataset', { source: await server.uploadRows('doomed.jsonl', rows), format: 'rung' });
      await server.value('updateSettings', { positionCheckShare: 0 });
      const ada = await server.value('createEvaluator', { name: 'Ada' });
      const [item] = await server.value('nextComparisons', { evaluatorId: ada.id, count: 1 });
      await server.value('submitJudgment', { comparisonId: item.comparison.id, evaluatorId: ada.id, choice: 'A', leftSide: item.leftSide });
    },
  });

  it('shows the plan, waits for the box that deletes the verdict too, then removes the dataset', async () => {
    const { page } = session.browser;
    await page.goto(`${session.server.url}#/data`);
    await page.getByTestId('dataset-row').waitFor({ timeout: 30_000 });
    await page.getByTestId('dataset-delete').click();
    const dialog = page.getByTestId('dataset-delete-dialog');
    await dialog.waitFor();
    expect(await dialog.getByTestId('dataset-delete-plan').textContent()).toContain('3 comparisons');
    expect(await dialog.getByTestId('dataset-delete-confirm').isDisabled()).toBe(true);
    await dialog.getByTestId('dataset-delete-with-judgments').check();
    await page.screenshot({ path: join(artifacts, 'data-delete-dataset.png') });
    await dialog.getByTestId('dataset-delete-confirm').click();
    await expect.poll(() => page.getByTestId('dataset-row').count(), { timeout: 20_000 }).toBe(0);
    expect(await session.server.value('getStats')).toMatchObject({ datasets: 0, comparisons: 0, judgments: 0 });
    expect(session.outsideRequests()).toEqual([]);
  });
});
