// The model-vs-human check per criterion (#18): a layer model trained on a criterion of its run's rubric is compared
// with people's verdicts on that criterion, not their overall choice, and its flag names the criterion; a model trained
// on the overall choice keeps its plain flag. The model's scores are stubbed (a confident A everywhere): what is under
// test is which verdicts it is compared with and how the flag reads.
import { describe, expect, it, vi } from 'vitest';
import { modelVsHuman } from '../../electron/core/checks/model-vs-human';
import { insertJudgmentCriteria, insertRunCriteria } from '../../electron/core/db/criteria';
import { insertModel } from '../../electron/core/db/models';
import { liveHumanVerdicts } from '../../electron/core/db/verdicts';
import { newId } from '../../electron/core/ids';
import { useService } from '../helpers/api';
import { uploadSource } from '../helpers/store';

vi.mock('../../electron/core/checks/model-scores', async (original) => {
  const actual = await original<typeof import('../../electron/core/checks/model-scores')>();
  const confidentA = { pA: 0.97, spread: 0.01, rewardA: 1, rewardB: -1, stdA: 0, stdB: 0 };
  return { ...actual, modelScoring: () => async (_modelId: string, ids: ReadonlySet<string>) => new Map([...ids].map((id) => [id, confidentA])) };
});

const s = useService();

/** Two comparisons both people judged A overall; on harmless they said B. RM0 of the run is stored with `trainedOn`. */
async function seed(trainedOn: Record<string, unknown>) {
  const rows = ['p0', 'p1'].map((p) => ({ prompt: p, response_a: `${p} a`, response_b: `${p} b`, layer: 0, judgments: [{ evaluator: 'ann', choice: 'A' }, { evaluator: 'bob', choice: 'A' }] }));
  await s.value('importDataset', { source: uploadSource('mvh.jsonl', rows) });
  const run = await s.value<{ id: string; layers: { id: string }[] }>('createRun', { name: 'Rubric', layers: [{ name: 'L0', rule: { kind: 'field', layer: 0 } }] });
  const db = s.t.store.db;
  insertRunCriteria(db, run.id, [
    { key: 'helpful', label: 'Helpfulness', description: '' },
    { key: 'harmless', label: 'Harmlessness', description: '' },
  ]);
  for (const id of db.prepare('SELECT id FROM judgments').pluck().all() as string[])
    insertJudgmentCriteria(db, id, run.id, [{ criterion: 'helpful', choice: 'A', strength: null }, { criterion: 'harmless', choice: 'B', strength: null }]);
  insertModel(db, {
    id: newId(), name: 'RM0', config: {}, metrics: {}, trainedOn: { judgmentIds: [], ...trainedOn }, engineVersion: 'test', device: 'cpu',
    blob: Buffer.alloc(0), blobSha256: '', actor: 'test', runId: run.id, layerId: run.layers[0].id,
  });
  return run.id;
}

/** The check over everything, in one pass. */
async function check() {
  const context = { store: s.t.store, verdicts: liveHumanVerdicts(s.t.store.db) };
  const modelCheck = modelVsHuman(context);
  return { flags: await modelCheck.pass(context), notes: modelCheck.notes() };
}

describe('model vs human per criterion', () => {
  it('compares a criterion model with the verdicts on its criterion and names it in the flag', async () => {
    const runId = await seed({ criterion: { key: 'harmless', label: 'Harmlessness' } });
    const { flags, notes } = await check();
    expect(notes).toEqual([]);
    expect(flags).toHaveLength(2);
    for (const f of flags) {
      expect(f.dedupeKey).toBe(`model-vs-human:${f.comparisonId}:criterion:${runId}:harmless`);
      expect(f.evidence.criterion).toEqual({ runId, run: 'Rubric', key: 'harmless', label: 'Harmlessness' });
      expect((f.evidence.humanVerdicts as { choice: string }[]).map((v) => v.choice)).toEqual(['B', 'B']);
    }
  });

  it('compares a model trained on the overall choice with the overall verdicts, as before', async () => {
    await seed({});
    const { flags } = await check();
    expect(flags).toEqual([]); // people said A overall, as the model does
  });
});
