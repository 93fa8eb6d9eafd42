// A reward model trained on a criterion of its run's rubric (#18) in the layer metrics and in routing: it is measured
// and calibrated on people's verdicts on that criterion (verdicts without one left out), ground truth counts only for
// the first criterion, the figures say which criterion they are on, and a model on a later criterion is refused
// routing (an auto-label's own choice is its verdict on the first criterion) before anything is written. The model's
// scores are fixed (a confident A everywhere): what is under test is which verdicts it is compared with.
import { describe, expect, it, vi } from 'vitest';
import { insertJudgmentCriteria } from '../../electron/core/db/criteria';
import { useService } from '../helpers/api';
import { uploadSource } from '../helpers/store';

const fake = vi.hoisted(() => ({ trainedOn: {} as Record<string, unknown> }));

vi.mock('../../electron/core/engine/model-cache', () => ({
  cachedModel: (_db: unknown, id: string) => ({ id, name: 'RM0 fixed', config: {}, trainedOn: fake.trainedOn, model: {} }),
}));
vi.mock('../../electron/core/engine/pipeline', async (original) => ({
  ...(await original<typeof import('../../electron/core/engine/pipeline')>()),
  scoreComparisons: async (table: { comparisonIds: string[] }) => {
    const prob = new Float32Array(table.comparisonIds.length).fill(0.9);
    return { prob, spread: new Float32Array(prob.length), rewardA: prob, rewardB: prob, stdA: prob, stdB: prob };
  },
}));

const s = useService();
const helpful = { key: 'helpful', label: 'Helpfulness' };
const harmless = { key: 'harmless', label: 'Harmlessness' };

/**
 * One layer: g1..g4 with ground truth A, judged A overall by ann and bob, who said A on helpful and B on harmless;
 * o1, o2 judged A overall outside the rubric (no verdicts per criterion); w1 waiting for people. RM0 held out every
 * judged comparison and trained on `criterion` (absent: the judgments' own choices).
 */
async function seed(criterion?: { key: string; label: string }) {
  const judged = (p: string, gt?: 'A') => ({ prompt: p, response_a: `${p} a`, response_b: `${p} b`, layer: 0, ...(gt ? { ground_truth: gt } : {}), judgments: [{ evaluator: 'ann', choice: 'A' }, { evaluator: 'bob', choice: 'A' }] });
  const rows = [...['g1', 'g2', 'g3', 'g4'].map((p) => judged(p, 'A')), judged('o1'), judged('o2'), { prompt: 'w1', response_a: 'w1 a', response_b: 'w1 b', layer: 0 }];
  await s.value('importDataset', { source: uploadSource('criterion-model.jsonl', rows) });
  const run = await s.value<{ id: string; layers: { id: string }[] }>('createRun', {
    name: 'Rubric',
    layers: [{ name: 'L0', rule: { kind: 'field', layer: 0 } }],
    criteria: [helpful, harmless],
  });
  const db = s.t.store.db;
  const judgments = db
    .prepare('SELECT j.id, p.text AS prompt FROM judgments j JOIN comparisons c ON c.id = j.comparison_id JOIN prompts p ON p.id = c.prompt_id')
    .all() as { id: string; prompt: string }[];
  for (const j of judgments.filter((j) => j.prompt.startsWith('g')))
    insertJudgmentCriteria(db, j.id, run.id, [{ criterion: 'helpful', choice: 'A', strength: null }, { criterion: 'harmless', choice: 'B', strength: 3 }]);
  const heldOut = db.prepare("SELECT c.id FROM comparisons c JOIN prompts p ON p.id = c.prompt_id WHERE p.text <> 'w1'").pluck().all() as string[];
  fake.trainedOn = { judgmentIds: [], heldOutComparisonIds: heldOut, ...(criterion ? { criterion } : {}) };
  db.prepare(
    `INSERT INTO models (id, run_id, layer_id, name, config, engine_version, device, blob, blob_sha256, active, created_at) VALUES ('m0', ?, ?, 'RM0 fixed', '{}', '1', 'cpu', x'00', '0', 1, 't')`,
  ).run(run.id, run.layers[0].id);
  return run.id;
}

