// Per-layer metrics of a trained RMk: held-out accuracy against consensus and ground truth, calibration, agreement
// with lower layers' established judgments, and the cost curve's endpoints (h = 0: the model, h = n: people),
// each recomputed here from the model's own probabilities; and `rung metrics` through the built CLI.
import { describe, expect, it } from 'vitest';
import { loadComparisons } from '../../electron/core/ladder/training-data';
import { loadModel } from '../../electron/core/engine/model-store';
import { scoreComparisons } from '../../electron/core/engine/pipeline';
import { layerMetrics } from '../../electron/core/ladder/layer-metrics';
import { createRun } from '../../electron/core/ladder/runs';
import { trainRung } from '../../electron/core/ladder/train-rung';
import { importDataset } from '../../electron/core/datasets/import';
import { rung } from '../helpers/cli';
import { jsonl, tempStore } from '../helpers/store';

/** Layer 0: 40 comparisons judged right by ann; layer 1: 40, judged by ann (right) and bob (wrong on every 4th). */
function rows() {
  return Array.from({ length: 80 }, (_, i) => {
    const layer = i < 40 ? 0 : 1;
    const aGood = i % 2 === 0;
    const good = `answer ${i}: this is correct and checked ${'carefully '.repeat(layer)}`, bad = `answer ${i}: this is wrong and unchecked ${'hastily '.repeat(layer)}`;
    const right = aGood ? 'A' : 'B', wrong = aGood ? 'B' : 'A';
    const judgments = [{ evaluator: 'ann', choice: right }];
    if (layer === 1) judgments.push({ evaluator: 'bob', choice: i % 4 === 0 ? wrong : right });
    return { prompt: `Problem ${i}`, response_a: aGood ? good : bad, response_b: aGood ? bad : good, layer, ground_truth: right, judgments };
  });
}

