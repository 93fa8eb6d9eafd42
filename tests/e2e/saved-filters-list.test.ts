// End to end in browser mode (#19): the Data page lists the saved filters beside "Save these filters as" — each in
// words with what it matches now — adds one saved there, and deletes one after asking (Cancel keeps it; the question
// names the assignment drawn from it, which keeps its comparisons). Screenshot to tests/e2e/artifacts/.
import { mkdirSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { gateBrowserTests } from '../helpers/browser';
import { needleRows as rows } from '../helpers/needle-rows';
import { browserSession } from '../helpers/session';

const gate = gateBrowserTests('saved-filters-list');
const artifacts = join(__dirname, 'artifacts');
mkdirSync(artifacts, { recursive: true });


describe.runIf(gate.run)('listing and deleting saved filters (browser mode)', () => {
  const api = (method: string, params: unknown = {}) => session.server.value(method, params);
  const session = browserSession('saved-filters-list', {
    async beforeBrowser() {
      await api('importDataset', { source: await session.server.uploadRows('filters.jsonl', rows) });
      await api('createEvaluator', { name: 'Ada' });
      await api('saveRecordFilter', { name: 'needles', filter: { text: 'needle' } });
      await api('createAssignment', { filter: 'needles', evaluators: ['Ada'], name: 'needle round' });
    },
  });

  it('shows each saved filter in words, adds one saved on the page, and deletes one after asking', async () => {
    const { page } = session.browser;
    await page.goto(session.server.url);
    await page.getByTestId('nav-data').click();
    const listed = page.getByTestId('saved-filter');
    await expect.poll(() => listed.count(), { timeout: 30_000 }).toBe(1);
    expect(await page.getByTestId('saved-filter-words').textContent()).toBe('text contains "needle"');
    expect(await page.getByTestId('saved-filter-facts').textContent()).toMatch(/^ — 3 comparisons match now; saved by .+, \S/);

    // A filter saved on the page joins the list.
    await page.getByTestId('record-row').first().waitFor({ timeout: 30_000 });
    await page.getByTestId('records-text').fill('question 1');
    await page.getByTestId('records-search').click();
    await page.getByTestId('records-save-name').fill('ones');
    await page.getByTestId('records-save-submit').click();
    await expect.poll(() => page.getByTestId('saved-filter-name').allTextContents()).toEqual(['needles', 'ones']);
    expect((await page.getByTestId('saved-filter-words').allTextContents())[1]).toBe('text contains "question 1"');

    // Delete asks first, naming the assignment that keeps its comparisons; Cancel keeps the filter.
    const needles = listed.filter({ hasText: 'needles' });
    await needles.getByTestId('saved-filter-delete').click();
    expect(await page.getByTestId('saved-filter-question').textContent()).toBe('Delete saved filter "needles"? Assignment "needle round" keeps the comparisons drawn from it.');
    await page.screenshot({ path: join(artifacts, 'saved-filters-delete.png'), fullPage: true });
    await page.getByTestId('saved-filter-cancel').click();
    expect(await page.getByTestId('saved-filter-question').count()).toBe(0);
    expect((await api('listRecordFilters')).map((f: { name: string }) => f.name)).toEqual(['needles', 'ones']);

    await needles.getByTestId('saved-filter-delete').click();
    await page.getByTestId('saved-filter-confirm').click();
    await expect.poll(() => page.getByTestId('saved-filters-status').textContent()).toBe('Deleted saved filter "needles".');
    await expect.poll(() => page.getByTestId('saved-filter-name').allTextContents()).toEqual(['ones']);
    expect((await api('listRecordFilters')).map((f: { name: string }) => f.name)).toEqual(['ones']);
    const [assignment] = await api('listAssignments');
    expect(assignment).toMatchObject({ name: 'needle round', filterName: 'needles', comparisons: 3 });
    expect(session.outsideRequests()).toEqual([]);
  });
});
