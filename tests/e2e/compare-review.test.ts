// End to end in browser mode (issue #18): an evaluator judges three comparisons, opens the review of past verdicts with
// `[`, sees each verdict read-only with the sides it was judged with (verdict keys refused in words), moves older and
// newer, goes back to judging with Esc and `]`, and changes the oldest verdict with `m`: it is retracted (kept, audited
// as a change), the comparison comes back with its rationale as the draft, and after the new verdict judging goes on
// with the comparison that was waiting. Screenshot in tests/e2e/artifacts/compare-review.png.
import Database from 'better-sqlite3';
import { mkdirSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { gateBrowserTests } from '../helpers/browser';
import { rung } from '../helpers/cli';
import { browserSession } from '../helpers/session';
import { nextComparisonId } from '../helpers/compare-page';

const gate = gateBrowserTests('compare review');
const artifacts = join(__dirname, 'artifacts');
mkdirSync(artifacts, { recursive: true });

describe.runIf(gate.run)('reviewing past verdicts on the compare page (browser mode)', () => {
  const session = browserSession('compare-review', {
    beforeServer({ tmp, dbPath }) {
      const file = join(tmp, 'review.jsonl');
      const records = Array.from({ length: 6 }, (_, i) => ({ prompt: `Question ${i}`, response_a: `Answer A${i}`, response_b: `Answer B${i}` }));
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
  const judged: { comparisonId: string; leftSide: string; left: string }[] = [];
  let waiting = '';

  it('judges three comparisons, the first with a strength and a rationale', async () => {
    await page().goto(`${session.server.url}#/compare`);
    await page().getByTestId('evaluator-picker').waitFor({ timeout: 30_000 });
    await page().keyboard.type('Rosa');
    await page().keyboard.press('Enter');
    await compare().waitFor({ timeout: 30_000 });
    await expect.poll(shownId, { timeout: 20_000 }).not.toBe('');
    for (const keys of [['w', 'r'], ['3'], ['2']]) {
      const comparisonId = await shownId();
      judged.push({ comparisonId, leftSide: (await compare().getAttribute('data-left-side'))!, left: (await text('compare-left'))! });
      for (const key of keys) await page().keyboard.press(key);
      if (keys.includes('r')) {
        await page().getByTestId('compare-rationale').waitFor();
        await page().keyboard.type('Left names the units.');
        await page().keyboard.press('Enter');
        await page().keyboard.press('1');
      }
      await nextComparisonId(compare(), comparisonId);
    }
    await expect.poll(() => compare().getAttribute('data-saving'), { timeout: 20_000 }).toBe('0');
    waiting = await shownId();
  });

  it('shows the newest verdict read-only with its sides; verdict keys do nothing and say so; older, newer and back', async () => {
    await page().keyboard.press('[');
    await page().getByTestId('review').waitFor({ timeout: 20_000 });
    await expect.poll(() => text('review-banner'), { timeout: 20_000 }).toMatch(/^Reviewing your verdict of .+ — 1 of 3 · read-only · Esc or \] back to judging$/);
    expect(await text('review-left')).toBe(judged[2].left);
    expect(await text('review-choice')).toBe('Right better');
    await page().keyboard.press('1');
    expect(await text('review-notice')).toBe('Reviewing (read-only): verdict keys do nothing here. M changes this verdict; Esc or ] goes back to judging.');
    await page().keyboard.press('[');
    await expect.poll(() => text('review-banner')).toContain('— 2 of 3 ·');
    expect(await text('review-choice')).toBe('Tie');
    await page().keyboard.press(']');
    await expect.poll(() => text('review-banner')).toContain('— 1 of 3 ·');
    await page().keyboard.press(']');
    await expect.poll(() => page().getByTestId('review').count()).toBe(0);
    expect(await shownId()).toBe(waiting);
    await page().keyboard.press('[');
    await page().getByTestId('review').waitFor();
    await page().keyboard.press('Escape');
    await expect.poll(() => page().getByTestId('review').count()).toBe(0);
    const db = new Database(session.dbPath, { readonly: true, fileMustExist: true });
    expect(db.prepare(`SELECT count(*) FROM judgments WHERE retracted_at IS NULL`).pluck().get()).toBe(3);
    db.close();
  });

  it('changes the oldest verdict: retracted and audited, back with its rationale; then judging goes on where it was', async () => {
    await page().keyboard.press('[');
    await page().keyboard.press('[');
    await page().keyboard.press('[');
    await expect.poll(() => text('review-banner'), { timeout: 20_000 }).toContain('— 3 of 3 ·');
    expect(await text('review-left')).toBe(judged[0].left);
    expect(await text('review-choice')).toBe('Left clearly better');
    expect(await text('review-rationale')).toBe('Left names the units.');
    await page().screenshot({ path: join(artifacts, 'compare-review.png') });
    await page().keyboard.press('m');
    await expect.poll(() => page().getByTestId('review').count(), { timeout: 20_000 }).toBe(0);
    expect(await shownId()).toBe(judged[0].comparisonId);
    expect(await compare().getAttribute('data-left-side')).toBe(judged[0].leftSide);
    expect(await compare().getAttribute('data-kind')).toBe('returned');
    expect(await text('compare-rationale-saved')).toBe('Rationale: Left names the units.');
    await page().keyboard.press('3');
    await expect.poll(shownId, { timeout: 20_000 }).toBe(waiting);
    await expect.poll(() => compare().getAttribute('data-saving'), { timeout: 20_000 }).toBe('0');

    const db = new Database(session.dbPath, { readonly: true, fileMustExist: true });
    const rows = db
      .prepare(`SELECT id, choice, rationale, retracted_at IS NOT NULL AS retracted FROM judgments WHERE comparison_id = ? ORDER BY rowid`)
      .all(judged[0].comparisonId) as { id: string; choice: string; rationale: string | null; retracted: number }[];
    const audit = db.prepare(`SELECT details FROM audit_log WHERE entity = 'judgment' AND entity_id = ? AND action = 'retract'`).pluck().all(rows[0].id) as string[];
    db.close();
    expect(rows.map((r) => [r.choice, r.rationale, r.retracted])).toEqual([
      [judged[0].leftSide, 'Left names the units.', 1],
      ['tie', 'Left names the units.', 0],
    ]);
    expect(audit.map((d) => JSON.parse(d).reason)).toEqual(['change']);
  });

  it('made no request outside the server it was opened from', () => {
    expect(session.outsideRequests()).toEqual([]);
  });
});