describe('layer metrics of a model trained on a criterion', () => {
  it('measures a model on the overall choices against the overall consensus and ground truth, naming no criterion', async () => {
    const runId = await seed();
    const [l0] = await s.value('getLayerMetrics', { runId });
    expect(l0).toMatchObject({ modelId: 'm0', heldOutComparisons: 6, modelCriterion: null });
    expect(l0.rmAccuracy).toMatchObject({ successes: 6, total: 6 });
    expect(l0.rmGroundTruthAccuracy).toMatchObject({ successes: 4, total: 4 });
  });

  it("measures a model on a later criterion against people's verdicts on it, without ground truth, and says so", async () => {
    const runId = await seed(harmless);
    const [l0] = await s.value('getLayerMetrics', { runId });
    expect(l0.modelCriterion).toEqual(harmless);
    // people said B on harmless where they judged it (g1..g4); o1, o2 have no verdict on it
    expect(l0.rmAccuracy).toMatchObject({ successes: 0, total: 4 });
    expect(l0.rmGroundTruthAccuracy).toBeNull(); // ground truth is about the comparison as a whole
    expect(l0.reliability.reduce((n: number, b: { count: number }) => n + b.count, 0)).toBe(4);
    expect(l0.costCurve.length).toBeGreaterThan(0);
    expect(l0.humanAccuracy).toMatchObject({ successes: 12, total: 12 }); // people's own figures stay overall
    const csv = (await s.value('exportLayerMetrics', { runId, format: 'csv' })).content.split('\r\n');
    expect(csv[1].split(',')[csv[0].split(',').indexOf('modelCriterion')]).toBe('harmless');
  });

  it('measures a model on the first criterion against the verdicts on it, with ground truth', async () => {
    const runId = await seed(helpful);
    const [l0] = await s.value('getLayerMetrics', { runId });
    expect(l0.modelCriterion).toEqual(helpful);
    expect(l0.rmAccuracy).toMatchObject({ successes: 4, total: 4 }); // o1, o2 carry no verdict on it: left out
    expect(l0.rmGroundTruthAccuracy).toMatchObject({ successes: 4, total: 4 });
  });
});

describe('routing with a model trained on a criterion', () => {
  const route = (runId: string) => s.call('routeLayer', { runId, layer: 0, target: 0.05, confidence: 0.95, auditShare: 0 });
  const rounds = () => s.t.store.db.prepare('SELECT count(*) FROM deferral_rounds').pluck().get();

  it('refuses a model on a later criterion, naming both criteria, and writes nothing', async () => {
    const runId = await seed(harmless);
    const result = await route(runId);
    expect(result).toMatchObject({ ok: false, error: { code: 'CONFLICT' } });
    const message = (result as { error: { message: string } }).error.message;
    expect(message).toContain('RM0 fixed was trained on criterion "Harmlessness" (harmless) of run "Rubric", not on its first criterion "Helpfulness" (helpful)');
    expect(message).toContain('--criterion helpful');
    expect(rounds()).toBe(0);
  });

  it("calibrates a model on the first criterion on people's verdicts on it, and says which", async () => {
    const runId = await seed(helpful);
    const result = await s.value('routeLayer', { runId, layer: 0, auditShare: 0 });
    expect(result.criterion).toEqual(helpful);
    expect(result.calibrationPairs).toBe(4); // g1..g4; o1, o2 have no verdict on helpful
    expect(result.pending).toBe(1);
    expect(rounds()).toBe(1);
  });

  it('calibrates a model on the overall choices on every decided comparison, naming no criterion', async () => {
    const runId = await seed();
    const result = await s.value('routeLayer', { runId, layer: 0, auditShare: 0 });
    expect(result.criterion).toBeNull();
    expect(result.calibrationPairs).toBe(6);
  });
});
