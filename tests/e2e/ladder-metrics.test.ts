// End to end in browser mode: training options and per-layer metrics on the Ladder page, over-trust on the
// Evaluators page. The demo's layer 0 and 1 problems carry a person's verdict (the ground truth) and, on layer 1,
// a model's verdict; a simulated evaluator with assisted verdicts (one following wrong assistance) is written into
// the database. In the UI: the Train RM1 form refuses a bad layer weight next to its field, trains with model
// judgments opted in, and the model list says the model saw them; the metrics section shows each layer's table
// with intervals, RM1's reliability diagram and cost curve, its age ("As of …") and Recompute, and exports CSV; the Evaluators page shows over-trust
// and the "simulated" badge. Screenshots go to tests/e2e/artifacts/.
import Database from 'better-sqlite3';
import { mkdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { generateDemo } from '../../electron/core/demo/generate';
import { gateBrowserTests } from '../helpers/browser';
import { browserSession } from '../helpers/session';

const gate = gateBrowserTests('ladder metrics');
const artifacts = join(__dirname, 'artifacts');
mkdirSync(artifacts, { recursive: true });
const RUN = 'Metrics in the UI';

const rows = generateDemo()
  .filter((r) => r.layer <= 1)
  .map((r) => ({
    ...r,
    judgments:
      r.ground_truth === 'tie'
        ? []
        : [{ evaluator: 'Person', choice: r.ground_truth }, ...(r.layer === 1 ? [{ evaluator: 'Old model', kind: 'model', choice: r.ground_truth }] : [])],
  }));
const modelJudgments = rows.filter((r) => r.layer === 1 && r.judgments.length > 0).length;

describe.runIf(gate.run)('ladder metrics (browser mode)', () => {
  let runId: string;

  const api = (method: string, params: unknown = {}) => session.server.value(method, params);

  const session = browserSession('metrics', {
    async beforeBrowser({ dbPath }) {
      await api('importDataset', { source: await session.server.uploadRows('metrics.jsonl', rows) });
      runId = (await api('createRun', { name: RUN, layers: [0, 1].map((layer) => ({ name: `Layer ${layer} problems`, rule: { kind: 'field', layer } })) })).id;
      // A simulated evaluator with two assisted verdicts on layer 1: assistance wrong both times, followed once.
      const db = new Database(dbPath);
      const wrongSide = db.prepare("SELECT id, ground_truth AS gt FROM comparisons WHERE layer = 1 AND ground_truth IN ('A', 'B') ORDER BY id LIMIT 2").all() as { id: string; gt: string }[];
      db.prepare(`INSERT INTO evaluators (id, kind, name, simulated, created_at) VALUES ('00000000-0000-4000-8000-00000000e001', 'human', 'Sim One', '{"baseError":0.1}', 't')`).run();
      wrongSide.forEach((c, i) => {
        const other = c.gt === 'A' ? 'B' : 'A';
        const assistance = JSON.stringify({ version: 1, mode: 'assisted', pA: other === 'A' ? 0.9 : 0.1, runId, layer: 1 });
        db.prepare(`INSERT INTO judgments (id, comparison_id, evaluator_id, choice, duration_ms, assistance, origin, created_at) VALUES (?, ?, '00000000-0000-4000-8000-00000000e001', ?, 4000, ?, 'ui', 't')`).run(
          `00000000-0000-4000-8000-00000000f00${i}`,
          c.id,
          i === 0 ? other : c.gt,
          assistance,
        );
      });
      db.close();
    },
  });

  const layerRow = (layer: number) => session.browser.page.locator(`[data-testid="run-card"][data-run-name="${RUN}"] [data-testid="layer-row"][data-layer="${layer}"]`);

  it('trains RM1 with model judgments opted in, after refusing a bad layer weight', async () => {
    const { page } = session.browser;
    await page.goto(session.server.url);
    await page.getByTestId('nav-ladder').click();
    const row = layerRow(1);
    await row.waitFor({ timeout: 30_000 });
    await row.getByTestId('train-open').click();
    const form = row.getByTestId('train-form');
    await form.waitFor();
    const weights = form.getByTestId('train-layer-weight');
    expect(await weights.count()).toBe(2);
    expect(await form.getByTestId('train-include-model').isChecked()).toBe(false);
    expect(await form.getByTestId('train-include-simulated').isChecked()).toBe(false);
    await weights.nth(0).fill('-2');
    await form.getByTestId('train-start').click();
    expect(await form.getByTestId('field-error').allTextContents()).toEqual(['A weight must be from 0 to 100.']);
    await weights.nth(0).fill('0.5');
    await form.getByTestId('train-combine').selectOption('reliability');
    await form.getByTestId('train-include-model').check();
    expect(await form.textContent()).toContain('model verdicts count too');
    await form.scrollIntoViewIfNeeded();
    await page.screenshot({ path: join(artifacts, 'ladder-train-options.png') });
    await form.getByTestId('train-device').selectOption('cpu');
    await form.getByTestId('train-start').click();
    const job = row.getByTestId('train-job');
    await job.waitFor({ timeout: 30_000 });
    await expect.poll(() => job.getAttribute('data-status'), { timeout: 180_000, interval: 250 }).toBe('done');
    const model = row.getByTestId('model-row').first();
    await model.waitFor({ timeout: 30_000 });
    expect(await model.getByTestId('model-saw-model').textContent()).toBe(`saw ${modelJudgments} model judgments`);
    expect(await model.getByTestId('model-saw-simulated').count()).toBe(0);
    expect(await model.getByTestId('model-trained-on').textContent()).toContain('reliability-weighted');
    const [listed] = (await api('listModels', { runId })) as { judgmentsBySource: { model: number; simulated: number } }[];
    expect(listed.judgmentsBySource).toMatchObject({ model: modelJudgments, simulated: 0 });
  });

  it('shows per-layer metrics with intervals, the reliability diagram and the cost curve, and exports CSV', async () => {
    const { page } = session.browser;
    const section = page.getByTestId('layer-metrics');
    await section.waitFor();
    const card1 = section.locator('[data-testid="layer-metrics-card"][data-layer="1"]');
    await expect.poll(() => card1.getByTestId('chart-cost').count(), { timeout: 60_000 }).toBe(1);
    const metrics = (await api('getLayerMetrics', { runId })) as { layer: number; rmGroundTruthAccuracy: { rate: number } | null; overTrust: { followedWrong: number; wrongShown: number } }[];
    expect(metrics[1].rmGroundTruthAccuracy).not.toBeNull();
    expect(metrics[1].overTrust).toMatchObject({ followedWrong: 1, wrongShown: 2 });
    const row = (id: string) => card1.locator(`[data-testid="metric-row"][data-metric="${id}"]`);
    expect(await row('rm-gt').getByTestId('metric-value').textContent()).toBe(`${(metrics[1].rmGroundTruthAccuracy!.rate * 100).toFixed(1)}%`);
    expect(await row('over-trust').textContent()).toContain('followed 1 of 2 wrong suggestions');
    expect(await card1.getByTestId('reliability-point').count()).toBeGreaterThan(0);
    expect(await card1.getByTestId('chart-cost').getByTestId('chart-point').count()).toBeGreaterThan(1);
    expect(await section.locator('[data-testid="layer-metrics-card"][data-layer="0"]').getByTestId('metrics-labels').textContent()).toContain('no active RM0');
    // Served as stored, with its age; Recompute computes it again and shows the new time.
    await expect.poll(() => section.getByTestId('metrics-age-when').textContent(), { timeout: 30_000 }).toMatch(/^As of [^·]+$/);
    const { computedAt } = (await api('getLayerMetricsReport', { runId })) as { computedAt: string };
    await section.getByTestId('metrics-age-recompute').click();
    await expect.poll(async () => ((await api('getLayerMetricsReport', { runId })) as { computedAt: string }).computedAt > computedAt, { timeout: 30_000 }).toBe(true);
    await expect.poll(() => section.getByTestId('metrics-age-recompute').isEnabled(), { timeout: 30_000 }).toBe(true);
    await card1.scrollIntoViewIfNeeded();
    await page.screenshot({ path: join(artifacts, 'ladder-metrics.png') });
    const [download] = await Promise.all([page.waitForEvent('download'), section.getByTestId('metrics-export-csv').click()]);
    expect(download.suggestedFilename()).toBe('rung-metrics-Metrics-in-the-UI.csv');
    const csv = readFileSync((await download.path())!, 'utf8').trimEnd().split('\r\n');
    expect(csv).toHaveLength(3);
    expect(csv[0].startsWith('layer,layerName,comparisons,humanLabels')).toBe(true);
  });

  it('shows over-trust per evaluator and marks the simulated one', async () => {
    const { page } = session.browser;
    await page.getByTestId('nav-evaluators').click();
    await expect.poll(() => page.getByTestId('agreement-age-when').textContent(), { timeout: 30_000 }).toMatch(/^As of /);
    const sim = page.locator('[data-testid="agreement-row"][data-evaluator="Sim One"]');
    await sim.waitFor({ timeout: 30_000 });
    expect(await sim.getByTestId('agreement-overtrust').textContent()).toBe('50% (1/2)');
    expect(await sim.getByTestId('simulated-badge').count()).toBe(1);
    expect(await page.locator('[data-testid="agreement-row"][data-evaluator="Person"]').getByTestId('simulated-badge').count()).toBe(0);
    await page.screenshot({ path: join(artifacts, 'evaluators-over-trust.png') });
  });
});
