// The paged layer metrics (#14: read layer by layer, scored a page at a time) give every field of every row exactly
// as the whole-run computation did (tests/helpers/layer-metrics-reference.ts), on a seeded store with overlapping
// layers, ground truths (A, B, tie, none), assisted and control verdicts, retracted, excluded, repeated and model
// verdicts, a rubric with verdicts per criterion, and models trained overall, on each criterion, elsewhere, or failing.
import { describe, expect, it, vi } from 'vitest';
import { insertJudgmentCriteria } from '../../electron/core/db/criteria';
import { layerMetrics } from '../../electron/core/ladder/layer-metrics';
import { referenceLayerMetrics } from '../helpers/layer-metrics-reference';
import { useService } from '../helpers/api';
import { uploadSource } from '../helpers/store';

/** Each model's trained_on (by model id), the fixed P(A ≻ B) per comparison, and whether scoring fails. */
const fake = vi.hoisted(() => ({ trainedOn: new Map<string, Record<string, unknown>>(), pA: new Map<string, number>(), fail: false }));

vi.mock('../../electron/core/engine/model-cache', () => ({
  cachedModel: (_db: unknown, id: string) => ({ id, name: `RM ${id}`, config: {}, trainedOn: fake.trainedOn.get(id), model: {} }),
}));
vi.mock('../../electron/core/engine/pipeline', async (original) => ({
  ...(await original<typeof import('../../electron/core/engine/pipeline')>()),
  scoreComparisons: async (table: { comparisonIds: string[] }) => {
    if (fake.fail) throw new Error('the model cannot score these comparisons');
    const prob = Float32Array.from(table.comparisonIds, (id) => fake.pA.get(id) ?? 0.5);
    return { prob, spread: new Float32Array(prob.length), rewardA: prob, rewardB: prob, stdA: prob, stdB: prob };
  },
}));

const s = useService();

