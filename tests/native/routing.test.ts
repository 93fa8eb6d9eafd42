// Deferral on a layer with a learnable signal: the risk-controlled threshold is respected, auto-labels are the
// model's judgments (origin auto), a share is audited, a round is written at once, re-routing adds no second
// auto-label, the human queue serves the routed comparisons most uncertain first, the Queue page's numbers add
// up (answered audits update the error estimate), and routing a layer without a model says what to do.
import { describe, expect, it } from 'vitest';
import { clopperPearsonUpper } from '../../electron/core/metrics/intervals';
import { useService } from '../helpers/api';
import { uploadSource } from '../helpers/store';
import { routingRows as rows } from '../helpers/routing-data';

const s = useService();

async function trainedRun() {
  await s.value('importDataset', { source: uploadSource('route.jsonl', rows()) });
  const run = await s.value('createRun', { name: 'Routing', layers: [0, 1].map((layer) => ({ name: `L${layer}`, rule: { kind: 'field', layer } })) });
  const job = await s.value('startTraining', { runId: run.id, layer: 0, holdout: 0.25, seed: 3 });
  for (;;) {
    const now = await s.value('getTrainingJob', { jobId: job.id });
    if (now.status === 'done') return { run, modelId: now.modelId as string };
    if (now.status !== 'running') throw new Error(`training ${now.status}: ${now.error}`);
    await new Promise((r) => setTimeout(r, 50));
  }
}

const db = () => s.t.store.db;

