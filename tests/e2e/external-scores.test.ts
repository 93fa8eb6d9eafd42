// End to end in browser mode (#15): a lab's scores file for the demo's comparisons, uploaded in the Data page's
// External models section as RM0 of the demo run, is listed with its file, scores and place; a file with a bad line is
// refused beside the form naming the uploaded file's line and field, and nothing is added; on Compare, layer 1 of the
// run is assisted by the external model, named as such.
import Database from 'better-sqlite3';
import { mkdirSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { DEMO_RUN_NAME } from '../../electron/api/names';
import { gateBrowserTests } from '../helpers/browser';
import { browserSession } from '../helpers/session';

const gate = gateBrowserTests('external scores');
const artifacts = join(__dirname, 'artifacts');
mkdirSync(artifacts, { recursive: true });

describe.runIf(gate.run)('external models on the Data page (browser mode)', () => {
  let runId: string;
  let comparisons: { id: string; truth: 'A' | 'B' | 'tie' }[];
  const session = browserSession('external-scores', {
    async beforeBrowser({ dbPath }) {
      await api('loadDemo');
      runId = (await api('createDemoRun')).id;
      // Known sequences: no position checks, no control trials, so the first item of layer 1 shows its assistance.
      await api('updateSettings', { positionCheckShare: 0, controlShare: 0 });
      await api('createEvaluator', { name: 'Grace' });
      const db = new Database(dbPath, { readonly: true, fileMustExist: true });
      try {
        comparisons = db.prepare('SELECT id, ground_truth AS truth FROM comparisons ORDER BY rowid').all() as typeof comparisons;
      } finally {
        db.close();
      }
    },
  });
  const api = (method: string, params: unknown = {}) => session.server.value(method, params);
  const row = () => session.browser.page.getByTestId('external-model-row');

  /** The lab's model: +1 for the response the demo's ground truth prefers, −1 for the other (0 and 0 for a tie). */
  function scoresFile(name: string, lines: string[]): string {
    const path = join(session.tmp, name);
    writeFileSync(path, lines.join('\n') + '\n');
    return path;
  }
  const reward = (c: { truth: string }, side: 'A' | 'B') => (c.truth === 'tie' ? 0 : c.truth === side ? 1 : -1);

  it('imports a scores file for the demo comparisons as RM0 of the demo run and lists it', async () => {
    const { page } = session.browser;
    expect(comparisons.length).toBeGreaterThan(50);
    const good = scoresFile(
      'lab-rm-v3.jsonl',
      comparisons.map((c) => JSON.stringify({ comparison_id: c.id, reward_a: reward(c, 'A'), reward_b: reward(c, 'B'), std_a: 0.1, std_b: 0.1 })),
    );
    await page.goto(session.server.url);
    await page.getByTestId('nav-data').click();
    const panel = page.getByTestId('external-models-panel');
    await panel.getByTestId('external-models-empty').waitFor({ timeout: 30_000 });
    await page.getByTestId('scores-file').setInputFiles(good);
    await expect.poll(() => page.getByTestId('scores-name').inputValue()).toBe('lab-rm-v3'); // the file's name, by default
    await page.getByTestId('scores-run').selectOption(runId);
    await page.getByTestId('scores-layer').selectOption('0');
    await page.getByTestId('scores-submit').click();
    const imported = page.getByTestId('scores-imported');
    await imported.waitFor({ timeout: 60_000 });
    expect(await imported.textContent()).toBe(`Imported “lab-rm-v3”: ${comparisons.length} comparisons scored; now the active model of layer 0 of run ${DEMO_RUN_NAME}.`);
    await row().first().waitFor({ timeout: 30_000 });
    expect(await row().count()).toBe(1);
    expect(await row().getByTestId('external-model-name').textContent()).toBe('lab-rm-v3');
    expect(await row().getByTestId('external-model-file').textContent()).toBe('lab-rm-v3.jsonl');
    expect(await row().getByTestId('external-model-scores').textContent()).toBe(String(comparisons.length));
    expect(await row().getByTestId('external-model-place').textContent()).toBe(`${DEMO_RUN_NAME}, layer 0 (active)`);
    await panel.scrollIntoViewIfNeeded();
    await page.screenshot({ path: join(artifacts, 'data-external-models.png') });
    const [model] = (await api('listModels', { runId })) as { name: string; kind: string; layer: number; active: boolean }[];
    expect(model).toMatchObject({ name: 'lab-rm-v3', kind: 'external', layer: 0, active: true });
  });

  it("refuses a file with a bad line beside the form, naming the uploaded file's line and field; nothing is added", async () => {
    const { page } = session.browser;
    const [first, second] = comparisons;
    const bad = scoresFile('lab-bad.jsonl', [
      JSON.stringify({ comparison_id: first.id, reward_a: 1, reward_b: 0 }),
      JSON.stringify({ comparison_id: second.id, reward_a: 1, reward_b: 'high' }),
    ]);
    await page.getByTestId('scores-file').setInputFiles(bad);
    await expect.poll(() => page.getByTestId('scores-name').inputValue()).toBe('lab-bad'); // the file's name, by default
    await page.getByTestId('scores-submit').click();
    const error = page.getByTestId('scores-error');
    await error.waitFor({ timeout: 30_000 });
    expect(await error.locator('.alert-message').textContent()).toBe('lab-bad.jsonl:2: reward_b: must be a number, got string');
    expect(await page.getByTestId('scores-imported').count()).toBe(0);
    expect(await row().count()).toBe(1);
    expect(((await api('listModels', {})) as unknown[]).length).toBe(1);
  });

  it('assists layer 1 on Compare with the external model, named as such', async () => {
    const { page } = session.browser;
    await page.goto(`${session.server.url}#/compare`);
    await page.getByTestId('evaluator-picker').waitFor({ timeout: 30_000 });
    await page.getByTestId('evaluator-choice').filter({ hasText: 'Grace' }).click();
    const compare = page.getByTestId('compare');
    await compare.waitFor({ timeout: 30_000 });
    await page.getByTestId('compare-run').selectOption(runId);
    await page.getByTestId('compare-layer').selectOption('1');
    await page.keyboard.press('Escape'); // hands the keys back from the filter to judging
    await page.getByTestId('assist-panel').waitFor({ timeout: 30_000 });
    expect(await page.getByTestId('assist-model').textContent()).toBe('RM0 · lab-rm-v3 (external)');
    await page.screenshot({ path: join(artifacts, 'compare-external-assistance.png') });
  });
});
