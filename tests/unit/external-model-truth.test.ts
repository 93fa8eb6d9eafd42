// What Rung says of an external model (a lab's imported scores) stays true: flag evidence that names it says it is
// external (model-vs-human, cross-layer, drift), scoring with it reports its scores as external rather than a precision that
// never ran, and its score count follows the scores the store holds after a dataset deletion (the file's count stays
// in the stored config and the audit).
import { describe, expect, it } from 'vitest';
import { useService } from '../helpers/api';
import { jsonl } from '../helpers/store';

const s = useService();
const fromFile = (name: string, text: string) => ({ kind: 'path' as const, path: s.t.file(name, text) });

/** Layer 0: c0–c5 with gold A, judged A by ann; layer 1: top; dataset "extra": e0–e2 (layer 0, unjudged). */
async function setUp() {
  const judged = Array.from({ length: 6 }, (_, i) => ({
    id: `c${i}`, prompt: `Problem ${i}`, response_a: `right ${i}`, response_b: `wrong ${i}`, layer: 0, ground_truth: 'A', judgments: [{ evaluator: 'ann', choice: 'A' }],
  }));
  const top = { id: 'top', prompt: 'Hard one', response_a: 'x', response_b: 'y', layer: 1 };
  const extra = [0, 1, 2].map((i) => ({ id: `e${i}`, prompt: `Extra ${i}`, response_a: `p ${i}`, response_b: `q ${i}`, layer: 0 }));
  await s.value('importDataset', { source: fromFile('maths.jsonl', jsonl([...judged, top])) });
  await s.value('importDataset', { source: fromFile('extra.jsonl', jsonl(extra)) });
  const run = await s.value('createRun', { name: 'Lab', layers: [0, 1].map((layer) => ({ name: `L${layer}`, rule: { kind: 'field', layer } })) });
  const comparisonIds = s.t.store.db.prepare('SELECT id FROM comparisons ORDER BY rowid').pluck().all() as string[];
  expect(comparisonIds).toHaveLength(10);
  return { run, comparisonIds };
}

/** Rewards favouring A, except on the comparisons in `against` (confidently B). */
const lines = (comparisonIds: readonly string[], against: readonly string[] = []) =>
  jsonl(comparisonIds.map((id) => (against.includes(id) ? { comparison_id: id, reward_a: -3, reward_b: 3 } : { comparison_id: id, reward_a: 1, reward_b: 0 })));

async function importLab(name: string, text: string, runId: string, layer: number) {
  return s.value('importScores', { source: fromFile(`${name}.jsonl`, text), name, runId, layer });
}

const flagEvidence = (kind: string) =>
  (s.t.store.db.prepare('SELECT evidence FROM flags WHERE kind = ? ORDER BY rowid').pluck().all(kind) as string[]).map((e) => JSON.parse(e) as Record<string, any>);

describe('an external model, as Rung reports it', () => {
  it('is named as external in the evidence of a model-vs-human flag, which says Rung cannot know what it trained on', async () => {
    const { run, comparisonIds } = await setUp();
    const [contradicted] = comparisonIds;
    const lab = await importLab('lab', lines(comparisonIds, [contradicted]), run.id, 0);
    await s.value('runChecks', {});
    const [evidence, ...more] = flagEvidence('model-vs-human');
    expect(more).toEqual([]);
    expect(evidence.model).toEqual({ id: lab.modelId, name: 'lab', kind: 'external', layer: 0, runId: run.id, run: 'Lab' });
    expect(evidence.summary).toBe('an external model (its scores imported, trained elsewhere): Rung cannot tell whether it was trained on the 1 verdict(s) it contradicts');
  });

  it('is named as external in the evidence of a cross-layer flag', async () => {
    const { run, comparisonIds } = await setUp();
    await importLab('lab', lines(comparisonIds), run.id, 0);
    const top = await importLab('lab-top', lines(comparisonIds, [comparisonIds[1]]), run.id, 1);
    await s.value('runChecks', {});
    const [evidence, ...more] = flagEvidence('cross-layer');
    expect(more).toEqual([]);
    expect(evidence.model).toEqual({ id: top.modelId, name: 'lab-top', kind: 'external', layer: 1, runId: run.id, run: 'Lab' });
    expect(evidence.established).toMatchObject({ side: 'A', source: 'gold' });
  });

  it('names both models of a drift flag as external', async () => {
    const { run, comparisonIds } = await setUp();
    const lab = await importLab('lab', lines(comparisonIds), run.id, 0);
    const reversed = await importLab('reversed', lines(comparisonIds, comparisonIds), run.id, 1);
    await s.value('runChecks', {});
    const [evidence, ...more] = flagEvidence('drift');
    expect(more).toEqual([]);
    expect(evidence.model).toEqual({ id: reversed.modelId, name: 'reversed', kind: 'external', layer: 1 });
    expect(evidence.previousModel).toEqual({ id: lab.modelId, name: 'lab', kind: 'external', layer: 0 });
  });

  it('scores with "external" as its precision (no engine arithmetic ran), whatever precision is asked for', async () => {
    const { run, comparisonIds } = await setUp();
    const lab = await importLab('lab', lines(comparisonIds), run.id, 0);
    for (const precision of ['fp32', 'bf16'] as const) {
      const scored = await s.value('scoreComparisons', { modelId: lab.modelId, precision });
      expect(scored).toMatchObject({ modelId: lab.modelId, precision: 'external' });
      expect(scored.comparisons).toHaveLength(comparisonIds.length);
    }
  });

  it('counts the scores the store holds after a dataset deletion takes some; the file\'s count stays in its config', async () => {
    const { run, comparisonIds } = await setUp();
    const lab = await importLab('lab', lines(comparisonIds), run.id, 0);
    const listed = async () => ((await s.value('listModels', { runId: run.id })) as { external: { scores: number }; recipe: string }[])[0];
    expect(await listed()).toMatchObject({ external: { scores: 10 }, recipe: 'external (lab.jsonl, 10 scores)' });
    const extra = ((await s.value('listDatasets')) as { id: string; name: string }[]).find((d) => d.name === 'extra')!;
    await s.value('deleteDataset', { datasetId: extra.id, withJudgments: true });
    expect(await listed()).toMatchObject({ external: { scores: 7 }, recipe: 'external (lab.jsonl, 7 scores)' });
    const refused = await s.call('exportModel', { modelId: lab.modelId });
    expect(refused).toMatchObject({ ok: false, error: { code: 'CONFLICT', message: expect.stringContaining('model lab is external (lab.jsonl, 7 scores)') } });
    const stored = JSON.parse(s.t.store.db.prepare('SELECT config FROM models WHERE id = ?').pluck().get(lab.modelId) as string);
    expect(stored.scores).toBe(10);
  });
});
