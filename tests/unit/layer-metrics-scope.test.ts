// What RMk's figures are measured on, on a small hand-built 2-layer ladder with a model whose scores are fixed (the
// engine's scoring is replaced, so every number is known): held-out accuracy on this layer's held-out comparisons only
// (with how many were held out and how many of them are decided), and agreement with lower layers on the comparisons
// RM1 never trained on, reported apart from those it trained on.
import { describe, expect, it, vi } from 'vitest';
import { useService } from '../helpers/api';
import { uploadSource } from '../helpers/store';

/** P(A ≻ B) per comparison id, and what the fake RM1 trained on: set by each test. */
const fake = vi.hoisted(() => ({ pA: new Map<string, number>(), trainedOn: {} as Record<string, unknown> }));

vi.mock('../../electron/core/engine/model-cache', () => ({
  cachedModel: (_db: unknown, id: string) => ({ id, name: 'RM1 fixed', config: {}, trainedOn: fake.trainedOn, model: {} }),
}));
vi.mock('../../electron/core/engine/pipeline', async (original) => ({
  ...(await original<typeof import('../../electron/core/engine/pipeline')>()),
  scoreComparisons: async (table: { comparisonIds: string[] }) => {
    const prob = Float32Array.from(table.comparisonIds, (id) => fake.pA.get(id) ?? 0.5);
    return { prob, spread: new Float32Array(prob.length), rewardA: prob, rewardB: prob, stdA: prob, stdB: prob };
  },
}));

const s = useService();
let seq = 0;
const uuid = () => `00000000-0000-4000-8000-${String(++seq).padStart(12, '0')}`;

async function ladder() {
  // Layer 0: z1..z6, ground truth A (established). Layer 1: y1..y5, no ground truth.
  const rows = [
    ...['z1', 'z2', 'z3', 'z4', 'z5', 'z6'].map((p) => ({ prompt: p, response_a: `${p} one`, response_b: `${p} two`, layer: 0, ground_truth: 'A' })),
    ...['y1', 'y2', 'y3', 'y4', 'y5'].map((p) => ({ prompt: p, response_a: `${p} one`, response_b: `${p} two`, layer: 1 })),
  ];
  await s.value('importDataset', { source: uploadSource('scope.jsonl', rows) });
  const run = await s.value('createRun', { name: 'Scope', layers: [0, 1].map((layer) => ({ name: `L${layer}`, rule: { kind: 'field', layer } })) });
  const db = s.t.store.db;
  const cid = (prompt: string) => (db.prepare('SELECT c.id FROM comparisons c JOIN prompts p ON p.id = c.prompt_id WHERE p.text = ?').get(prompt) as { id: string }).id;
  const [e1, e2] = ['e1', 'e2'].map((name) => {
    const id = uuid();
    db.prepare("INSERT INTO evaluators (id, kind, name, created_at) VALUES (?, 'human', ?, 't')").run(id, name);
    return id;
  });
  const judge = (prompt: string, who: string, choice: string) => {
    const id = uuid();
    db.prepare("INSERT INTO judgments (id, comparison_id, evaluator_id, choice, origin, created_at) VALUES (?, ?, ?, ?, 'ui', 't')").run(id, cid(prompt), who, choice);
    return id;
  };
  // RM1 trained on z1..z4 (layer 0) and y4, y5 (layer 1); held out z5 (layer 0) and y1..y3 (layer 1); z6 never seen.
  const trainedJudgments = ['z1', 'z2', 'z3', 'z4', 'y4', 'y5'].map((p) => judge(p, e1, 'A'));
  judge('z5', e1, 'B'); // a person against the ground truth: consensus B
  judge('y1', e1, 'A'), judge('y1', e2, 'A'); // consensus A
  judge('y2', e1, 'B'), judge('y2', e2, 'B'); // consensus B
  judge('y3', e1, 'A'), judge('y3', e2, 'B'); // split: not decided
  fake.trainedOn = { judgmentIds: trainedJudgments, heldOutComparisonIds: ['z5', 'y1', 'y2', 'y3'].map(cid) };
  // RM1 prefers A everywhere but on z6.
  fake.pA = new Map(rows.map((r) => [cid(r.prompt), r.prompt === 'z6' ? 0.2 : 0.9]));
  const layer1 = (db.prepare('SELECT id FROM layers WHERE run_id = ? AND idx = 1').get(run.id) as { id: string }).id;
  db.prepare(
    `INSERT INTO models (id, run_id, layer_id, name, config, engine_version, device, blob, blob_sha256, active, created_at) VALUES ('m1', ?, ?, 'RM1 fixed', '{}', '1', 'cpu', x'00', '0', 1, 't')`,
  ).run(run.id, layer1);
  return run;
}

describe('layer metrics: what RMk is measured on', () => {
  it('held out on this layer only, with how many were held out and decided; lower layers trained and not trained apart', async () => {
    const run = await ladder();
    const [, l1] = await s.value('getLayerMetrics', { runId: run.id });
    expect(l1.modelId).toBe('m1');
    // y1, y2, y3 are held out on layer 1 (z5 is layer 0's); y3 is split, so accuracy is over y1 ✓ and y2 ✗.
    expect(l1.heldOutComparisons).toBe(3);
    expect(l1.rmAccuracy).toMatchObject({ successes: 1, total: 2, rate: 0.5 });
    expect(l1.rmGroundTruthAccuracy).toBeNull(); // no ground truth on layer 1 (z5's is layer 0's)
    // Lower layer's established judgments (ground truth A): z5 ✓ and z6 ✗ never trained on; z1..z4 ✓ trained on.
    expect(l1.agreementWithLowerLayers).toMatchObject({ successes: 1, total: 2, rate: 0.5 });
    expect(l1.agreementWithLowerLayersTrained).toMatchObject({ successes: 4, total: 4, rate: 1 });

    const csv = (await s.value('exportLayerMetrics', { runId: run.id, format: 'csv' })).content.split('\n');
    const header = csv[0].split(',');
    const row1 = csv[2].split(',');
    expect(row1[header.indexOf('agreementWithLowerLayersTrainedN')]).toBe('4');
    expect(row1[header.indexOf('agreementWithLowerLayersN')]).toBe('2');
  });
});
