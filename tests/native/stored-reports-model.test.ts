// Stored reports with a trained model and a routed layer: the layer metrics (RM0's held-out accuracy, calibration,
// cost curve, labels saved) and the queue status (auto-labels, audits) served from the store equal the fresh calls,
// before and after an audit is answered (which marks both stale).
import { describe, expect, it } from 'vitest';
import { useService } from '../helpers/api';
import { uploadSource } from '../helpers/store';
import { routingRows as rows } from '../helpers/routing-data';

const s = useService();

async function trainedRun() {
  await s.value('importDataset', { source: uploadSource('route.jsonl', rows()) });
  const run = await s.value('createRun', { name: 'Routing', layers: [0, 1].map((layer) => ({ name: `L${layer}`, rule: { kind: 'field', layer } })) });
  await s.value('trainModel', { runId: run.id, layer: 0, holdout: 0.25, seed: 3 });
  return run;
}

async function storedEqualsFresh(runId: string) {
  for (const report of [{ kind: 'layer-metrics', runId }, { kind: 'queue-status', runId, layer: 0 }] as const) {
    expect((await s.value('recomputeReport', { report })).recomputed).toBe(true);
  }
  const metrics = await s.value('getLayerMetricsReport', { runId });
  const status = await s.value('getQueueStatusReport', { runId, layer: 0 });
  expect(metrics).toMatchObject({ stale: false, computing: false });
  expect(status).toMatchObject({ stale: false, computing: false });
  expect(metrics.metrics).toEqual(await s.value('getLayerMetrics', { runId }));
  expect(status.status).toEqual(await s.value('getQueueStatus', { runId, layer: 0 }));
  return { metrics: metrics.metrics, status: status.status };
}

describe('stored reports of a trained, routed layer', () => {
  it('serve what the fresh calls answer, before and after an audit is answered', async () => {
    const run = await trainedRun();
    await s.value('routeLayer', { runId: run.id, layer: 0, target: 0.05, confidence: 0.95, auditShare: 0.1, seed: 2 });
    const before = await storedEqualsFresh(run.id);
    expect(before.metrics[0]).toMatchObject({ modelId: expect.any(String), heldOutComparisons: expect.any(Number) });
    expect(before.metrics[0].rmAccuracy).not.toBeNull();
    expect(before.status.autoLabelled).toBeGreaterThan(0);
    expect(before.status.auditAnswered).toBe(0);

    const person = (await s.value('createEvaluator', { name: 'Auditor' })).id;
    const [audit] = await s.value('nextComparisons', { evaluatorId: person, runId: run.id, layer: 0, count: 1 });
    await s.value('submitJudgment', { comparisonId: audit.comparison.id, evaluatorId: person, choice: 'A', leftSide: audit.leftSide, durationMs: 900 });
    expect((await s.value('getQueueStatusReport', { runId: run.id, layer: 0 })).stale).toBe(true);
    expect((await s.value('getLayerMetricsReport', { runId: run.id })).stale).toBe(true);
    const after = await storedEqualsFresh(run.id);
    expect(after.status.humanLabels).toBe(before.status.humanLabels + 1);
  });
});
