// End to end in browser mode: the researcher writes a dataset's guidelines on the Data page and a layer's on the Ladder
// page (Markdown with its preview); the evaluator judging that layer on Compare sees both, labelled and rendered, folds
// them away with `g` (remembered over a reload), and finds the key in the `?` overlay.
import { describe, expect, it } from 'vitest';
import { DEMO_DATASET_NAME, DEMO_RUN_NAME } from '../../electron/api/names';
import { gateBrowserTests } from '../helpers/browser';
import { browserSession } from '../helpers/session';

const gate = gateBrowserTests('guidelines');

describe.runIf(gate.run)('guidelines: written on the Data and Ladder pages, read on Compare (browser mode)', () => {
  let runId: string;
  const session = browserSession('guidelines', {
    async beforeBrowser() {
      await api('loadDemo');
      runId = (await api('createDemoRun')).id;
      await api('updateSettings', { positionCheckShare: 0 });
      await api('createEvaluator', { name: 'Ada' });
    },
  });
  const api = (method: string, params: unknown = {}) => session.server.value(method, params);

  async function write(open: () => Promise<void>, markdown: string, heading: string) {
    const { page } = session.browser;
    await open();
    const editor = page.getByTestId('guidelines-editor');
    await editor.waitFor({ timeout: 30_000 });
    await editor.getByTestId('guidelines-text').fill(markdown);
    await expect.poll(() => editor.getByTestId('guidelines-preview').locator('h1').textContent(), { timeout: 10_000 }).toBe(heading);
    await editor.getByTestId('guidelines-save').click();
    await expect.poll(() => page.getByTestId('guidelines-editor').count(), { timeout: 10_000 }).toBe(0);
  }

  it("writes the demo dataset's guidelines on the Data page and layer 0's on the Ladder page", async () => {
    const { page } = session.browser;
    await page.goto(`${session.server.url}#/data`);
    const row = page.getByTestId('dataset-row').filter({ hasText: DEMO_DATASET_NAME });
    await row.waitFor({ timeout: 30_000 });
    await write(() => row.getByTestId('guidelines-open').click(), '# Word problems\n\nCheck the **final number**.', 'Word problems');
    await page.goto(`${session.server.url}#/ladder`);
    const rung = page.locator(`[data-testid="run-card"][data-run-name="${DEMO_RUN_NAME}"] [data-testid="layer-row"][data-layer="0"]`);
    await rung.waitFor({ timeout: 30_000 });
    await write(() => rung.getByTestId('guidelines-open').click(), '# One step\n\nBe quick.', 'One step');
    const stored = (await api('getGuidelines', { datasetId: (await api('listDatasets'))[0].id, runId, layer: 0 })) as { label: string; text: string }[];
    expect(stored.map((g) => g.text)).toEqual(['# Word problems\n\nCheck the **final number**.', '# One step\n\nBe quick.']);
  });

  it('shows both on Compare at layer 0, labelled; g folds them away, remembered over a reload; listed under ?', async () => {
    const { page } = session.browser;
    await page.goto(`${session.server.url}#/compare`);
    await page.getByTestId('evaluator-picker').waitFor({ timeout: 30_000 });
    await page.getByTestId('evaluator-choice').filter({ hasText: 'Ada' }).click();
    await page.getByTestId('compare-run').selectOption(runId);
    await page.getByTestId('compare-layer').selectOption('0');
    await page.keyboard.press('Escape'); // the keys back to judging
    const panel = page.getByTestId('compare-guidelines');
    await panel.waitFor({ timeout: 30_000 });
    expect(await panel.getByTestId('compare-guidelines-dataset').locator('strong').textContent()).toBe('final number');
    expect(await panel.getByTestId('compare-guidelines-layer').textContent()).toContain(`Run ${DEMO_RUN_NAME} · layer 0`);
    await page.keyboard.press('g');
    await expect.poll(() => panel.getByTestId('compare-guidelines-toggle').getAttribute('aria-expanded')).toBe('false');
    expect(await panel.getByTestId('compare-guidelines-dataset').count()).toBe(0);
    await page.reload();
    // The profile, filters and the panel's state are remembered in this browser.
    await expect.poll(() => page.getByTestId('compare-guidelines-toggle').getAttribute('aria-expanded'), { timeout: 30_000 }).toBe('false');
    await page.keyboard.press('g');
    await expect.poll(() => page.getByTestId('compare-guidelines-toggle').getAttribute('aria-expanded')).toBe('true');
    await page.keyboard.press('?');
    expect(await page.getByText('Show or hide the guidelines (the dataset’s and the layer’s)').count()).toBe(1);
  });
});
