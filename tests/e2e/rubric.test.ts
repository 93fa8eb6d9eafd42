// End to end in browser mode (issue #18, rubrics): a run with two criteria is made on the Ladder page's form (a bad
// key refused next to its field; the criteria shown on the run, fixed); on the Compare page at 1280×720 the evaluator
// judges a comparison by keyboard criterion by criterion (Enter refused, naming the missing criterion; Shift+Tab and
// Tab move; Enter submits), and the stored judgment and its judgment_criteria rows are read back from the database;
// undo brings the drafts back, and a skip skips the whole comparison with no criteria. Screenshot:
// tests/e2e/artifacts/rubric-1280x720.png.
import Database from 'better-sqlite3';
import { mkdirSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { gateBrowserTests } from '../helpers/browser';
import { rung } from '../helpers/cli';
import { browserSession } from '../helpers/session';
import { nextComparisonId } from '../helpers/compare-page';

const gate = gateBrowserTests('rubric');
const artifacts = join(__dirname, 'artifacts');
mkdirSync(artifacts, { recursive: true });

const RUN = 'Rubric study';

describe.runIf(gate.run)('rubrics: a run with criteria, judged criterion by criterion (browser mode)', () => {
  const session = browserSession('rubric', {
    beforeServer({ tmp, dbPath }) {
      const file = join(tmp, 'rubric.jsonl');
      const records = Array.from({ length: 4 }, (_, i) => ({
        prompt: `Question ${i}: how should I store ${i + 2} litres of paint?`,
        response_a: `Keep the ${i + 2} litres sealed, upright, away from frost and heat.`,
        response_b: `Pour the ${i + 2} litres into any open bucket; it keeps for years.`,
        layer: 0,
      }));
      writeFileSync(file, records.map((r) => JSON.stringify(r)).join('\n') + '\n');
      const imported = rung(['import', file, '--format', 'rung', '--db', dbPath]);
      expect(imported.code, imported.stderr).toBe(0);
    },
    async beforeBrowser({ server }) {
      expect(await server.call('updateSettings', { positionCheckShare: 0 })).toMatchObject({ ok: true });
    },
  });

  const page = () => session.browser.page;
  const compare = () => page().getByTestId('compare');
  const shownId = async () => (await compare().getAttribute('data-comparison-id')) ?? '';
  const text = (testId: string) => page().getByTestId(testId).textContent();
  const activeCriterion = () => page().getByTestId('compare-rubric').locator('[aria-current="step"]').getAttribute('data-testid');
  let runId = '';
  let judged = { comparisonId: '', leftSide: '' };

  it('creates a run with two criteria on the Ladder page, a bad key refused next to its field', async () => {
    await page().goto(session.server.url);
    await page().getByTestId('nav-ladder').click();
    await page().getByTestId('run-new').click();
    const form = page().getByTestId('run-form');
    await form.waitFor({ timeout: 30_000 });
    expect(await text('criteria-rule')).toContain('Fixed once the run is created.');
    await page().getByTestId('run-name-input').fill(RUN);
    await page().getByTestId('layer-draft').first().getByTestId('layer-name-input').fill('All questions');
    await page().getByTestId('criterion-add').click();
    expect(await page().evaluate(() => document.activeElement?.getAttribute('data-testid'))).toBe('criterion-key-input');
    await page().keyboard.type('Helpful');
    const drafts = page().getByTestId('criterion-draft');
    await drafts.nth(0).getByTestId('criterion-label-input').fill('Helpfulness');
    await drafts.nth(0).getByTestId('criterion-description-input').fill('Does it answer the question asked?');
    await page().getByTestId('criterion-add').click();
    await page().keyboard.type('harmless');
    await drafts.nth(1).getByTestId('criterion-label-input').fill('Harmlessness');
    await page().getByTestId('run-submit').click();
    await expect.poll(() => form.getByTestId('field-error').allTextContents()).toEqual(['A key of 1 to 32 characters: a lower-case letter, then lower-case letters, digits, _ or -.']);
    await drafts.nth(0).getByTestId('criterion-key-input').fill('helpful');
    await page().getByTestId('run-submit').click();

    const card = page().locator(`[data-testid="run-card"][data-run-name="${RUN}"]`);
    await card.waitFor({ timeout: 30_000 });
    expect(await card.getByTestId('run-criteria').textContent()).toBe('Criteria: 1. Helpfulness · 2. Harmlessness (fixed: the verdicts given on them refer to them)');
    const runs = (await session.server.call('listRuns', {})).value as { id: string; name: string; criteria: unknown[] }[];
    const run = runs.find((r) => r.name === RUN)!;
    runId = run.id;
    expect(run.criteria).toEqual([
      { key: 'helpful', label: 'Helpfulness', description: 'Does it answer the question asked?' },
      { key: 'harmless', label: 'Harmlessness', description: '' },
    ]);
  });

  it('judges a comparison by keyboard, criterion by criterion, at 1280×720; the judgment and its criteria are stored', async () => {
    await page().setViewportSize({ width: 1280, height: 720 });
    await page().goto(`${session.server.url}#/compare`);
    await page().getByTestId('evaluator-picker').waitFor({ timeout: 30_000 });
    await page().keyboard.type('Rosa');
    await page().keyboard.press('Enter');
    await compare().waitFor({ timeout: 30_000 });
    await expect.poll(shownId, { timeout: 20_000 }).not.toBe('');
    await page().getByTestId('compare-rubric').waitFor({ timeout: 20_000 });
    await compare().focus(); // the keys are with judging (not with a toolbar control)
    judged = { comparisonId: await shownId(), leftSide: (await compare().getAttribute('data-left-side'))! };
    expect(await activeCriterion()).toBe('rubric-criterion-helpful');

    await page().keyboard.press('Enter');
    expect(await text('rubric-hint')).toBe('Not submitted: “Helpfulness” (criterion 1 of 2) has no verdict yet.');
    await page().keyboard.press('w'); // clearly better …
    await page().keyboard.press('1'); // … the left one
    expect(await text('rubric-draft-helpful')).toBe('Left, clearly');
    expect(await activeCriterion()).toBe('rubric-criterion-harmless');
    await page().keyboard.press('Enter');
    expect(await text('rubric-hint')).toBe('Not submitted: “Harmlessness” (criterion 2 of 2) has no verdict yet.');
    expect(await shownId()).toBe(judged.comparisonId);
    await page().screenshot({ path: join(artifacts, 'rubric-1280x720.png') });
    // The rubric and the verdict keys are on screen at 1280×720.
    for (const id of ['compare-rubric', 'rubric-submit', 'verdict-left', 'verdict-right']) {
      const box = (await page().getByTestId(id).boundingBox())!;
      expect(box.y + box.height, `${id} bottom edge`).toBeLessThanOrEqual(720);
      expect(box.x + box.width, `${id} right edge`).toBeLessThanOrEqual(1280);
    }

    await page().keyboard.press('Shift+Tab');
    expect(await activeCriterion()).toBe('rubric-criterion-helpful');
    await page().keyboard.press('Tab');
    expect(await activeCriterion()).toBe('rubric-criterion-harmless');
    await page().keyboard.press('3'); // a tie on harmlessness
    expect(await text('rubric-draft-harmless')).toBe('Tie');
    await page().keyboard.press('Enter');
    await nextComparisonId(compare(), judged.comparisonId);
    await expect.poll(() => compare().getAttribute('data-saving'), { timeout: 20_000 }).toBe('0');

    const db = new Database(session.dbPath, { readonly: true, fileMustExist: true });
    const judgment = db.prepare(`SELECT id, choice, strength FROM judgments WHERE comparison_id = ? AND retracted_at IS NULL`).get(judged.comparisonId) as { id: string; choice: string; strength: number };
    const rows = db.prepare(`SELECT run_id AS runId, criterion, choice, strength FROM judgment_criteria WHERE judgment_id = ? ORDER BY criterion DESC`).all(judgment.id);
    db.close();
    expect(judgment).toMatchObject({ choice: judged.leftSide, strength: 2 });
    expect(rows).toEqual([
      { runId, criterion: 'helpful', choice: judged.leftSide, strength: 2 },
      { runId, criterion: 'harmless', choice: 'tie', strength: null },
    ]);
  });

  it('undo brings the comparison back with its drafts; a skip skips it whole, with no criteria', async () => {
    await page().keyboard.press('z');
    await expect.poll(shownId, { timeout: 20_000 }).toBe(judged.comparisonId);
    expect(await text('rubric-draft-helpful')).toBe('Left, clearly');
    expect(await text('rubric-draft-harmless')).toBe('Tie');
    await page().keyboard.press('s');
    await nextComparisonId(compare(), judged.comparisonId);
    await expect.poll(() => compare().getAttribute('data-saving'), { timeout: 20_000 }).toBe('0');

    const db = new Database(session.dbPath, { readonly: true, fileMustExist: true });
    const verdicts = db
      .prepare(
        `SELECT j.choice, j.retracted_at IS NOT NULL AS retracted, (SELECT count(*) FROM judgment_criteria jc WHERE jc.judgment_id = j.id) AS criteria
         FROM judgments j WHERE j.comparison_id = ? ORDER BY j.rowid`,
      )
      .all(judged.comparisonId);
    db.close();
    expect(verdicts).toEqual([
      { choice: judged.leftSide, retracted: 1, criteria: 2 },
      { choice: 'skip', retracted: 0, criteria: 0 },
    ]);
  });

  it('made no request outside the server it was opened from', () => {
    expect(session.outsideRequests()).toEqual([]);
  });
});