describe('routing a layer', () => {
  it("certifies on layer k's own held-out pairs by default, and on layers 0..k's only when asked", async () => {
    await s.value('importDataset', { source: uploadSource('route.jsonl', rows()) });
    const run = await s.value('createRun', { name: 'Scopes', layers: [0, 1].map((layer) => ({ name: `L${layer}`, rule: { kind: 'field', layer } })) });
    let job = await s.value('startTraining', { runId: run.id, layer: 1, holdout: 0.25, seed: 3 }); // RM1 learns from layers 0 and 1
    while (job.status === 'running') {
      await new Promise((r) => setTimeout(r, 50));
      job = await s.value('getTrainingJob', { jobId: job.id });
    }
    expect(job.status).toBe('done');
    // Layer 1's one comparison has no human verdict: nothing of layer 1 to certify on, so nothing is certified.
    const own = await s.value('routeLayer', { runId: run.id, layer: 1 });
    expect(own).toMatchObject({ calibratedOn: 'this-layer', calibrationPairs: 0, threshold: null, human: 1 });
    // Layers 0..1: layer 0's held-out pairs (easier ones) stand in, and certify a threshold.
    const lower = await s.value('routeLayer', { runId: run.id, layer: 1, calibrateOn: 'lower-layers-too' });
    expect(lower.calibratedOn).toBe('lower-layers-too');
    expect(lower.calibrationPairs).toBeGreaterThan(72);
    expect(lower.threshold).not.toBeNull();
    // The round keeps what it was certified on; the Queue page says it.
    expect((await s.value('getQueueStatus', { runId: run.id, layer: 1 })).latestRound.calibratedOn).toBe('lower-layers-too');
    expect(await s.call('routeLayer', { runId: run.id, layer: 1, calibrateOn: 'everything' })).toMatchObject({
      ok: false,
      error: { code: 'INVALID_PARAMS', message: expect.stringMatching(/calibrateOn: must be this-layer or lower-layers-too/) },
    });
  }, 120_000);

  it('auto-labels above a certified threshold as the model, audits a share, queues the rest most uncertain first', async () => {
    const { run, modelId } = await trainedRun();
    const result = await s.value('routeLayer', { runId: run.id, layer: 0, target: 0.05, confidence: 0.95, auditShare: 0.1, seed: 2 });
    expect(result).toMatchObject({ modelId, layer: 0, pending: 90, threshold: expect.any(Number) });
    expect(result.coveredPairs).toBeGreaterThanOrEqual(59);
    expect(result.errorBound).toBeLessThanOrEqual(0.05);
    expect(result.autoLabelled + result.human).toBe(90);
    expect(result.autoLabelled).toBeGreaterThan(0);
    expect(result.audit).toBe(Math.max(1, Math.round(0.1 * result.autoLabelled)));

    // One round, one deferral per pending comparison; the threshold splits the routes.
    expect(db().prepare('SELECT count(*) AS n FROM deferral_rounds').get()).toEqual({ n: 1 });
    const deferrals = db().prepare('SELECT comparison_id AS id, p_a AS pA, route, judgment_id AS judgmentId FROM deferrals').all() as any[];
    expect(deferrals).toHaveLength(90);
    for (const d of deferrals) {
      const confident = Math.max(d.pA, 1 - d.pA) >= result.threshold;
      expect(d.route === 'human').toBe(!confident);
      expect(d.judgmentId === null).toBe(d.route === 'human');
    }
    // Auto-labels: judgments of the model's evaluator entry, origin auto, no side shown, confidence max(p, 1 − p).
    const auto = db()
      .prepare(
        `SELECT j.choice, j.confidence, j.left_side AS leftSide, j.origin, e.kind, e.name, e.source, d.p_a AS pA
         FROM deferrals d JOIN judgments j ON j.id = d.judgment_id JOIN evaluators e ON e.id = j.evaluator_id`,
      )
      .all() as any[];
    expect(auto).toHaveLength(result.autoLabelled);
    const model = (await s.value('listModels', { runId: run.id }))[0];
    for (const a of auto) {
      expect(a).toMatchObject({ origin: 'auto', kind: 'model', name: model.name, source: `model:${modelId}`, leftSide: null, choice: a.pA >= 0.5 ? 'A' : 'B' });
      expect(a.confidence).toBeCloseTo(Math.max(a.pA, 1 - a.pA), 5);
    }
    const listed = (await s.value('listEvaluators')).find((e: any) => e.source === `model:${modelId}`);
    expect(listed).toMatchObject({ kind: 'model', simulated: false, judgments: result.autoLabelled });

    // The human queue: audits and human routes first, most uncertain first; auto-labelled ones never.
    const ada = await s.value('createEvaluator', { name: 'Ada' });
    const queue = await s.value('nextComparisons', { evaluatorId: ada.id, runId: run.id, layer: 0, count: 50 });
    const routeOf = new Map(deferrals.map((d) => [d.id, d]));
    const routed = queue.filter((i: any) => routeOf.has(i.comparison.id));
    expect(routed.length).toBe(result.audit + result.human);
    expect(queue.slice(0, routed.length)).toEqual(routed);
    const margins = routed.map((i: any) => Math.abs(routeOf.get(i.comparison.id).pA - 0.5));
    expect(margins).toEqual([...margins].sort((a, b) => a - b));
    expect(queue.some((i: any) => routeOf.get(i.comparison.id)?.route === 'auto')).toBe(false);

    // Queue status before any answer.
    const status = await s.value('getQueueStatus', { runId: run.id, layer: 0 });
    expect(status).toMatchObject({
      comparisons: 510,
      autoLabelled: result.autoLabelled,
      inAudit: result.audit,
      waitingForHumans: result.human,
      auditAnswered: 0,
      estimatedError: null,
      estimatedErrorBound: null,
      humanLabels: 420,
      simulatedLabels: 0,
      humanLabelsSaved: result.autoLabelled - result.audit,
      threshold: result.threshold,
    });
    expect(status.latestRound).toMatchObject({ id: result.roundId, modelId, target: 0.05, confidence: 0.95, auditShare: 0.1 });

    // Answering the audits (the first one against the auto-label) updates the estimate and its bound.
    const audits = deferrals.filter((d) => d.route === 'audit');
    for (const [i, d] of audits.entries()) {
      const item = queue.find((q: any) => q.comparison.id === d.id);
      const agree = d.pA >= 0.5 ? 'A' : 'B';
      await s.value('submitJudgment', { comparisonId: d.id, evaluatorId: ada.id, choice: i === 0 ? (agree === 'A' ? 'B' : 'A') : agree, leftSide: item.leftSide });
    }
    const audited = await s.value('getQueueStatus', { runId: run.id, layer: 0 });
    expect(audited).toMatchObject({ inAudit: 0, auditAnswered: audits.length, auditErrors: 1, humanLabels: 420 + audits.length });
    expect(audited.estimatedError).toBeCloseTo(1 / audits.length);
    expect(audited.estimatedErrorBound).toBeCloseTo(clopperPearsonUpper(1, audits.length, 0.95));

    // Re-routing: auto-labelled and answered comparisons are no longer pending; nothing is auto-labelled twice.
    const again = await s.value('routeLayer', { runId: run.id, layer: 0 });
    expect(again.pending).toBe(result.human);
    const doubled = db().prepare(`SELECT comparison_id, count(*) AS n FROM judgments WHERE origin = 'auto' GROUP BY comparison_id HAVING n > 1`).all();
    expect(doubled).toEqual([]);
    expect(db().prepare('SELECT count(*) AS n FROM deferral_rounds').get()).toEqual({ n: 2 });
    // The calibration set now includes the answered audits.
    expect(again.calibrationPairs).toBeGreaterThanOrEqual(result.calibrationPairs + audits.length);
  }, 120_000);

  it('says clearly when a layer has no model, and refuses unknown runs, layers and bad shares', async () => {
    const { run } = await trainedRun();
    const none = await s.call('routeLayer', { runId: run.id, layer: 1 });
    expect(none).toMatchObject({ ok: false, error: { code: 'CONFLICT' } });
    expect((none as any).error.message).toMatch(/layer 1 of run "Routing" has no reward model yet: train RM1 first/);
    expect(await s.call('routeLayer', { runId: crypto.randomUUID(), layer: 0 })).toMatchObject({ ok: false, error: { code: 'NOT_FOUND' } });
    expect(await s.call('routeLayer', { runId: run.id, layer: 5 })).toMatchObject({ ok: false, error: { code: 'NOT_FOUND' } });
    expect(await s.call('routeLayer', { runId: run.id, layer: 0, target: 1.5 })).toMatchObject({ ok: false, error: { code: 'INVALID_PARAMS' } });
    expect(await s.call('routeLayer', { runId: run.id, layer: 0, modelId: crypto.randomUUID() })).toMatchObject({ ok: false, error: { code: 'NOT_FOUND' } });
    expect(await s.call('getQueueStatus', { runId: run.id, layer: 9 })).toMatchObject({ ok: false, error: { code: 'NOT_FOUND' } });
    // Nothing was written by the refused calls; an unrouted layer's status is all "waiting".
    expect(db().prepare('SELECT count(*) AS n FROM deferral_rounds').get()).toEqual({ n: 0 });
    expect(await s.value('getQueueStatus', { runId: run.id, layer: 1 })).toMatchObject({ comparisons: 1, waitingForHumans: 1, autoLabelled: 0, latestRound: null, threshold: null });
  }, 120_000);

  it('a target its held-out pairs cannot certify: nothing certified, the pairs it needs and has, null (not 0) errors', async () => {
    const { run } = await trainedRun();
    const result = await s.value('routeLayer', { runId: run.id, layer: 0, target: 0.001, confidence: 0.95 });
    // 0 errors in n pairs certify 0.1% only when 1 − 0.05^(1/n) ≤ 0.001 (n ≥ 2995, with Bonferroni over four sequences more).
    expect(result).toMatchObject({ threshold: null, coveredPairs: null, coveredErrors: null, errorBound: null, autoLabelled: 0, human: result.pending });
    expect(result.calibrationPairsNeeded).toBeGreaterThan(2995);
    expect(result.calibrationPairs).toBeGreaterThan(0);
    expect(result.calibrationPairs).toBeLessThan(result.calibrationPairsNeeded);
    const { latestRound } = await s.value('getQueueStatus', { runId: run.id, layer: 0 });
    expect(latestRound).toMatchObject({ threshold: null, calibrationPairs: result.calibrationPairs, calibrationErrors: null, calibrationPairsNeeded: result.calibrationPairsNeeded });
  }, 120_000);
});