/** A small deterministic generator (mulberry32), so the store is the same at every run. */
function random(seed: number): () => number {
  return () => {
    seed = (seed + 0x6d2b79f5) | 0;
    let t = Math.imul(seed ^ (seed >>> 15), 1 | seed);
    t = (t + Math.imul(t ^ (t >>> 7), 61 | t)) ^ t;
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

async function seed() {
  const rnd = random(14);
  const pick = <T>(xs: readonly T[]) => xs[Math.floor(rnd() * xs.length)];
  const rows = Array.from({ length: 90 }, (_, i) => {
    const gt = pick(['A', 'B', 'tie', null, null, null]);
    return { prompt: `p${i}`, response_a: `p${i} a`, response_b: `p${i} b`, layer: i % 3, ...(gt ? { ground_truth: gt } : {}) };
  });
  await s.value('importDataset', { source: uploadSource('paged.jsonl', rows) });
  const db = s.t.store.db;
  const datasetId = db.prepare('SELECT id FROM datasets').pluck().get() as string;
  // L0, L2 by field; L1 holds the whole dataset: it overlaps L0, and L2's lower layers overlap.
  const run = await s.value<{ id: string; layers: { id: string }[] }>('createRun', {
    name: 'Paged',
    layers: [
      { name: 'L0', rule: { kind: 'field', layer: 0 } },
      { name: 'L1', rule: { kind: 'datasets', datasetIds: [datasetId] } },
      { name: 'L2', rule: { kind: 'field', layer: 2 } },
    ],
    criteria: [{ key: 'helpful', label: 'Helpfulness' }, { key: 'harmless', label: 'Harmlessness' }],
  });
  const people = ['ann', 'bob', 'cy', 'dee', 'sim'].map((name) => {
    db.prepare("INSERT INTO evaluators (id, kind, name, created_at, simulated) VALUES (?, 'human', ?, 't', ?)").run(`e-${name}`, name, name === 'sim' ? '{}' : null);
    return `e-${name}`;
  });
  db.prepare("INSERT INTO evaluators (id, kind, name, created_at) VALUES ('e-model', 'model', 'a model', 't')").run();
  const comparisons = db.prepare('SELECT id FROM comparisons ORDER BY rowid').pluck().all() as string[];
  const judgmentIds: string[] = [];
  let n = 0;
  for (const cid of comparisons) {
    for (const who of [...people.filter(() => rnd() < 0.5), ...(rnd() < 0.2 ? ['e-model'] : [])]) {
      const id = `j${++n}`;
      const assistance = pick([null, 'not json', JSON.stringify({ mode: 'control' }), JSON.stringify({ mode: 'assisted', pA: pick([0.2, 0.5, 0.8]) }), JSON.stringify({ mode: 'assisted' })]);
      db.prepare(
        `INSERT INTO judgments (id, comparison_id, evaluator_id, choice, duration_ms, assistance, origin, created_at, retracted_at, excluded_at)
         VALUES (?, ?, ?, ?, ?, ?, 'ui', ?, ?, ?)`,
      ).run(id, cid, who, pick(['A', 'A', 'B', 'B', 'tie', 'skip']), pick([null, 1200, 2500, 4000, 9000]), assistance, `t${n}`, rnd() < 0.05 ? 't' : null, rnd() < 0.05 ? 't' : null);
      if (rnd() < 0.05) db.prepare("INSERT INTO judgments (id, comparison_id, evaluator_id, choice, origin, created_at, repeat_of) VALUES (?, ?, ?, 'B', 'ui', 't', ?)").run(`r${n}`, cid, who, id);
      if (rnd() < 0.7) insertJudgmentCriteria(db, id, run.id, [{ criterion: 'helpful', choice: pick(['A', 'B', 'tie']), strength: null }, { criterion: 'harmless', choice: pick(['A', 'B']), strength: 2 }]);
      judgmentIds.push(id);
    }
    fake.pA.set(cid, pick([0.1, 0.3, 0.5, 0.7, 0.95]));
  }
  for (const [i, layer] of run.layers.entries())
    db.prepare(
      `INSERT INTO models (id, run_id, layer_id, name, config, engine_version, device, blob, blob_sha256, active, created_at) VALUES (?, ?, ?, ?, '{}', '1', 'cpu', x'00', '0', 1, 't')`,
    ).run(`m${i}`, run.id, layer.id, `RM m${i}`);
  // Each model trained on about 40% of the judgments and held out a third of the comparisons (some twice, some unknown).
  const trainedOn = (extra: Record<string, unknown> = {}) => ({
    judgmentIds: judgmentIds.filter(() => rnd() < 0.4),
    heldOutComparisonIds: [...comparisons.filter(() => rnd() < 0.33), comparisons[0], comparisons[0], 'not-a-comparison'],
    ...extra,
  });
  return { runId: run.id, trainedOn };
}

describe('paged layer metrics', () => {
  it('give the rows of the whole-run computation, whatever each model trained on and whatever the page size', async () => {
    const { runId, trainedOn } = await seed();
    const scenarios: Record<string, unknown>[][] = [
      [trainedOn(), trainedOn(), trainedOn()],
      [trainedOn({ criterion: { key: 'helpful', label: 'Helpfulness' } }), trainedOn({ criterion: { key: 'harmless', label: 'Harmlessness' } }), trainedOn({ criterion: { key: 'gone', label: 'Gone' } })],
      [{ elsewhere: true }, trainedOn({ elsewhere: true }), { elsewhere: true, criterion: { key: 'harmless', label: 'Harmlessness' } }],
      [{}, { judgmentIds: [], heldOutComparisonIds: [] }, trainedOn()],
    ];
    for (const [n, models] of scenarios.entries()) {
      models.forEach((t, i) => fake.trainedOn.set(`m${i}`, t));
      const expected = await referenceLayerMetrics(s.t.store, runId);
      expect(expected.map((row) => row.modelError)).toEqual([null, null, null]);
      if (n === 0) {
        // the store exercises every figure: none of them empty
        for (const row of expected)
          for (const field of ['rmAccuracy', 'rmGroundTruthAccuracy', 'ece', 'humanAccuracy', 'assistedAccuracy', 'unassistedAccuracy', 'assistanceEffect', 'medianSecondsAssistedInterval'] as const)
            expect(row[field], `${field} of layer ${row.layer}`).not.toBeNull();
        expect(expected.slice(1).every((row) => row.agreementWithLowerLayers && row.agreementWithLowerLayersTrained)).toBe(true);
        expect(expected.map((row) => [row.overTrust.wrongShown > 0, row.simulatedLabels > 0, row.costCurve.length > 0])).toEqual(Array(3).fill([true, true, true]));
      }
      for (const pageSize of [1, 4, undefined]) expect(await layerMetrics(s.t.store, runId, { pageSize })).toEqual(expected);
    }
  });

  it('say the scoring error and how many were held out, as the whole-run computation did', async () => {
    const { runId, trainedOn } = await seed();
    [trainedOn(), { elsewhere: true }, trainedOn()].forEach((t, i) => fake.trainedOn.set(`m${i}`, t));
    fake.fail = true;
    try {
      const expected = await referenceLayerMetrics(s.t.store, runId);
      expect(expected.map((row) => row.modelError)).toEqual(Array(3).fill('the model cannot score these comparisons'));
      expect(await layerMetrics(s.t.store, runId, { pageSize: 3 })).toEqual(expected);
    } finally {
      fake.fail = false;
    }
  });
});
