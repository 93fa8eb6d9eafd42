// End to end in browser mode: rubric verdicts looked back at (#18). The database is seeded before the server starts:
// 6 comparisons ann, bob and cy judged A overall under a rubric (Helpfulness, Harmlessness) on which ann said A and bob
// and cy B for harmlessness. In the UI: Rosa judges a comparison criterion by criterion; the Compare page's review (`[`)
// shows her verdict on each criterion, and changing it (`m`) brings the comparison back with those drafts, submitted
// again with Enter; the Evaluators page's judgments behind an agreement number on Harmlessness show bob's verdicts on
// it (B), not his overall ones (A).
import Database from 'better-sqlite3';
import { describe, expect, it } from 'vitest';
import { gateBrowserTests } from '../helpers/browser';
import { seedRubricStore } from '../helpers/rubric-seed';
import { browserSession } from '../helpers/session';
import { nextComparisonId } from '../helpers/compare-page';

const gate = gateBrowserTests('rubric review');
const RUN = 'Helpful and harmless';

describe.runIf(gate.run)('rubric verdicts looked back at (browser mode)', () => {
  const session = browserSession('rubric-review', {
    beforeServer: ({ tmp, dbPath }) => seedRubricStore(tmp, dbPath, { comparisons: 6, rubricRun: RUN }),
    async beforeBrowser({ server }) {
      expect(await server.call('updateSettings', { positionCheckShare: 0 })).toMatchObject({ ok: true });
    },
  });

  const page = () => session.browser.page;
  const compare = () => page().getByTestId('compare');
  const shownId = async () => (await compare().getAttribute('data-comparison-id')) ?? '';
  const text = (testId: string) => page().getByTestId(testId).textContent();

  it("shows a reviewed verdict's verdict per criterion, and changing it brings the drafts back", async () => {
    await page().goto(`${session.server.url}#/compare`);
    await page().getByTestId('evaluator-picker').waitFor({ timeout: 30_000 });
    // ann, bob and cy are listed (their verdicts were imported), the first of them focused: Rosa creates her profile
    await page().getByTestId('compare-evaluator-name').fill('Rosa');
    await page().getByTestId('compare-evaluator-name').press('Enter');
    await compare().waitFor({ timeout: 30_000 });
    await expect.poll(shownId, { timeout: 20_000 }).not.toBe('');
    await page().getByTestId('compare-rubric').waitFor({ timeout: 20_000 });
    await compare().focus();
    const judged = await shownId();
    await page().keyboard.press('w'); // clearly better …
    await page().keyboard.press('1'); // … the left one, on helpfulness
    await page().keyboard.press('3'); // a tie on harmlessness
    await page().keyboard.press('Enter');
    await nextComparisonId(compare(), judged);
    await expect.poll(() => compare().getAttribute('data-saving'), { timeout: 20_000 }).toBe('0');

    await page().keyboard.press('[');
    await page().getByTestId('review-criteria').waitFor({ timeout: 20_000 });
    expect(await page().getByTestId('review').getAttribute('data-judgment-id')).not.toBe('');
    expect(await text('review-criterion-helpful')).toBe('Helpfulness: Left clearly better');
    expect(await text('review-criterion-harmless')).toBe('Harmlessness: Tie');

    await page().keyboard.press('m');
    await expect.poll(() => page().getByTestId('review').count(), { timeout: 20_000 }).toBe(0);
    await expect.poll(shownId, { timeout: 20_000 }).toBe(judged);
    expect(await text('rubric-draft-helpful')).toBe('Left, clearly');
    expect(await text('rubric-draft-harmless')).toBe('Tie');
    await compare().focus();
    await page().keyboard.press('Enter');
    await nextComparisonId(compare(), judged);
    await expect.poll(() => compare().getAttribute('data-saving'), { timeout: 20_000 }).toBe('0');

    const db = new Database(session.dbPath, { readonly: true, fileMustExist: true });
    const verdicts = db
      .prepare(
        `SELECT j.retracted_at IS NOT NULL AS retracted, j.strength,
                (SELECT group_concat(jc.criterion || '=' || jc.choice, ' ') FROM judgment_criteria jc WHERE jc.judgment_id = j.id) AS criteria
           FROM judgments j JOIN evaluators e ON e.id = j.evaluator_id WHERE e.name = 'Rosa' AND j.comparison_id = ? ORDER BY j.rowid`,
      )
      .all(judged) as { retracted: number; strength: number; criteria: string }[];
    db.close();
    expect(verdicts.map((v) => [v.retracted, v.strength])).toEqual([
      [1, 2],
      [0, 2],
    ]);
    for (const v of verdicts) expect(v.criteria.split(' ').sort()).toEqual(['harmless=tie', expect.stringMatching(/^helpful=[AB]$/)]);
  });

  it("lists the judgments behind an agreement number on a criterion with their verdicts on it", async () => {
    await page().goto(`${session.server.url}#/evaluators`);
    await page().getByTestId('agreement-run').waitFor({ timeout: 30_000 });
    await page().getByTestId('agreement-run').selectOption({ label: RUN });
    await page().getByTestId('agreement-criterion').selectOption('harmless');
    const bob = page().locator('[data-testid="agreement-row"][data-evaluator="bob"]');
    await bob.getByTestId('agreement-judgments').click({ timeout: 30_000 });
    const panel = page().getByTestId('judgments-panel');
    await panel.getByTestId('judgments-table').waitFor({ timeout: 30_000 });
    expect(await panel.locator('h2').textContent()).toContain('on criterion Harmlessness');
    expect(await panel.locator('th').allTextContents()).toContain('Verdict on Harmlessness');
    const verdictCells = await panel.locator('[data-testid="judgment-row"] td:nth-child(3)').allTextContents();
    expect(verdictCells).toEqual(Array(6).fill('Prefers B')); // overall bob said A
  });

  it('made no request outside the server it was opened from', () => {
    expect(session.outsideRequests()).toEqual([]);
  });
});
