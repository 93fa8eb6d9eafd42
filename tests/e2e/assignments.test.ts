// End to end in browser mode: a lab lead assigns a run's layer to two evaluators on the Evaluators page (a refused
// overlap shows the contract's message), sees each one's assigned and remaining counts, downloads Ada's work bundle
// (which a fresh workstation imports: her comparisons exactly), an evaluator judges their
// first assigned comparison on the Compare page (served first), the lead view's counts follow, and her results bundle
// downloads from the Data page (another database imports her verdict from it). Screenshot to
// tests/e2e/artifacts/.
import { mkdirSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { gateBrowserTests } from '../helpers/browser';
import { rung } from '../helpers/cli';
import { browserSession } from '../helpers/session';

const gate = gateBrowserTests('assignments');
const artifacts = join(__dirname, 'artifacts');
mkdirSync(artifacts, { recursive: true });

describe.runIf(gate.run)('assignments on the Evaluators page (browser mode)', () => {
  let adaId: string;
  const session = browserSession('assignments', {
    beforeServer({ tmp, dbPath }) {
      const file = join(tmp, 'study.jsonl');
      const rows = Array.from({ length: 12 }, (_, i) => ({ prompt: `Question ${i}?`, response_a: `Answer A ${i}`, response_b: `Answer B ${i}`, layer: 0 }));
      writeFileSync(file, rows.map((r) => JSON.stringify(r)).join('\n') + '\n');
      for (const args of [['import', file], ['run', 'create', '--name', 'Study', '--layer', 'all=layer=0']]) {
        const r = rung([...args, '--db', dbPath]);
        expect(r.code, r.stderr).toBe(0);
      }
    },
    async beforeBrowser({ server }) {
      expect(await server.call('updateSettings', { positionCheckShare: 0 })).toMatchObject({ ok: true });
      adaId = (await server.value('createEvaluator', { name: 'Ada' })).id;
      await server.value('createEvaluator', { name: 'Bob' });
    },
  });

  const rowOf = (name: string) => session.browser.page.getByTestId('lead-row').filter({ has: session.browser.page.getByTestId('lead-name').getByText(name, { exact: true }) });
  const cells = async (name: string) => {
    const row = rowOf(name);
    return [await row.getByTestId('lead-assigned').textContent(), await row.getByTestId('lead-done').textContent(), await row.getByTestId('lead-remaining').textContent(), await row.getByTestId('lead-bundle').textContent()];
  };

  it('creates an assignment from the form, and the lead view counts a judgment made on the Compare page', async () => {
    const { page } = session.browser;
    await page.goto(`${session.server.url}#/evaluators`);
    await page.getByTestId('lead-empty').waitFor({ timeout: 30_000 });
    await expect.poll(() => page.getByTestId('assign-source').locator('option').count()).toBeGreaterThan(1);
    const runLayer = await page.getByTestId('assign-source').locator('option', { hasText: 'Layer 0: all' }).getAttribute('value');
    await page.getByTestId('assign-source').selectOption(runLayer!);
    for (const box of await page.getByTestId('assign-evaluator').all()) await box.check();

    // An overlap above the number of evaluators is refused with the contract's own message; nothing is assigned.
    await page.getByTestId('assign-overlap').fill('3');
    await page.getByTestId('assign-submit').click();
    await expect.poll(() => page.getByTestId('assign-error').textContent()).toContain('overlap: must be at most the number of evaluators (2), got "3"');
    expect(await page.getByTestId('lead-empty').count()).toBe(1);

    await page.getByTestId('assign-overlap').fill('1');
    await page.getByTestId('assign-deadline').fill('2026-12-31');
    await page.getByTestId('assign-submit').click();
    await expect.poll(() => page.getByTestId('assign-created').textContent()).toBe('Assigned 12 comparisons of Study, layer 0 to 2 evaluators, each judged by 1.');
    await expect.poll(() => cells('Ada')).toEqual(['6', '0', '6', '—']);
    expect(await cells('Bob')).toEqual(['6', '0', '6', '—']);
    expect(await page.getByTestId('lead-table').textContent()).toContain('2026-12-31');
    await page.screenshot({ path: join(artifacts, 'assignments-lead.png'), fullPage: true });

    // Ada's work bundle downloads from her row; another workstation (a fresh database) takes exactly her 6 comparisons.
    const [download] = await Promise.all([page.waitForEvent('download'), rowOf('Ada').getByTestId('lead-work-bundle').click()]);
    expect(download.suggestedFilename()).toMatch(/^work-Ada-layer0-\d{4}-\d{2}-\d{2}\.rungbundle$/);
    const bundlePath = join(session.tmp, 'ada-work.rungbundle');
    await download.saveAs(bundlePath);
    const elsewhere = rung(['bundle', 'import', bundlePath, '--trust', '--json', '--db', join(session.tmp, 'ada-station.db')]);
    expect(elsewhere.code, elsewhere.stderr).toBe(0);
    expect(JSON.parse(elsewhere.stdout).added.comparisons).toBe(6);

    // Ada judges on the Compare page: her first assigned comparison is served first.
    const assigned = await session.server.value('nextComparisons', { evaluatorId: adaId, count: 1 });
    await page.evaluate((id) => window.localStorage.setItem('rung.evaluatorId', id), adaId);
    await page.goto(`${session.server.url}#/compare`);
    const compare = page.getByTestId('compare');
    await compare.waitFor({ timeout: 30_000 });
    await expect.poll(() => compare.getAttribute('data-comparison-id')).toBe(assigned[0].comparison.id);
    await page.keyboard.press('1');
    await expect.poll(() => compare.getAttribute('data-comparison-id')).not.toBe(assigned[0].comparison.id);
    await expect.poll(() => compare.getAttribute('data-saving'), { timeout: 20_000 }).toBe('0');

    await page.getByTestId('nav-evaluators').click();
    await expect.poll(() => cells('Ada'), { timeout: 20_000 }).toEqual(['6', '1', '5', '—']);
    expect(await cells('Bob')).toEqual(['6', '0', '6', '—']);

    // Ada's results bundle downloads from the Data page's Bundles section, and another database imports exactly her verdict.
    await page.getByTestId('nav-data').click();
    await page.getByTestId('bundle-evaluator').selectOption('Ada');
    const [results] = await Promise.all([page.waitForEvent('download'), page.getByTestId('bundle-export').click()]);
    expect(results.suggestedFilename()).toMatch(/^results-Ada-.*\.rungbundle$/);
    const resultsPath = join(session.tmp, 'ada-results.rungbundle');
    await results.saveAs(resultsPath);
    const back = rung(['bundle', 'import', resultsPath, '--trust', '--json', '--db', join(session.tmp, 'ada-station.db')]);
    expect(back.code, back.stderr).toBe(0);
    expect(JSON.parse(back.stdout).added).toMatchObject({ judgments: 1 });
    expect(session.outsideRequests()).toEqual([]);
  });
});
