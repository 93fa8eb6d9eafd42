// The "done means", in browser mode: a new user on an empty database opens Compare, creates a profile,
// loads the built-in demo, judges twenty comparisons without the mouse, undoes one, restarts Rung (a new server
// process, so a new port and origin: nothing remembered in the browser) and, with one Enter on their profile
// (listed first, as the last to judge), is back at exactly that comparison with the same sides.
import Database from 'better-sqlite3';
import { mkdirSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { gateBrowserTests } from '../helpers/browser';
import { startServer } from '../helpers/serve';
import { browserSession } from '../helpers/session';
import { nextComparisonId } from '../helpers/compare-page';

const gate = gateBrowserTests('compare demo');
const artifacts = join(__dirname, 'artifacts');
mkdirSync(artifacts, { recursive: true });

describe.runIf(gate.run)('compare: demo, twenty verdicts, undo, restart', () => {
  const session = browserSession('demo');

  const attr = (name: string) => session.browser.page.getByTestId('compare').getAttribute(name);

  it('works end to end with the keyboard alone', async () => {
    const { page } = session.browser;
    await page.goto(`${session.server.url}#/compare`);
    await page.getByTestId('evaluator-picker').waitFor({ timeout: 30_000 });
    await page.keyboard.type('Ada');
    await page.keyboard.press('Enter');
    await page.getByTestId('compare-empty').waitFor({ timeout: 30_000 });
    expect(await page.getByTestId('compare-empty').textContent()).toContain('Nothing to judge yet');
    await page.keyboard.press('Enter'); // "Load the demo dataset" has focus
    await expect.poll(() => attr('data-comparison-id'), { timeout: 30_000 }).not.toBe('');
    await page.screenshot({ path: join(artifacts, 'compare-demo.png') });

    const keys = ['1', '2', '3', 'ArrowLeft', 'ArrowRight', 'ArrowDown', 's', 'w', 'e', 'q'];
    let last = { id: '', side: '' };
    for (let i = 0; i < 20; i++) {
      const id = (await attr('data-comparison-id'))!;
      last = { id, side: (await attr('data-left-side'))! };
      let key = keys[i % keys.length];
      if (['w', 'e', 'q'].includes(key)) {
        await page.keyboard.press(key); // a strength, then the verdict
        key = '1';
      }
      await page.keyboard.press(key);
      await nextComparisonId(session.browser.page.getByTestId('compare'), id);
    }
    await page.keyboard.press('z');
    await expect.poll(() => attr('data-comparison-id'), { timeout: 20_000 }).toBe(last.id);
    await expect.poll(() => attr('data-saving'), { timeout: 20_000 }).toBe('0');

    // Restart: a new server process on the same database (a new port, so the browser remembers nothing).
    await session.server.stop();
    session.server = await startServer({ dbPath: session.dbPath });
    await page.goto(`${session.server.url}#/compare`);
    await page.getByTestId('evaluator-picker').waitFor({ timeout: 30_000 });
    expect(await page.getByTestId('evaluator-choice').first().textContent()).toContain('Ada');
    await page.keyboard.press('Enter');
    await expect.poll(() => attr('data-comparison-id'), { timeout: 30_000 }).toBe(last.id);
    expect(await attr('data-left-side')).toBe(last.side);

    const db = new Database(session.dbPath, { readonly: true, fileMustExist: true });
    const rows = db.prepare(`SELECT j.comparison_id AS c, j.retracted_at AS r FROM judgments j JOIN evaluators e ON e.id = j.evaluator_id WHERE e.name = 'Ada' ORDER BY j.rowid`).all() as { c: string; r: string | null }[];
    db.close();
    expect(rows).toHaveLength(20);
    expect(rows.filter((r) => r.r !== null)).toEqual([{ c: last.id, r: expect.any(String) }]);
  });

  it("judges one rung of a run: the run and layer filters pick the run's comparisons", async () => {
    const { page } = session.browser;
    const created = await session.server.call<{ id: string }>('createDemoRun');
    if (!created.ok) throw new Error(created.error?.message);
    const run = created.value!;
    await page.reload();
    await page.getByTestId('compare-run').waitFor({ timeout: 30_000 });
    await page.getByTestId('compare-run').selectOption(run.id);
    await page.getByTestId('compare-layer').selectOption('2');
    const layerOf = (id: string) => {
      const db = new Database(session.dbPath, { readonly: true, fileMustExist: true });
      const row = db.prepare('SELECT layer FROM comparisons WHERE id = ?').get(id) as { layer: number };
      db.close();
      return row.layer;
    };
    for (let i = 0; i < 3; i++) {
      await expect.poll(async () => { const id = await attr('data-comparison-id'); return id ? layerOf(id) : null; }, { timeout: 30_000 }).toBe(2);
      const id = (await attr('data-comparison-id'))!;
      await page.keyboard.press('1');
      await nextComparisonId(session.browser.page.getByTestId('compare'), id);
    }
    expect(await page.getByTestId('compare-layer').textContent()).toContain('8+ step problems');
  });

  it('says so in plain words when the database becomes unreachable, and keeps the comparison', async () => {
    const { page } = session.browser;
    const id = await attr('data-comparison-id');
    await session.server.stop();
    await page.keyboard.press('1');
    const alert = page.getByTestId('compare-error');
    await expect.poll(() => alert.textContent(), { timeout: 20_000 }).toMatch(/NOT saved.*unreachable/s);
    await expect.poll(() => attr('data-comparison-id')).toBe(id);
    await page.screenshot({ path: join(artifacts, 'compare-unreachable.png') });
  });
});