describe('layer metrics with a trained RMk', () => {
  it('recomputes accuracy, calibration, lower-layer agreement and the cost curve endpoints from the model', async () => {
    const t = tempStore();
    try {
      await importDataset(t.store, { path: t.file('m.jsonl', jsonl(rows())) });
      const run = createRun(t.store.db, 'Model metrics', '', [0, 1].map((layer) => ({ name: `L${layer}`, rule: { kind: 'field' as const, layer } })), 'test');
      const { modelId } = await trainRung(t.store, { runId: run.id, layer: 1, holdout: 0.3, seed: 4, device: 'cpu', actor: 'test' });
      const [l0, l1] = await layerMetrics(t.store, run.id);
      expect(l0.modelId).toBeNull();
      expect(l1.modelId).toBe(modelId);

      const stored = loadModel(t.store.db, modelId)!;
      const db = t.store.db;
      const truth = new Map((db.prepare('SELECT id, ground_truth AS gt, layer FROM comparisons').all() as { id: string; gt: string; layer: number }[]).map((r) => [r.id, r]));
      // RM1 trains on layers 0 and 1; its held-out figures on layer 1 use layer 1's held-out comparisons only.
      const heldOutAll = stored.trainedOn.heldOutComparisonIds as string[];
      const heldOut = heldOutAll.filter((id) => truth.get(id)!.layer === 1);
      expect(heldOut.length).toBeGreaterThan(0);
      expect(heldOut.length).toBeLessThan(heldOutAll.length); // layer 0 has held-out comparisons too, left out here
      expect(l1.heldOutComparisons).toBe(heldOut.length);
      const verdicts = db.prepare("SELECT comparison_id AS c, choice FROM judgments").all() as { c: string; choice: string }[];
      const all = new Set([...truth.keys()]);
      const table = loadComparisons(db, { judgedOnly: false, comparisonIds: all });
      const { prob } = await scoreComparisons(table, stored.model);
      const p = new Map(table.comparisonIds.map((id, i) => [id, prob[i]]));
      const right = (id: string, side: string) => (p.get(id)! === 0.5 ? 0.5 : (p.get(id)! > 0.5) === (side === 'A') ? 1 : 0);

      // Ground truth known on every held-out comparison.
      const gtAcc = heldOut.reduce((s, id) => s + right(id, truth.get(id)!.gt), 0) / heldOut.length;
      expect(l1.rmGroundTruthAccuracy!.rate).toBeCloseTo(gtAcc, 6);
      // Consensus: ann alone on layer 0; on layer 1 ann and bob, level (no consensus) where bob is wrong.
      const decided = heldOut.filter((id) => {
        const vs = verdicts.filter((v) => v.c === id);
        return vs.every((v) => v.choice === vs[0].choice);
      });
      expect(l1.rmAccuracy!.total).toBe(decided.length);
      expect(l1.rmAccuracy!.rate).toBeCloseTo(decided.reduce((s, id) => s + right(id, truth.get(id)!.gt), 0) / decided.length, 6);
      // ECE over the decided ones: 10 equal bins.
      const bins = Array.from({ length: 10 }, () => ({ n: 0, p: 0, y: 0 }));
      for (const id of decided) {
        const b = bins[Math.min(9, Math.floor(p.get(id)! * 10))];
        b.n++;
        b.p += p.get(id)!;
        b.y += truth.get(id)!.gt === 'A' ? 1 : 0;
      }
      expect(l1.ece!).toBeCloseTo(bins.reduce((s, b) => s + (b.n ? (b.n / decided.length) * Math.abs(b.p / b.n - b.y / b.n) : 0), 0), 6);
      expect(l1.reliability.reduce((s: number, b: { count: number }) => s + b.count, 0)).toBe(decided.length);
      // Lower layers: every layer-0 comparison has ground truth, so all 40 are established; those held out when RM1
      // trained are the ones it never saw, the rest it trained on — reported apart.
      const lower = [...truth.values()].filter((r) => r.layer === 0);
      const unseen = lower.filter((r) => heldOutAll.includes(r.id)), seen = lower.filter((r) => !heldOutAll.includes(r.id));
      expect(unseen.length + seen.length).toBe(40);
      expect(l1.agreementWithLowerLayers!.total).toBe(unseen.length);
      expect(l1.agreementWithLowerLayers!.rate).toBeCloseTo(unseen.reduce((s, r) => s + right(r.id, r.gt), 0) / unseen.length, 6);
      expect(l1.agreementWithLowerLayersTrained!.total).toBe(seen.length);
      expect(l1.agreementWithLowerLayersTrained!.rate).toBeCloseTo(seen.reduce((s, r) => s + right(r.id, r.gt), 0) / seen.length, 6);
      expect(l0.agreementWithLowerLayers).toBeNull();
      // Cost curve: h = 0 is the model alone, h = n is people alone (share of each comparison's verdicts equal to the truth).
      const curve = l1.costCurve;
      expect(curve[0].humanLabels).toBe(0);
      expect(curve[0].accuracy).toBeCloseTo(gtAcc, 6);
      expect(curve[curve.length - 1].humanLabels).toBe(heldOut.length);
      const human = heldOut.reduce((s, id) => {
        const vs = verdicts.filter((v) => v.c === id);
        return s + vs.filter((v) => v.choice === truth.get(id)!.gt).length / vs.length;
      }, 0) / heldOut.length;
      expect(curve[curve.length - 1].accuracy).toBeCloseTo(human, 6);
    } finally {
      t.cleanup();
    }
  });

  it('rung metrics prints the report as text, JSON or CSV, with --help and clear errors', async () => {
    const t = tempStore();
    try {
      const file = t.file('m.jsonl', jsonl(rows()));
      const dbPath = `${t.dir}/cli.db`;
      expect(rung(['import', file, '--db', dbPath]).code).toBe(0);
      const { openStore } = await import('../../electron/core/store');
      const store = openStore(dbPath);
      createRun(store.db, 'CLI metrics', '', [0, 1].map((layer) => ({ name: `L${layer}`, rule: { kind: 'field' as const, layer } })), 'test');
      store.close();
      expect(rung(['train', '--db', dbPath, '--run', 'CLI metrics', '--layer', '1', '--json']).code).toBe(0);

      const help = rung(['metrics', '--help']);
      expect(help.code).toBe(0);
      expect(help.stdout).toMatch(/usage: rung metrics --run RUN \[--json \| --csv\]/);
      const json = rung(['metrics', '--db', dbPath, '--run', 'CLI metrics', '--json']);
      expect(json.code, json.stderr).toBe(0);
      const report = JSON.parse(json.stdout);
      expect(report.runName).toBe('CLI metrics');
      expect(report.layers).toHaveLength(2);
      expect(report.layers[1]).toMatchObject({ layer: 1, humanLabels: 80, modelId: expect.any(String), rmGroundTruthAccuracy: { rate: expect.any(Number) } });
      const csv = rung(['metrics', '--db', dbPath, '--run', 'CLI metrics', '--csv']);
      expect(csv.code).toBe(0);
      const lines = csv.stdout.trimEnd().split('\r\n');
      expect(lines).toHaveLength(3);
      expect(lines[0].split(',').slice(0, 4)).toEqual(['layer', 'layerName', 'comparisons', 'humanLabels']);
      const text = rung(['metrics', '--db', dbPath, '--run', 'CLI metrics']);
      expect(text.code).toBe(0);
      expect(text.stdout).toMatch(/layer 1 \(L1\): 40 comparisons; 80 human labels/);
      expect(text.stdout).toMatch(/held-out accuracy/);
      expect(rung(['metrics', '--db', dbPath]).code).toBe(2);
      expect(rung(['metrics', '--db', dbPath, '--run', 'CLI metrics', '--json', '--csv']).code).toBe(2);
      const missing = rung(['metrics', '--db', dbPath, '--run', 'nope']);
      expect(missing.code).toBe(1);
      expect(missing.stderr).toMatch(/no run with id or name "nope"/);
    } finally {
      t.cleanup();
    }
  });
});
