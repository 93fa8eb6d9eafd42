// The record browser's detail with a reward model: getComparison scores the comparison with every active model (a run
// layer's, and the one trained outside a run) through the one-pair scoring path the Compare page's assistance uses.
import { describe, expect, it } from 'vitest';
import { useService } from '../helpers/api';
import { uploadSource } from '../helpers/store';

const s = useService();

/** 40 judged comparisons whose better response says "correct", in layers 0 and 1. */
function rows() {
  return Array.from({ length: 40 }, (_, i) => {
    const aGood = i % 2 === 0;
    const good = `item ${i}: this is correct and checked`, bad = `item ${i}: this is wrong and unchecked`;
    return { prompt: `Problem ${i}`, response_a: aGood ? good : bad, response_b: aGood ? bad : good, layer: i % 2, judgments: [{ evaluator: 'ann', choice: aGood ? 'A' : 'B' }] };
  });
}

describe('getComparison with models', () => {
  it("shows each active model's rewards and P(A ≻ B), by run and layer", async () => {
    await s.value('importDataset', { source: uploadSource('scored.jsonl', rows()) });
    const run = await s.value('createRun', { name: 'Scored', layers: [0, 1].map((layer) => ({ name: `L${layer}`, rule: { kind: 'field', layer } })) });
    const layerModel = await s.value('trainModel', { runId: run.id, layer: 0, holdout: 0, seed: 1, device: 'cpu' });
    const plain = await s.value('trainModel', { holdout: 0, seed: 2, device: 'cpu' });
    const [row] = (await s.value('listComparisons', { text: 'Problem 0' })).rows;
    const detail = await s.value('getComparison', { id: row.id });
    expect(detail.modelNote).toBeNull();
    expect(detail.modelScores.map((m: { modelId: string; run: string | null; layer: number | null }) => [m.modelId, m.run, m.layer])).toEqual([
      [layerModel.modelId, 'Scored', 0],
      [plain.modelId, null, null],
    ]);
    for (const score of detail.modelScores) {
      expect(score.note).toBeNull();
      expect(score.pA).toBeGreaterThanOrEqual(0);
      expect(score.pA).toBeLessThanOrEqual(1);
      expect(Number.isFinite(score.rewardA) && Number.isFinite(score.rewardB)).toBe(true);
    }
  }, 120_000);
});
