// End to end in browser mode: RM0 trained from the Ladder page assists layer 1 on Compare (numbers, weakest segments, sub-judgments
// by key and click, collapse), the judgment stores exactly what was shown; a control trial (share set in the Ladder page's Study
// design) shows and stores none.
import { mkdirSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { DEMO_RUN_NAME } from '../../electron/api/names';
import { gateBrowserTests } from '../helpers/browser';
import { browserSession } from '../helpers/session';
import { nextComparisonId } from '../helpers/compare-page';

const gate = gateBrowserTests('assisted compare');
const artifacts = join(__dirname, 'artifacts');
mkdirSync(artifacts, { recursive: true });

describe.runIf(gate.run)('assisted evaluation on the Compare page (browser mode)', () => {
  let runId: string;
  const session = browserSession('assist', {
    async beforeBrowser() {
      await api('loadDemo');
      runId = (await api('createDemoRun')).id;
      // Known sequences: no position checks; no control trials until the test turns them on.
      await api('updateSettings', { positionCheckShare: 0, controlShare: 0 });
      const annotator = await api('createEvaluator', { name: 'Layer-0 annotator' });
      const layer0 = readDb<{ id: string; truth: 'A' | 'B' | 'tie' }>('SELECT id, ground_truth AS truth FROM comparisons WHERE layer = 0 ORDER BY rowid');
      expect(layer0.length).toBeGreaterThan(50);
      for (const c of layer0) await api('submitJudgment', { comparisonId: c.id, evaluatorId: annotator.id, choice: c.truth, leftSide: 'A' });
    },
  });

  const api = (method: string, params: unknown = {}) => session.server.value(method, params);
  const readDb = <T,>(sql: string, ...args: unknown[]): T[] => session.readDb<T>(sql, ...args);

  const compare = () => session.browser.page.getByTestId('compare');
  const shownId = () => compare().getAttribute('data-comparison-id');

  it('trains RM0 of the demo ladder from the Ladder page', async () => {
    const { page } = session.browser;
    await page.goto(session.server.url);
    await page.getByTestId('nav-ladder').click();
    const row = page.locator(`[data-testid="run-card"][data-run-name="${DEMO_RUN_NAME}"] [data-testid="layer-row"][data-layer="0"]`);
    await row.waitFor({ timeout: 30_000 });
    await row.getByTestId('train-open').click();
    await row.getByTestId('train-device').selectOption('cpu');
    await row.getByTestId('train-start').click();
    const job = row.getByTestId('train-job');
    await job.waitFor({ timeout: 30_000 });
    await expect.poll(() => job.getAttribute('data-status'), { timeout: 180_000, interval: 250 }).toBe('done');
    await expect.poll(() => row.getByTestId('model-row').count(), { timeout: 30_000 }).toBe(1);
    expect(await row.getByTestId('model-row').first().getAttribute('data-active')).toBe('true');
  });

  let evaluatorId: string;

  it("shows RM0's assistance at layer 1; marks segments by key and click; stores exactly what was shown", async () => {
    const { page } = session.browser;
    const [model] = (await api('listModels', { runId })) as { id: string; name: string }[];
    evaluatorId = (await api('createEvaluator', { name: 'Grace' })).id;
    await page.goto(`${session.server.url}#/compare`);
    await page.getByTestId('evaluator-picker').waitFor({ timeout: 30_000 });
    await page.getByTestId('evaluator-choice').filter({ hasText: 'Grace' }).click();
    await compare().waitFor({ timeout: 30_000 });
    expect(await page.getByTestId('compare-evaluator').textContent()).toBe('Grace');

    // Layer 0 of the run: no assistance.
    await page.getByTestId('compare-run').selectOption(runId);
    await page.getByTestId('compare-layer').selectOption('0');
    await expect.poll(shownId, { timeout: 30_000 }).not.toBe('');
    expect(await page.getByTestId('assist-panel').count()).toBe(0);
    expect(await page.getByTestId('assist-control').count()).toBe(0);

    await page.getByTestId('compare-layer').selectOption('1');
    await page.keyboard.press('Escape'); // hands the keys back from the filter to judging
    const panel = page.getByTestId('assist-panel');
    await panel.waitFor({ timeout: 30_000 });
    const comparisonId = (await shownId())!;
    const leftSide = (await compare().getAttribute('data-left-side')) as 'A' | 'B';
    const rightSide = leftSide === 'A' ? 'B' : 'A';
    // The item on screen, as the server serves it (not yet judged, so still first in the queue).
    const [served] = (await api('nextComparisons', { evaluatorId, runId, layer: 1, count: 1 })) as { comparison: { id: string }; assistance: any }[];
    expect(served.comparison.id).toBe(comparisonId);
    const shown = served.assistance;
    expect(shown).toMatchObject({ mode: 'assisted', modelId: model.id, modelName: model.name, layer: 1, modelLayer: 0, segmentSource: 'data' });

    // Rewards and P(left better) as the server computed them, seen from the left.
    const left = leftSide === 'A' ? shown.rewardA : shown.rewardB;
    const pLeft = leftSide === 'A' ? shown.pA : 1 - shown.pA;
    expect(await page.getByTestId('assist-p').textContent()).toContain(`${Math.round(pLeft * 100)}%`);
    expect(await page.getByTestId('assist-reward-left').textContent()).toContain(Math.abs(left.mean).toFixed(2));
    expect(await panel.textContent()).toContain('RM0');

    // Each pane shows its segments in order; the weakest are marked in place, only where the model clearly scores one
    // below the rest (else the bar says so); a one-line legend says what the numbers are.
    const leftSegments = page.getByTestId('compare-left').locator('[data-segment]');
    const rightSegments = page.getByTestId('compare-right').locator('[data-segment]');
    expect(await leftSegments.count()).toBe(shown.segments[leftSide].length);
    expect(await rightSegments.count()).toBe(shown.segments[rightSide].length);
    const weakLeft = shown.segments[leftSide].map((s: { weak: boolean }) => String(s.weak));
    expect(await leftSegments.evaluateAll((els) => els.map((e) => e.getAttribute('data-weak')))).toEqual(weakLeft);
    const weakCount = [...shown.segments.A, ...shown.segments.B].filter((s: { weak: boolean }) => s.weak).length;
    expect(await page.locator('[data-segment][data-weak="true"]').count()).toBe(weakCount);
    expect(await page.locator('[data-segment].is-weak .segment-weak-label').count()).toBe(weakCount);
    expect(await page.getByTestId('assist-segments-note').textContent()).toContain(weakCount > 0 ? 'weakest marked' : 'no clear weakest');
    expect(await page.getByTestId('assist-legend').textContent()).toContain('P(left better)');
    await page.screenshot({ path: join(artifacts, 'assisted-compare.png') });

    // By key: J selects the first segment (left pane), F marks it wrong; pressing F again clears, then U marks unsure.
    await page.keyboard.press('j');
    await expect.poll(() => page.getByTestId('segment-left-0').getAttribute('class')).toContain('is-focused');
    await page.keyboard.press('f');
    await expect.poll(() => page.getByTestId('segment-left-0').getAttribute('data-verdict')).toBe('wrong');
    await page.keyboard.press('f');
    await expect.poll(() => page.getByTestId('segment-left-0').getAttribute('data-verdict')).toBe('');
    await page.keyboard.press('u');
    await expect.poll(() => page.getByTestId('segment-left-0').getAttribute('data-verdict')).toBe('unsure');
    // By click: the right pane's last segment is correct.
    const lastRight = shown.segments[rightSide].length - 1;
    await page.getByTestId(`segment-right-${lastRight}-correct`).click();
    await expect.poll(() => page.getByTestId(`segment-right-${lastRight}`).getAttribute('data-verdict')).toBe('correct');
    await page.screenshot({ path: join(artifacts, 'assisted-compare-marked.png') });

    // H hides the model's assistance (numbers, scores, weakest marks, legend); the segments and the evaluator's own
    // marks stay. The verdict follows.
    await page.keyboard.press('h');
    await expect.poll(() => panel.getAttribute('data-collapsed')).toBe('true');
    expect(await page.locator('[data-segment]').count()).toBe(shown.segments.A.length + shown.segments.B.length);
    expect(await page.locator('[data-segment][data-weak="true"], .segment-weak-label').count()).toBe(0);
    expect(await page.getByTestId('assist-legend').count()).toBe(0);
    expect(await page.getByTestId('segment-left-0').getAttribute('data-verdict')).toBe('unsure');
    expect(await page.getByTestId(`segment-right-${lastRight}`).getAttribute('data-verdict')).toBe('correct');
    await page.screenshot({ path: join(artifacts, 'assisted-compare-hidden.png') });
    await page.keyboard.press('1');
    await nextComparisonId(compare(), comparisonId);
    await expect.poll(() => compare().getAttribute('data-saving'), { timeout: 20_000 }).toBe('0');

    const [row] = readDb<{ choice: string; assistance: string; sub_judgments: string }>(
      'SELECT choice, assistance, sub_judgments FROM judgments WHERE evaluator_id = ? AND comparison_id = ?',
      evaluatorId,
      comparisonId,
    );
    expect(row.choice).toBe(leftSide);
    expect(JSON.parse(row.assistance)).toEqual({ ...shown, collapsed: true });
    expect(JSON.parse(row.sub_judgments)).toEqual([
      { side: leftSide, segment: 0, verdict: 'unsure' },
      { side: rightSide, segment: lastRight, verdict: 'correct' },
    ]);
    // The panel stays collapsed for the next comparison until shown again.
    expect(await panel.getAttribute('data-collapsed')).toBe('true');
    await page.getByTestId('assist-toggle').click();
    await expect.poll(() => panel.getAttribute('data-collapsed')).toBe('false');
  });

  it("lists the new keys in the ? overlay; with the control share set in the Ladder page's Study design, a control trial shows no assistance", async () => {
    const { page } = session.browser;
    await compare().focus();
    await page.keyboard.press('?');
    const help = page.getByTestId('compare-help');
    await help.waitFor();
    for (const action of ['segmentNext', 'segmentPrev', 'segmentCorrect', 'segmentWrong', 'segmentUnsure', 'assistance']) {
      expect(await help.getByTestId(`key-row-${action}`).count()).toBe(1);
    }
    expect(await help.getByTestId('key-row-segmentWrong').textContent()).toContain('F');
    expect(await help.getByTestId('control-share').count()).toBe(0); // keys only
    await page.keyboard.press('Escape');
    await expect.poll(() => help.count()).toBe(0);

    await page.getByTestId('nav-ladder').click();
    const design = page.getByTestId('study-design');
    await expect.poll(() => design.getByTestId('control-share').inputValue(), { timeout: 30_000 }).toBe('0');
    await design.getByTestId('control-share').fill('100');
    await design.getByTestId('control-share-save').click();
    await expect.poll(() => design.getByTestId('control-share-note').textContent()).toBe('Saved.');
    expect((await api('getSettings')).controlShare).toBe(1);

    // Items already prefetched keep what they were served with; a fresh load of the page serves the queue afresh.
    await page.goto(`${session.server.url}#/compare`);
    await page.reload();
    await page.getByTestId('assist-control').waitFor({ timeout: 30_000 });
    expect(await page.getByTestId('assist-panel').count()).toBe(0);
    expect(await page.locator('[data-segment]').count()).toBe(0);
    const comparisonId = (await shownId())!;
    await page.keyboard.press('2');
    await nextComparisonId(compare(), comparisonId);
    await expect.poll(() => compare().getAttribute('data-saving'), { timeout: 20_000 }).toBe('0');
    const [model] = (await api('listModels', { runId })) as { id: string }[];
    const [row] = readDb<{ assistance: string; sub_judgments: string | null }>(
      'SELECT assistance, sub_judgments FROM judgments WHERE evaluator_id = ? AND comparison_id = ?',
      evaluatorId,
      comparisonId,
    );
    expect(JSON.parse(row.assistance)).toEqual({ version: 1, mode: 'control', runId, layer: 1, modelId: model.id });
    expect(row.sub_judgments).toBeNull();
    await page.screenshot({ path: join(artifacts, 'assisted-compare-control.png') });
  });

  it('made no request outside the server it was opened from', () => {
    const outside = session.outsideRequests();
    expect(outside).toEqual([]);
  });
});
