// End to end in browser mode (#19): a lab lead searches the Data page's record browser, saves the filters as
// "needles", and on the Evaluators page assigns "saved filter needles" to two evaluators with overlap 2: the assignment
// holds exactly the three matching comparisons, and the lead view names its source. Screenshot to tests/e2e/artifacts/.
import { mkdirSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { gateBrowserTests } from '../helpers/browser';
import { needleRows as rows } from '../helpers/needle-rows';
import { browserSession } from '../helpers/session';

const gate = gateBrowserTests('assign-saved-filter');
const artifacts = join(__dirname, 'artifacts');
mkdirSync(artifacts, { recursive: true });


describe.runIf(gate.run)('assigning a saved filter (browser mode)', () => {
  const api = (method: string, params: unknown = {}) => session.server.value(method, params);
  const session = browserSession('assign-saved-filter', {
    async beforeBrowser() {
      await api('importDataset', { source: await session.server.uploadRows('filters.jsonl', rows) });
      await api('createEvaluator', { name: 'Ada' });
      await api('createEvaluator', { name: 'Bob' });
    },
  });

  it('saves the record browser filters by name and assigns exactly their comparisons from the Evaluators page', async () => {
    const { page } = session.browser;
    await page.goto(session.server.url);
    await page.getByTestId('nav-data').click();
    const recordRows = page.getByTestId('record-row');
    await recordRows.first().waitFor({ timeout: 30_000 });
    await page.getByTestId('records-text').fill('needle');
    await page.getByTestId('records-search').click();
    await expect.poll(() => recordRows.count(), { timeout: 30_000 }).toBe(3);
    await page.getByTestId('records-save-name').fill('needles');
    await page.getByTestId('records-save-submit').click();
    await expect.poll(() => page.getByTestId('records-save-status').textContent()).toBe('Saved filter "needles": assign its comparisons on the Evaluators page.');
    expect(await api('listRecordFilters')).toMatchObject([{ name: 'needles', filter: { text: 'needle' } }]);

    await page.getByTestId('nav-evaluators').click();
    await page.getByTestId('lead-empty').waitFor({ timeout: 30_000 });
    const source = page.getByTestId('assign-source');
    await expect.poll(() => source.locator('option', { hasText: 'saved filter needles' }).count()).toBe(1);
    await source.selectOption({ label: 'saved filter needles' });
    for (const box of await page.getByTestId('assign-evaluator').all()) await box.check();
    await page.getByTestId('assign-overlap').fill('2');
    await page.getByTestId('assign-submit').click();
    await expect.poll(() => page.getByTestId('assign-created').textContent()).toBe('Assigned 3 comparisons of saved filter needles to 2 evaluators, each judged by 2.');
    await expect.poll(() => page.getByTestId('lead-summary').textContent()).toBe('saved filter needles: 3 comparisons, each judged by 2 (seed 1).');
    await page.screenshot({ path: join(artifacts, 'assign-saved-filter.png'), fullPage: true });

    const [assignment] = await api('listAssignments');
    expect(assignment).toMatchObject({ filterName: 'needles', comparisons: 3, evaluators: [{ name: 'Ada', assigned: 3 }, { name: 'Bob', assigned: 3 }] });
    const matching = (await api('listComparisons', { text: 'needle' })).rows.map((r: { id: string }) => r.id).sort();
    const ada = (await api('listEvaluators')).find((e: { name: string }) => e.name === 'Ada');
    const served = (await api('nextComparisons', { evaluatorId: ada.id, count: 3 })).map((i: { comparison: { id: string } }) => i.comparison.id).sort();
    expect(served).toEqual(matching);
    expect(session.outsideRequests()).toEqual([]);
  });
});
