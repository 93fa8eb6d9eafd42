// End to end in browser mode: the Flags page and the agreement numbers. A small Rung JSONL where evaluators
// disagree (and one evaluator's preferences go round a cycle) is imported; the checks run from the UI; a flag
// opens with one click or with the keyboard from page load, shows its comparison, verdicts, evidence and
// provenance; it is dismissed with a reason and, after a reload, its status and audit entry are still there; another
// flag gets a relabel request for "ann", and ann finds that comparison first in her Compare queue, with who asked and
// why; the Evaluators page shows agreement and the judgments behind a number; CSV export downloads.
// Screenshots go to tests/e2e/artifacts/ (light, dark, 1280×720).
import Database from 'better-sqlite3';
import { randomUUID } from 'node:crypto';
import { mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { gateBrowserTests } from '../helpers/browser';
import { importDataset } from '../../electron/core/datasets/import';
import { openStore } from '../../electron/core/store';
import { rung } from '../helpers/cli';
import { browserSession } from '../helpers/session';

const gate = gateBrowserTests('flags page');
const artifacts = join(__dirname, 'artifacts');
mkdirSync(artifacts, { recursive: true });

const j = (evaluator: string, choice: 'A' | 'B' | 'tie', rationale?: string) => ({ evaluator, choice, ...(rationale ? { rationale } : {}) });

/** Two disagreements (ann vs bob; ann and bob vs cy), one agreement, and ann's cycle X ≻ Y ≻ Z ≻ X on one prompt. */
const records = [
  {
    id: 'area',
    prompt: 'What is the area of a circle of radius $r$?',
    response_a: 'The area is $A = \\pi r^2$.\n\n```python\nimport math\nprint(math.pi * 2 ** 2)\n```',
    response_b: 'The area is $A = 2 \\pi r$.',
    ground_truth: 'A',
    judgments: [j('ann', 'A', 'B gives the circumference'), j('bob', 'B')],
  },
  {
    id: 'capital',
    prompt: 'Name the capital of Australia.',
    response_a: 'Sydney.',
    response_b: 'Canberra.',
    judgments: [j('ann', 'A'), j('bob', 'A'), j('cy', 'B', 'Canberra is the capital')],
  },
  { id: 'agree', prompt: 'What is 2 + 2?', response_a: '4', response_b: '5', judgments: [j('ann', 'A'), j('bob', 'A'), j('cy', 'A')] },
  { id: 'xy', prompt: 'Which haiku is best?', response_a: 'Haiku X: an old silent pond', response_b: 'Haiku Y: autumn moonlight', judgments: [j('ann', 'A')] },
  { id: 'yz', prompt: 'Which haiku is best?', response_a: 'Haiku Y: autumn moonlight', response_b: 'Haiku Z: the light of a candle', judgments: [j('ann', 'A')] },
  { id: 'zx', prompt: 'Which haiku is best?', response_a: 'Haiku Z: the light of a candle', response_b: 'Haiku X: an old silent pond', judgments: [j('ann', 'A')] },
];

describe.runIf(gate.run)('flags page (browser mode)', () => {
  let dismissedId = '';
  let relabelComparison = '';
  const session = browserSession('flags', {
    async beforeServer({ tmp, dbPath }) {
      const file = join(tmp, 'disagree.jsonl');
      writeFileSync(file, records.map((r) => JSON.stringify(r)).join('\n') + '\n');
      // Imported without the checks that `rung import` runs after an import, so that the page's empty state and
      // its "Run checks" button come first.
      const store = openStore(dbPath);
      await importDataset(store, { path: file }, { format: 'rung' });
      store.close();
    },
    async beforeBrowser({ server }) {
      // No position checks: ann's next item must be the relabel request, not a swapped repeat.
      expect(await server.call('updateSettings', { positionCheckShare: 0 })).toMatchObject({ ok: true });
    },
  });

  const rows = () => session.browser.page.getByTestId('flag-row');
  const detail = () => session.browser.page.getByTestId('flag-detail');
  const shot = (name: string) => session.browser.page.screenshot({ path: join(artifacts, name) });

  it('says plainly that there are no flags before the checks run', async () => {
    const { page } = session.browser;
    await page.goto(`${session.server.url}#/flags`);
    await page.getByTestId('flags-empty').waitFor({ timeout: 30_000 });
    expect(await page.getByTestId('flags-empty').textContent()).toContain('No flags — run the checks');
    expect(await page.getByTestId('nav-flags').getAttribute('aria-current')).toBe('page');
    await shot('flags-empty.png');
  });

  it('runs the checks from the UI and lists the flags it found', async () => {
    const { page } = session.browser;
    await page.getByTestId('flags-run-checks').click();
    const result = page.getByTestId('flags-check-result');
    await result.waitFor({ timeout: 30_000 });
    // Two evaluator disagreements and ann's intransitive cycle.
    expect(await result.textContent()).toMatch(/3 new flags/);
    await expect.poll(() => rows().count(), { timeout: 20_000 }).toBe(3);
    expect((await rows().evaluateAll((els) => els.map((e) => e.getAttribute('data-kind')))).sort()).toEqual([
      'evaluator-disagreement',
      'evaluator-disagreement',
      'intransitive-cycle',
    ]);
    expect(await page.getByTestId('flags-total').textContent()).toBe('3 flags');
    // Running again adds nothing.
    await page.getByTestId('flags-run-checks').click();
    await expect.poll(() => result.textContent(), { timeout: 20_000 }).toMatch(/no new flags/);
    expect(await rows().count()).toBe(3);
    // Filters: by kind, then cleared.
    await page.getByTestId('filter-kind').selectOption('intransitive-cycle');
    await expect.poll(() => rows().count()).toBe(1);
    await page.getByTestId('filter-clear').click();
    await expect.poll(() => rows().count()).toBe(3);
    // By evaluator: cy is only in the Australia disagreement.
    await page.getByTestId('filter-evaluator').selectOption({ label: 'cy' });
    await expect.poll(() => rows().count()).toBe(1);
    expect(await rows().first().textContent()).toContain('capital of Australia');
    expect(await page.getByTestId('flags-total').textContent()).toBe('1 matching');
    await page.getByTestId('filter-clear').click();
    await expect.poll(() => rows().count()).toBe(3);
    await shot('flags-table.png');
  });

  it('moves the selection with the keyboard from page load, opens a flag with Enter and closes it with Esc', async () => {
    const { page } = session.browser;
    // No focus in the grid first: the keys work from page load (but not in a filter field).
    await page.reload();
    await rows().first().waitFor({ timeout: 20_000 });
    await page.getByTestId('filter-model').focus();
    await page.keyboard.press('ArrowDown');
    expect(await page.locator('[data-testid=flag-row][aria-selected=true]').count()).toBe(0);
    await page.evaluate(() => (document.activeElement as HTMLElement | null)?.blur());
    await page.keyboard.press('ArrowDown');
    await expect.poll(() => rows().nth(0).getAttribute('aria-selected')).toBe('true');
    await page.keyboard.press('ArrowDown');
    await expect.poll(() => rows().nth(1).getAttribute('aria-selected')).toBe('true');
    expect(await rows().nth(0).getAttribute('aria-selected')).toBe('false');
    await page.keyboard.press('ArrowUp');
    await expect.poll(() => rows().nth(0).getAttribute('aria-selected')).toBe('true');
    const firstId = await rows().nth(0).getAttribute('data-flag-id');
    await page.keyboard.press('Enter');
    await detail().waitFor();
    expect(await detail().getAttribute('data-flag-id')).toBe(firstId);
    expect(page.url()).toContain(`#/flags/${firstId}`);
    await page.keyboard.press('Escape');
    await expect.poll(() => detail().count()).toBe(0);
    // Focus is back on the table.
    expect(await page.evaluate(() => document.activeElement?.getAttribute('data-testid'))).toBe('flags-grid');
  });

  it("shows a flag's comparison, verdicts, evidence and provenance", async () => {
    const { page } = session.browser;
    const area = rows().filter({ hasText: 'area of a circle' });
    await area.click(); // one click opens it
    await detail().waitFor();
    dismissedId = (await detail().getAttribute('data-flag-id'))!;
    await expect.poll(() => detail().getAttribute('data-status')).toBe('open');
    // The comparison side by side, rendered like the Compare page (math, code), ground truth known.
    await expect.poll(() => page.getByTestId('flag-response-A').locator('.katex').count()).toBeGreaterThan(0);
    expect(await page.getByTestId('flag-response-A').locator('pre.code').count()).toBe(1);
    expect(await page.getByTestId('flag-ground-truth').textContent()).toContain('A is better');
    // The conflicting verdicts, in words.
    const verdicts = page.getByTestId('flag-verdict');
    expect(await verdicts.count()).toBe(2);
    const text = (await verdicts.allTextContents()).join(' | ');
    expect(text).toMatch(/ann.*Prefers A/);
    expect(text).toMatch(/bob.*Prefers B/);
    expect(text).toContain('B gives the circumference');
    expect(text).toContain('unassisted');
    // Evidence and provenance (no model yet: the empty states say so).
    expect(await page.getByTestId('flag-evidence-verdicts').textContent()).toMatch(/ann.*Prefers A.*bob.*Prefers B/);
    expect(await page.getByTestId('provenance-no-assist').textContent()).toContain('No model has assisted');
    expect(await page.getByTestId('provenance-no-training').textContent()).toContain('No model has been trained');
    await shot('flags-detail-light.png');
  });

  it('dismisses the flag only with a reason; status and audit entry survive a reload', async () => {
    const { page } = session.browser;
    await page.getByTestId('flag-dismiss').click();
    await page.getByTestId('flag-action-form').waitFor();
    // No profile chosen on the Compare page: the form asks for a name.
    await page.getByTestId('flag-actor-name').fill('Rita');
    expect(await page.getByTestId('flag-action-submit').isDisabled()).toBe(true);
    await page.getByTestId('flag-reason').fill('Response B answers a different question; not a real disagreement.');
    await shot('flags-dismiss-form.png');
    await page.getByTestId('flag-action-submit').click();
    await expect.poll(() => detail().getAttribute('data-status'), { timeout: 20_000 }).toBe('dismissed');
    await expect.poll(() => rows().filter({ hasText: 'area of a circle' }).getAttribute('data-status')).toBe('dismissed');

    await page.reload();
    await detail().waitFor({ timeout: 30_000 });
    expect(await detail().getAttribute('data-flag-id')).toBe(dismissedId);
    await expect.poll(() => detail().getAttribute('data-status'), { timeout: 20_000 }).toBe('dismissed');
    expect(await page.getByTestId('flag-detail-status').textContent()).toBe('Dismissed');
    const audit = page.getByTestId('flag-audit-entry');
    const entries = await audit.allTextContents();
    const dismissal = entries.find((e) => /dismiss/i.test(e));
    expect(dismissal, entries.join('\n')).toBeDefined();
    expect(dismissal).toContain('Rita');
    expect(dismissal).toContain('not a real disagreement');
    expect(await detail().textContent()).toMatch(/by Rita/);
    await shot('flags-dismissed.png');
  });

  it('requests a relabel for ann, who then finds the comparison first in her Compare queue', async () => {
    const { page } = session.browser;
    await page.getByTestId('flag-detail-close').click();
    await rows().filter({ hasText: 'capital of Australia' }).click();
    await expect.poll(() => detail().getAttribute('data-status'), { timeout: 20_000 }).toBe('open');
    relabelComparison = (await detail().getAttribute('data-comparison-id'))!;
    expect(relabelComparison).toMatch(/^[0-9a-f-]{36}$/);
    await page.getByTestId('flag-relabel').click();
    await page.getByTestId('flag-relabel-evaluator').selectOption({ label: 'ann' });
    await page.getByTestId('flag-reason').fill('Please look again: which city is the capital?');
    await page.getByTestId('flag-action-submit').click();
    await expect.poll(() => detail().getAttribute('data-status'), { timeout: 20_000 }).toBe('relabel_requested');
    expect(await page.getByTestId('flag-relabel-requests').textContent()).toMatch(/For ann, requested by Rita/);

    await page.goto(`${session.server.url}#/compare`);
    await page.getByTestId('evaluator-picker').waitFor({ timeout: 30_000 });
    await page.getByTestId('evaluator-choice').filter({ hasText: 'ann' }).click();
    const compare = page.getByTestId('compare');
    await compare.waitFor({ timeout: 30_000 });
    await expect.poll(() => compare.getAttribute('data-comparison-id'), { timeout: 20_000 }).toBe(relabelComparison);
    expect(await compare.getAttribute('data-kind')).toBe('relabel');
    expect(await page.getByTestId('compare-relabel').textContent()).toContain('Relabel requested');
    // Who asked and why, above the comparison.
    expect(await page.getByTestId('compare-relabel-note').textContent()).toBe('Relabel requested by Rita: Please look again: which city is the capital?');
    await shot('flags-relabel-in-queue.png');
  });

  it('draws the cycle and acts as the chosen profile', async () => {
    const { page } = session.browser;
    await page.goto(`${session.server.url}#/flags`);
    await rows().filter({ hasText: 'haiku' }).click();
    await page.getByTestId('flag-cycle').waitFor({ timeout: 20_000 });
    expect(await page.getByTestId('flag-cycle-text').textContent()).toBe('X ≻ Y ≻ Z ≻ X');
    expect(await page.getByTestId('flag-cycle-edge').count()).toBe(3);
    await page.getByTestId('flag-cycle-edge').nth(1).click();
    await expect.poll(() => page.getByTestId('comparison-judgments').textContent(), { timeout: 20_000 }).toMatch(/ann.*Prefers A/);
    // ann is now the Compare profile: actions say so and ask for no name.
    expect(await page.getByTestId('flag-actor').textContent()).toBe('ann');
    // The cycle's verdicts are on three comparisons; each says which.
    expect(await page.getByTestId('flag-verdict').count()).toBe(3);
    await shot('flags-cycle.png');
    // Exclude one of them from future training, with a reason.
    const first = page.getByTestId('flag-verdict').first();
    const judgmentId = await first.getAttribute('data-judgment-id');
    await first.getByTestId('flag-exclude').click();
    expect(await page.getByTestId('exclude-submit').isDisabled()).toBe(true);
    await page.getByTestId('exclude-reason').fill('Rushed answer, 2 s');
    await page.getByTestId('exclude-submit').click();
    const excluded = page.locator(`[data-judgment-id="${judgmentId}"]`);
    await expect.poll(() => excluded.getByTestId('flag-verdict-excluded').count(), { timeout: 20_000 }).toBe(1);
    expect(await excluded.textContent()).toContain('Excluded because: Rushed answer, 2 s');
    expect(await excluded.getByTestId('flag-exclude').count()).toBe(0);
    await page.getByTestId('theme-select').selectOption('dark');
    await shot('flags-cycle-dark.png');
    await page.getByTestId('theme-select').selectOption('light');
  });

  it('exports the flags as CSV and JSONL', async () => {
    const { page } = session.browser;
    const [download] = await Promise.all([page.waitForEvent('download'), page.getByTestId('flags-export-csv').click()]);
    const lines = readFileSync(await download.path(), 'utf8').split('\n').filter((line) => line.trim() !== '');
    expect(lines.length).toBe(4); // header + 3 flags
    expect(lines.join('\n')).toContain('dismissed');
    const [jsonl] = await Promise.all([page.waitForEvent('download'), page.getByTestId('flags-export-jsonl').click()]);
    const flags = readFileSync(await jsonl.path(), 'utf8').split('\n').filter((line) => line.trim() !== '').map((line) => JSON.parse(line));
    expect(flags).toHaveLength(3);
    expect(flags.map((f) => f.status).sort()).toEqual(['dismissed', 'open', 'relabel_requested']);
  });

  it('shows agreement on the Evaluators page; a number opens the judgments behind it', async () => {
    const { page } = session.browser;
    await page.goto(`${session.server.url}#/evaluators`);
    const table = page.getByTestId('agreement-table');
    await table.waitFor({ timeout: 30_000 });
    expect((await page.getByTestId('agreement-row').evaluateAll((els) => els.map((e) => e.getAttribute('data-evaluator')))).sort()).toEqual(['ann', 'bob', 'cy']);
    expect(await page.getByTestId('agreement-alpha').textContent()).toMatch(/^-?\d\.\d{3}$/);
    expect(await page.getByTestId('kappa-matrix').count()).toBe(1);
    expect(await page.getByTestId('agreement-overtrust').first().locator('span').first().getAttribute('title')).toContain('No assisted judgment where the assistance pointed to the wrong side');
    // Agreement with consensus is a number, or says why there is none: never a bare dash.
    const consensusCells = await page.getByTestId('agreement-row').evaluateAll((rows) =>
      rows.map((row) => row.querySelector('[data-testid=agreement-consensus]')?.textContent ?? row.querySelector('[data-testid=agreement-consensus-gap]')?.textContent ?? ''),
    );
    for (const cell of consensusCells) expect(cell).toMatch(/^\d+%$|^— (no shared items|no consensus yet \(needs ≥ 2 others\)|others split): /);
    // ann judged 6 comparisons: her count opens her judgments.
    const ann = page.getByTestId('agreement-row').filter({ hasText: 'ann' });
    expect(await ann.getByTestId('agreement-judgments').textContent()).toBe('6');
    await ann.getByTestId('agreement-judgments').click();
    await page.getByTestId('judgments-panel').waitFor();
    await expect.poll(() => page.getByTestId('judgment-row').count(), { timeout: 20_000 }).toBe(6);
    expect(await page.getByTestId('judgments-range').textContent()).toBe('1–6 of 6');
    // Sorting by agreement with the consensus puts a missing value last either way.
    await page.getByTestId('agreement-sort-consensusAgreement').click();
    const order = () => page.getByTestId('agreement-row').evaluateAll((els) => els.map((e) => e.getAttribute('data-evaluator')));
    // cy agrees least with the consensus: last going down, first going up.
    expect((await order()).at(-1)).toBe('cy');
    await page.getByTestId('agreement-sort-consensusAgreement').click();
    expect((await order())[0]).toBe('cy');
    await page.getByTestId('agreement-panel').scrollIntoViewIfNeeded();
    await shot('evaluators-agreement.png');
    await page.getByTestId('judgments-panel').scrollIntoViewIfNeeded();
    await shot('evaluators-judgments.png');
  });

  it('made no request outside the server it was opened from', () => {
    const outside = session.outsideRequests();
    expect(outside).toEqual([]);
  });
});

describe.runIf(gate.run)('flags page at 100,000 flags (browser mode)', () => {
  const N = 100_000;
  const session = browserSession('flags-100k', {
    beforeServer({ tmp, dbPath }) {
      const file = join(tmp, 'few.jsonl');
      writeFileSync(file, records.map((r) => JSON.stringify(r)).join('\n') + '\n');
      const imported = rung(['import', file, '--format', 'rung', '--db', dbPath]);
      expect(imported.code, imported.stderr).toBe(0);
      // 100,000 flags written straight into the store (the checks would never find that many here), in place of
      // the few the checks found after the import.
      const db = new Database(dbPath);
      db.prepare('DELETE FROM flags').run();
      const comparisons = (db.prepare('SELECT id FROM comparisons').all() as { id: string }[]).map((r) => r.id);
      const insert = db.prepare(
        `INSERT INTO flags (id, kind, dedupe_key, severity, comparison_id, evidence, status, notes, created_at) VALUES (?, ?, ?, ?, ?, '{}', ?, '', ?)`,
      );
      const kinds = ['evaluator-disagreement', 'self-inconsistency', 'intransitive-cycle'];
      db.transaction(() => {
        for (let i = 0; i < N; i++) {
          insert.run(randomUUID(), kinds[i % 3], `synthetic:${i}`, (i % 1000) / 1000, comparisons[i % comparisons.length], i % 10 === 0 ? 'dismissed' : 'open', new Date(Date.UTC(2026, 0, 1) + i * 1000).toISOString());
        }
      })();
      db.close();
    },
    timeoutMs: 120_000,
  });

  it('renders only the rows in view, jumps to the end and back quickly, and moves by keyboard', async () => {
    const { page } = session.browser;
    const rows = page.getByTestId('flag-row');
    let t = Date.now();
    await page.goto(`${session.server.url}#/flags`);
    await rows.first().waitFor({ timeout: 30_000 });
    const firstPaint = Date.now() - t;
    expect(await page.getByTestId('flags-total').textContent()).toMatch(/^100[,.\u202f ]?000 flags$/);
    const inDom = await rows.count();
    expect(inDom).toBeLessThan(60);

    const grid = page.getByTestId('flags-grid');
    await grid.focus();
    t = Date.now();
    await page.keyboard.press('End');
    await expect.poll(() => page.locator(`[data-testid=flag-row][aria-rowindex="${N + 1}"]`).getAttribute('aria-selected'), { timeout: 20_000, interval: 20 }).toBe('true');
    const toEnd = Date.now() - t;
    expect(await rows.count()).toBeLessThan(60);

    t = Date.now();
    await grid.evaluate((el) => (el.scrollTop = el.scrollHeight / 2));
    await expect.poll(() => page.locator('[data-testid=flag-row][aria-rowindex="50001"]').count(), { timeout: 20_000, interval: 20 }).toBe(1);
    const toMiddle = Date.now() - t;

    await page.keyboard.press('Home');
    await page.keyboard.press('ArrowDown');
    await expect.poll(() => page.locator('[data-testid=flag-row][aria-rowindex="3"]').getAttribute('aria-selected')).toBe('true');
    // Sorted by severity, highest first.
    const severities = await rows.evaluateAll((els) => els.slice(0, 10).map((e) => Number(e.querySelector('.severity-num')?.textContent)));
    expect(severities).toEqual([...severities].sort((a, b) => b - a));
    console.log(`100,000 flags: first rows ${firstPaint} ms, End ${toEnd} ms, middle ${toMiddle} ms, ${inDom} rows in the DOM`);
    expect(toEnd).toBeLessThan(3_000);
    expect(toMiddle).toBeLessThan(3_000);
    await page.screenshot({ path: join(artifacts, 'flags-100k.png') });
  });
});
