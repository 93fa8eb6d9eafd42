// End to end in browser mode: a new evaluator judges 10 comparisons with the keyboard only (left, right, tie,
// skip, strengths, a rationale), undoes one, reloads, and the database holds exactly the expected judgments
// with their sides and timings; Markdown, math, code and the word diff render (screenshots kept in
// tests/e2e/artifacts/, light, dark, diff, help, 4K); raw HTML in data never runs; a failed save keeps the
// comparison on screen and says so; the page asks for nothing outside its own server.
import Database from 'better-sqlite3';
import { mkdirSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { gateBrowserTests } from '../helpers/browser';
import { rung } from '../helpers/cli';
import { compareRecords } from './compare-fixture';
import { browserSession } from '../helpers/session';
import { nextComparisonId } from '../helpers/compare-page';

const gate = gateBrowserTests('compare page');
const artifacts = join(__dirname, 'artifacts');
mkdirSync(artifacts, { recursive: true });

interface Shown {
  comparisonId: string;
  leftSide: 'A' | 'B';
  kind: string;
}

describe.runIf(gate.run)('compare page (browser mode)', () => {
  const session = browserSession('compare', {
    beforeServer({ tmp, dbPath }) {
      const file = join(tmp, 'compare.jsonl');
      writeFileSync(file, compareRecords(14).map((r) => JSON.stringify(r)).join('\n') + '\n');
      const imported = rung(['import', file, '--format', 'rung', '--db', dbPath]);
      expect(imported.code, imported.stderr).toBe(0);
    },
    async beforeBrowser({ server }) {
      // Position checks off here, so the sequence of comparisons is known (they have their own unit tests).
      expect(await server.call('updateSettings', { positionCheckShare: 0 })).toMatchObject({ ok: true });
    },
  });

  const compare = () => session.browser.page.getByTestId('compare');
  async function shown(): Promise<Shown> {
    const root = compare();
    return {
      comparisonId: (await root.getAttribute('data-comparison-id'))!,
      leftSide: (await root.getAttribute('data-left-side')) as 'A' | 'B',
      kind: (await root.getAttribute('data-kind'))!,
    };
  }
  /** Waits until the comparison shown is no longer `previous`: the next one, or the empty queue after the last. */
  async function waitForOtherOrEmpty(previous: string): Promise<void> {
    await expect.poll(async () => (await shown()).comparisonId, { timeout: 20_000 }).not.toBe(previous);
  }
  const waitSaved = () => expect.poll(() => compare().getAttribute('data-saving'), { timeout: 20_000 }).toBe('0');

  const judged: (Shown & { pick: 'left' | 'right' | 'tie' | 'skip'; strength: number | null; rationale: string | null })[] = [];

  it('asks who is judging, and creates the evaluator with the keyboard', async () => {
    const { page } = session.browser;
    await page.goto(`${session.server.url}#/compare`);
    await page.getByTestId('evaluator-picker').waitFor({ timeout: 30_000 });
    expect(await page.getByTestId('evaluator-picker').textContent()).toContain('No evaluator is chosen yet');
    await page.screenshot({ path: join(artifacts, 'compare-picker.png') });
    // The name field has focus: type, Tab to domains, type, Enter submits.
    await page.keyboard.type('Grace');
    await page.keyboard.press('Tab');
    await page.keyboard.type('math, code');
    await page.keyboard.press('Enter');
    await compare().waitFor({ timeout: 30_000 });
    expect(await page.getByTestId('compare-evaluator').textContent()).toBe('Grace');
    await expect.poll(async () => (await shown()).comparisonId).not.toBe('');
  });

  it('renders Markdown, KaTeX math and highlighted code; raw HTML stays text; the diff toggle marks words', async () => {
    const { page } = session.browser;
    const panes = page.locator('[data-testid=compare-left], [data-testid=compare-right]');
    await expect.poll(() => panes.locator('.katex').count()).toBeGreaterThan(2);
    expect(await panes.locator('.math-block .katex-display').count()).toBe(1);
    expect(await panes.locator('pre.code .hljs-keyword').count()).toBeGreaterThan(0);
    expect(await panes.locator('table td').count()).toBe(4);
    expect(await panes.locator('h2').count()).toBe(2);
    expect(await panes.locator('script, img').count()).toBe(0);
    expect(await panes.allTextContents()).toEqual(expect.arrayContaining([expect.stringContaining('<script>window.__pwned = true</script>')]));
    expect(await page.evaluate(() => (window as unknown as { __pwned?: boolean }).__pwned)).toBeUndefined();
    // KaTeX fonts come from the app's own bundle.
    await page.evaluate(() => document.fonts.ready);
    expect(await page.evaluate(() => [...document.fonts].some((f) => f.family.includes('KaTeX') && f.status === 'loaded'))).toBe(true);
    await page.screenshot({ path: join(artifacts, 'compare-light.png') });

    await page.keyboard.press('d');
    await expect.poll(() => page.locator('.diff-only').count()).toBeGreaterThan(0);
    // Both sides' own words in the same neutral mark, no strikethrough; the text diffed is the rendered one, not Markdown.
    expect(await page.locator('[data-testid=compare-left] .diff-only').count()).toBeGreaterThan(0);
    expect(await page.locator('[data-testid=compare-right] .diff-only').count()).toBeGreaterThan(0);
    expect(await page.locator('.diff-only').first().evaluate((e) => getComputedStyle(e).textDecorationLine)).toBe('none');
    const diffTexts = await page.locator('.diff-text').allTextContents();
    for (const text of diffTexts) {
      expect(text).not.toContain('$'); // the math as typeset, e.g. "A=πr2", not its TeX
      expect(text).not.toContain('\\pi');
      expect(text).toMatch(/^Area of a circle\nThe area is A=/); // the heading without its ##
    }
    await page.screenshot({ path: join(artifacts, 'compare-diff.png') });
    await page.keyboard.press('d');
    await expect.poll(() => page.locator('.diff-only').count()).toBe(0);

    await page.keyboard.press('?');
    await page.getByTestId('compare-help').waitFor();
    expect(await page.getByTestId('key-row-left').textContent()).toContain('←');
    await page.screenshot({ path: join(artifacts, 'compare-help.png') });
    await page.keyboard.press('Escape');
    await expect.poll(() => page.getByTestId('compare-help').count()).toBe(0);
  });

  it('judges 10 comparisons with the keyboard only: verdicts, skip, strengths, a rationale', async () => {
    const { page } = session.browser;
    const steps: { keys: string[]; pick: 'left' | 'right' | 'tie' | 'skip'; strength: number | null; rationale?: string }[] = [
      { keys: ['1'], pick: 'left', strength: null },
      { keys: ['ArrowRight'], pick: 'right', strength: null },
      { keys: ['3'], pick: 'tie', strength: null },
      { keys: ['s'], pick: 'skip', strength: null },
      { keys: ['e', '1'], pick: 'left', strength: 3 },
      { keys: ['q', 'ArrowRight'], pick: 'right', strength: 1 },
      { keys: ['w', '2'], pick: 'right', strength: 2 },
      { keys: ['r'], pick: 'left', strength: null, rationale: 'Shows every step and the result is right.' },
      { keys: ['ArrowDown'], pick: 'tie', strength: null },
      { keys: ['2'], pick: 'right', strength: null },
    ];
    const boxes = new Set<string>();
    for (const step of steps) {
      const before = await shown();
      expect(before.kind).toBe('new');
      // No layout jump: the panes keep their place and size from one comparison to the next.
      for (const id of ['compare-prompt', 'compare-left', 'compare-right']) boxes.add(`${id}:${JSON.stringify(await page.getByTestId(id).boundingBox())}`);
      await page.waitForTimeout(250); // time spent on the comparison
      for (const key of step.keys) await page.keyboard.press(key);
      if (step.rationale) {
        await page.getByTestId('compare-rationale').waitFor();
        await page.keyboard.type(step.rationale);
        await page.keyboard.press('Enter');
        await page.getByTestId('compare-rationale-saved').waitFor();
        await page.screenshot({ path: join(artifacts, 'compare-rationale.png') });
        await page.keyboard.press('ArrowLeft');
      }
      await nextComparisonId(compare(), before.comparisonId);
      judged.push({ ...before, pick: step.pick, strength: step.strength, rationale: step.rationale ?? null });
    }
    expect(new Set(judged.map((j) => j.comparisonId)).size).toBe(10);
    expect(boxes.size).toBe(3);
    await waitSaved();
    await expect.poll(() => page.getByTestId('progress-done').textContent(), { timeout: 20_000 }).toBe('9'); // 10 minus the skip
    expect(await page.getByTestId('progress-remaining').textContent()).toBe('4');
    expect(await page.getByTestId('progress-median').textContent()).toMatch(/^\d+\.\d s$/);
  });

  it('undo brings the last comparison back with the same sides; a reload resumes exactly there', async () => {
    const { page } = session.browser;
    const last = judged[judged.length - 1];
    await page.keyboard.press('z');
    await expect.poll(async () => (await shown()).comparisonId, { timeout: 20_000 }).toBe(last.comparisonId);
    expect(await shown()).toEqual({ comparisonId: last.comparisonId, leftSide: last.leftSide, kind: 'returned' });
    await expect.poll(() => page.getByTestId('progress-done').textContent(), { timeout: 20_000 }).toBe('8');

    await page.reload();
    await compare().waitFor({ timeout: 30_000 });
    expect(await page.getByTestId('compare-evaluator').textContent()).toBe('Grace');
    await expect.poll(async () => (await shown()).comparisonId, { timeout: 20_000 }).toBe(last.comparisonId);
    expect((await shown()).leftSide).toBe(last.leftSide);
  });

  it('the database holds exactly the expected judgments, with sides and timings; the undone one is kept, retracted', () => {
    const db = new Database(session.dbPath, { readonly: true, fileMustExist: true });
    const rows = db
      .prepare(
        `SELECT j.comparison_id AS comparisonId, j.choice, j.strength, j.rationale, j.duration_ms AS durationMs, j.left_side AS leftSide,
                j.retracted_at AS retractedAt, j.origin, j.request_id AS requestId
         FROM judgments j JOIN evaluators e ON e.id = j.evaluator_id WHERE e.name = 'Grace' ORDER BY j.created_at, j.rowid`,
      )
      .all() as Record<string, any>[];
    db.close();
    expect(rows).toHaveLength(10);
    rows.forEach((row, i) => {
      const j = judged[i];
      const right = j.leftSide === 'A' ? 'B' : 'A';
      const choice = j.pick === 'left' ? j.leftSide : j.pick === 'right' ? right : j.pick;
      expect(row).toMatchObject({ comparisonId: j.comparisonId, choice, strength: j.strength, rationale: j.rationale, leftSide: j.leftSide, origin: 'ui' });
      expect(row.durationMs).toBeGreaterThanOrEqual(200);
      expect(row.durationMs).toBeLessThan(30_000);
      expect(row.requestId).toMatch(/^[0-9a-f-]{36}$/);
      expect(row.retractedAt === null).toBe(i < 9);
    });
    // Both sides were shown on the left at some point (the side is random per comparison).
    expect(new Set(rows.map((r) => r.leftSide)).size).toBe(2);
  });

  it('a failed save says so and keeps the comparison; the retry stores it once', async () => {
    const { page } = session.browser;
    const before = await shown();
    await page.route('**/api/submitJudgment', (route) => route.abort());
    await page.keyboard.press('2');
    await page.getByTestId('compare-error').waitFor({ timeout: 20_000 });
    expect(await page.getByTestId('compare-error').textContent()).toContain('NOT saved');
    await expect.poll(async () => (await shown()).comparisonId).toBe(before.comparisonId);
    await page.unroute('**/api/submitJudgment');
    await page.keyboard.press('2');
    await nextComparisonId(compare(), before.comparisonId);
    await waitSaved();
    await expect.poll(() => page.getByTestId('compare-error').count()).toBe(0);
    const db = new Database(session.dbPath, { readonly: true, fileMustExist: true });
    const live = db.prepare(`SELECT choice, left_side AS leftSide FROM judgments WHERE comparison_id = ? AND retracted_at IS NULL AND origin = 'ui'`).all(before.comparisonId);
    db.close();
    expect(live).toEqual([{ choice: before.leftSide === 'A' ? 'B' : 'A', leftSide: before.leftSide }]);
  });

  it('says plainly when the queue is empty', async () => {
    const { page } = session.browser;
    for (let i = 0; i < 4; i++) {
      const before = await shown();
      await page.keyboard.press('3');
      await waitForOtherOrEmpty(before.comparisonId);
    }
    await page.getByTestId('compare-empty').waitFor({ timeout: 20_000 });
    expect(await page.getByTestId('compare-empty').textContent()).toContain('Queue empty');
    await waitSaved();
    await expect.poll(() => page.getByTestId('progress-remaining').textContent(), { timeout: 20_000 }).toBe('0');
    await page.screenshot({ path: join(artifacts, 'compare-empty.png') });
    // Undo brings the last one back, so there is something to show in the next screenshots.
    await page.keyboard.press('z');
    await expect.poll(async () => (await shown()).comparisonId, { timeout: 20_000 }).not.toBe('');
  });

  it('looks right in dark theme and on a 4K screen', async () => {
    const { page } = session.browser;
    await page.evaluate(() => localStorage.setItem('rung.theme', 'dark'));
    await page.reload();
    await compare().waitFor({ timeout: 30_000 });
    await expect.poll(async () => (await shown()).comparisonId).not.toBe('');
    await page.screenshot({ path: join(artifacts, 'compare-dark.png') });
    await page.setViewportSize({ width: 3840, height: 2160 });
    await page.screenshot({ path: join(artifacts, 'compare-4k.png') });
    const box = await page.getByTestId('compare-left').boundingBox();
    expect(box!.width).toBeGreaterThan(1200);
    await page.setViewportSize({ width: 1280, height: 720 });
    await page.evaluate(() => localStorage.removeItem('rung.theme'));
  });

  it('remaps a key in the ? overlay, and the map is kept for this evaluator across reloads', async () => {
    const { page } = session.browser;
    await page.keyboard.press('?');
    await page.getByTestId('compare-help').waitFor();
    await page.getByTestId('key-change-skip').focus();
    await page.keyboard.press('Enter');
    await page.keyboard.press('x');
    expect(await page.getByTestId('key-row-skip').textContent()).toContain('X');
    await page.keyboard.press('Escape');
    await expect.poll(() => page.getByTestId('compare-help').count()).toBe(0);
    expect(await page.getByTestId('verdict-skip').textContent()).toContain('X');
    await page.reload();
    await compare().waitFor({ timeout: 30_000 });
    await expect.poll(async () => (await shown()).comparisonId).not.toBe('');
    expect(await page.getByTestId('verdict-skip').textContent()).toContain('X');
    const before = await shown();
    await page.keyboard.press('s'); // no longer bound
    await page.keyboard.press('x');
    await waitForOtherOrEmpty(before.comparisonId);
    await waitSaved();
    const db = new Database(session.dbPath, { readonly: true, fileMustExist: true });
    const row = db.prepare(`SELECT choice FROM judgments WHERE comparison_id = ? AND retracted_at IS NULL`).get(before.comparisonId);
    db.close();
    expect(row).toEqual({ choice: 'skip' });
  });

  it('made no request outside the server it was opened from', () => {
    const outside = session.outsideRequests();
    expect(outside).toEqual([]);
  });
});
