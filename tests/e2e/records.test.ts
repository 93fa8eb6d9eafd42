// End to end in browser mode (#18): the Data page's record browser over a served store — the list of comparisons,
// a text search narrowed by evaluator and verdict, ↓/Enter opening a comparison with its judgments (an undone one
// marked), its flag and "no model", and the empty state of a search that matches nothing.
import { mkdirSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { gateBrowserTests } from '../helpers/browser';
import { browserSession } from '../helpers/session';

const gate = gateBrowserTests('records');
const artifacts = join(__dirname, 'artifacts');
mkdirSync(artifacts, { recursive: true });

/** 30 comparisons; ann prefers A, bob prefers B on every third (a disagreement flag each); "needle" in every tenth. */
const rows = Array.from({ length: 30 }, (_, i) => ({
  id: `e2e-${i}`,
  prompt: `E2E question ${i}`,
  response_a: i % 10 === 0 ? `A answer ${i} with the Needle` : `A answer ${i}`,
  response_b: `B answer ${i}`,
  layer: i % 2,
  judgments: [{ evaluator: 'ann', choice: 'A' }, ...(i % 3 === 0 ? [{ evaluator: 'bob', choice: 'B' }] : [])],
}));

describe.runIf(gate.run)('record browser (browser mode)', () => {
  const api = (method: string, params: unknown = {}) => session.server.value(method, params);
  const session = browserSession('records', {
    async beforeBrowser() {
      await api('importDataset', { source: await session.server.uploadRows('records.jsonl', rows) });
      // An undone verdict by Rae on question 0.
      const rae = await api('createEvaluator', { name: 'Rae' });
      const [first] = (await api('listComparisons', { text: 'E2E question 0' })).rows; // not 10 or 20: "question 0" is in no other prompt
      await api('submitJudgment', { comparisonId: first.id, evaluatorId: rae.id, choice: 'B', leftSide: 'A' });
      await api('undoLastJudgment', { evaluatorId: rae.id });
    },
  });

  it('lists the comparisons, searches by text, evaluator and verdict, and opens one with ↓ and Enter', async () => {
    const { page } = session.browser;
    await page.goto(session.server.url);
    await page.getByTestId('nav-data').click();
    const recordRows = page.getByTestId('record-row');
    await recordRows.first().waitFor({ timeout: 30_000 });
    expect(await page.getByTestId('records-footer').textContent()).toContain('30 matching');

    await page.getByTestId('records-text').fill('needle');
    await page.getByTestId('records-evaluator').selectOption({ label: 'bob' });
    await page.getByTestId('records-verdict').selectOption('B');
    await page.getByTestId('records-search').click();
    await expect.poll(() => recordRows.count(), { timeout: 30_000 }).toBe(1); // 0 (needle, judged by bob); 10 and 20 are not bob's
    expect(await recordRows.first().textContent()).toContain('E2E question 0');

    await page.getByTestId('records-grid').focus();
    await page.keyboard.press('ArrowDown');
    await page.keyboard.press('Enter');
    const detail = page.getByTestId('record-detail');
    await detail.getByTestId('record-prompt').waitFor({ timeout: 30_000 });
    expect(await detail.getByTestId('record-prompt').textContent()).toBe('E2E question 0');
    expect(await detail.locator('[data-testid="record-judgment"][data-retracted="true"]').count()).toBe(1);
    expect(await detail.locator('[data-testid="record-judgment"][data-retracted="false"]').count()).toBe(2);
    expect(await detail.getByTestId('record-flags').textContent()).toContain('Evaluators disagree');
    expect(await detail.getByTestId('record-no-model').textContent()).toMatch(/^no active reward model/);
    await page.screenshot({ path: join(artifacts, 'records-detail.png'), fullPage: true });
  });

  it('says so when nothing matches', async () => {
    const { page } = session.browser;
    await page.getByTestId('record-close').click();
    await page.getByTestId('records-text').fill('no such words anywhere');
    await page.getByTestId('records-search').click();
    await page.getByTestId('records-empty').waitFor({ timeout: 30_000 });
    expect(await page.getByTestId('records-empty').textContent()).toBe('No comparison matches these filters.');
  });
});
