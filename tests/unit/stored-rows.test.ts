// No stored row can break a read (#17.1): a database that already holds a comparison whose metadata SQLite cannot read
// (nested over its 1,000 levels, as imports once let in) or a layer whose rule is not JSON still answers createRun and
// listRuns; the bad row is skipped and reported in the log, and a refused write stores nothing.
import { afterEach, describe, expect, it, vi } from 'vitest';
import { useService } from '../helpers/api';
import { uploadSource } from '../helpers/store';

const api = useService();
afterEach(() => vi.restoreAllMocks());

const nested = (levels: number): string => '{"k":'.repeat(levels) + '1' + '}'.repeat(levels);

/** Imports two comparisons tagged easy and hard, then gives the hard one metadata 1,001 levels deep, as an older Rung stored it. */
async function storeWithUnreadableMetadata(): Promise<{ badId: string; goodId: string }> {
  const rows = [
    { id: 1, prompt: 'p1', response_a: 'a', response_b: 'b', metadata: { difficulty: 'easy' } },
    { id: 2, prompt: 'p2', response_a: 'a', response_b: 'b', metadata: { difficulty: 'hard' } },
  ];
  await api.value('importDataset', { source: uploadSource('tagged.jsonl', rows) });
  const db = api.t.store.db;
  const [goodId, badId] = db.prepare('SELECT id FROM comparisons ORDER BY line').pluck().all() as string[];
  db.prepare('UPDATE comparisons SET metadata = ? WHERE id = ?').run(`{"difficulty":"easy","deep":${nested(1001)}}`, badId);
  return { badId, goodId };
}

describe('stored rows that cannot be read', () => {
  it('createRun with a metadata rule answers, skipping the unreadable comparison and naming it in the log', async () => {
    const { badId } = await storeWithUnreadableMetadata();
    const warn = vi.spyOn(console, 'warn').mockImplementation(() => {});
    const run = await api.value('createRun', { name: 'By difficulty', layers: [{ name: 'easy', rule: { kind: 'metadata', key: 'difficulty', values: ['easy'] } }] });
    expect(run.layers[0].comparisons).toBe(1);
    expect(warn.mock.calls.flat().join('\n')).toMatch(new RegExp(`comparison ${badId}: metadata is not readable JSON.*skipped`));
    const runs = await api.value('listRuns');
    expect(runs.map((r: { name: string }) => r.name)).toEqual(['By difficulty']);
  });

  it('a run made before the bad row arrived keeps answering listRuns', async () => {
    const created = await api.value('createRun', { name: 'Early', layers: [{ name: 'easy', rule: { kind: 'metadata', key: 'difficulty', values: ['easy'] } }] });
    vi.spyOn(console, 'warn').mockImplementation(() => {});
    await storeWithUnreadableMetadata(); // the import sorts both into the layer; the update then makes one unreadable
    api.t.store.db.prepare('UPDATE layers SET members_through = 0').run(); // as if the members had never been sorted in
    api.t.store.db.exec('DELETE FROM layer_members; DELETE FROM layer_counts;');
    const runs = await api.value('listRuns');
    expect(runs).toHaveLength(1);
    expect(runs[0].id).toBe(created.id);
    expect(runs[0].layers[0].comparisons).toBe(1);
  });

  it('a layer whose stored rule is not JSON is left out of listRuns and reported; the run and its other layers answer', async () => {
    const run = await api.value('createRun', {
      name: 'Two layers',
      layers: [
        { name: 'zero', rule: { kind: 'field', layer: 0 } },
        { name: 'one', rule: { kind: 'field', layer: 1 } },
      ],
    });
    api.t.store.db.prepare('UPDATE layers SET rule = ?, members_through = -1 WHERE id = ?').run('{"kind":"field",', run.layers[1].id);
    const warn = vi.spyOn(console, 'warn').mockImplementation(() => {});
    const runs = await api.value('listRuns');
    expect(runs[0].layers.map((l: { name: string }) => l.name)).toEqual(['zero']);
    expect(warn.mock.calls.flat().join('\n')).toMatch(new RegExp(`layer ${run.layers[1].id}: rule is not readable JSON.*skipped`));
    // a rule that is JSON but not a rule is left out the same way
    api.t.store.db.prepare('UPDATE layers SET rule = ? WHERE id = ?').run('{"kind":"telepathy"}', run.layers[1].id);
    expect((await api.value('listRuns'))[0].layers).toHaveLength(1);
  });
});

describe('a write is atomic with its checks', () => {
  it('a createRun that fails while sorting in its members stores no run, no layer and no audit entry', async () => {
    await storeWithUnreadableMetadata();
    const db = api.t.store.db;
    const before = { runs: db.prepare('SELECT count(*) FROM runs').pluck().get(), layers: db.prepare('SELECT count(*) FROM layers').pluck().get(), audit: db.prepare('SELECT count(*) FROM audit_log').pluck().get() };
    db.exec(`CREATE TEMP TRIGGER fail_members BEFORE INSERT ON layer_members BEGIN SELECT RAISE(ABORT, 'simulated failure'); END`);
    vi.spyOn(console, 'warn').mockImplementation(() => {});
    const result = await api.call('createRun', { name: 'Doomed', layers: [{ name: 'easy', rule: { kind: 'metadata', key: 'difficulty', values: ['easy'] } }] });
    expect(result.ok).toBe(false);
    db.exec('DROP TRIGGER fail_members');
    expect({ runs: db.prepare('SELECT count(*) FROM runs').pluck().get(), layers: db.prepare('SELECT count(*) FROM layers').pluck().get(), audit: db.prepare('SELECT count(*) FROM audit_log').pluck().get() }).toEqual(before);
    expect(await api.value('listRuns')).toEqual([]);
  });
});

describe('references to nothing (#17.9)', () => {
  it('createRun refuses a dataset id that names no dataset, and stores no run', async () => {
    const missing = '00000000-0000-4000-8000-000000000000';
    const result = await api.call('createRun', { name: 'Ghost', layers: [{ name: 'l', rule: { kind: 'datasets', datasetIds: [missing] } }] });
    expect(result).toEqual({ ok: false, error: { code: 'NOT_FOUND', message: `layers.0.rule.datasetIds.0: no dataset with id ${missing}` } });
    expect(await api.value('listRuns')).toEqual([]);
  });

  it('submitJudgment refuses assistance whose modelId names no model, and stores no verdict', async () => {
    await api.value('importDataset', { source: uploadSource('one.jsonl', [{ prompt: 'p', response_a: 'a', response_b: 'b' }]) });
    const comparisonId = api.t.store.db.prepare('SELECT id FROM comparisons').pluck().get() as string;
    const evaluator = await api.value('createEvaluator', { name: 'Ada' });
    const ghost = '00000000-0000-4000-8000-00000000abcd';
    const run = '00000000-0000-4000-8000-000000000001';
    const assistance = { version: 1, mode: 'control', runId: run, layer: 1, modelId: ghost };
    const result = await api.call('submitJudgment', { comparisonId, evaluatorId: evaluator.id, choice: 'A', leftSide: 'A', assistance });
    expect(result).toEqual({ ok: false, error: { code: 'NOT_FOUND', message: `assistance.modelId: no model with id ${ghost}` } });
    expect(api.t.store.db.prepare('SELECT count(*) FROM judgments').pluck().get()).toBe(0);
  });
});

describe('rules core writes read back', () => {
  it('a run with an empty datasets rule (allowed in core, below the API) keeps its layer, with no report', async () => {
    const { createRun, listRuns } = await import('../../electron/core/ladder/runs');
    const warn = vi.spyOn(console, 'warn').mockImplementation(() => {});
    createRun(api.t.store.db, 'Empty', '', [{ name: 'none', rule: { kind: 'datasets', datasetIds: [] } }], 'test');
    expect(listRuns(api.t.store.db)[0].layers.map((l) => l.name)).toEqual(['none']);
    expect(warn).not.toHaveBeenCalled();
  });
});
