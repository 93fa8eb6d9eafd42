// The saved filters as listed and deleted (listRecordFilters, deleteRecordFilter): each filter in words naming what it
// names (or saying it is gone), what it matches now, and the assignments drawn from it; deleting one an assignment was
// drawn from deletes it and the assignment keeps its frozen comparisons (named in the result); unknown or empty names refused.
import { describe, expect, it } from 'vitest';
import { useService } from '../helpers/api';
import { jsonl } from '../helpers/store';

const s = useService();
const { call, value } = s;

const rows = Array.from({ length: 12 }, (_, i) => ({
  prompt: i % 4 === 0 ? `Sum ${i} and ${i + 1}?` : `Name a colour (${i})`,
  response_a: `a${i}`,
  response_b: `b${i}`,
  layer: i % 2,
  metadata: { topic: i % 4 === 0 ? 'math' : 'art' },
}));
const db = () => s.t.store.db;

async function setup() {
  const dataset = await value('importDataset', { source: { kind: 'path', path: s.t.file('study.jsonl', jsonl(rows)) }, format: 'rung' });
  const ada = await value('createEvaluator', { name: 'Ada' });
  await value('createEvaluator', { name: 'Bob' });
  const run = await value('createRun', { name: 'Short', layers: [{ name: 'all', rule: { kind: 'length', minChars: 0 } }] });
  return { datasetId: dataset.datasetId as string, adaId: ada.id as string, runId: run.id as string };
}

const listed = async () => Object.fromEntries((await value('listRecordFilters')).map((f: any) => [f.name, { words: f.words, matches: f.matches, assignments: f.assignments }]));

describe('listing saved filters', () => {
  it('says each filter in words, naming its dataset, run and evaluator, with what it matches now', async () => {
    const { datasetId, adaId, runId } = await setup();
    const save = (name: string, filter: Record<string, unknown>) => value('saveRecordFilter', { name, filter });
    await save('all', {});
    await save('math', { text: 'sum', datasetId, metadataKey: 'topic', metadataValue: 'math' });
    await save('layer', { runId, layer: 0 });
    await save('run', { runId });
    await save('own layer', { layer: 1 });
    await save('ada', { evaluatorId: adaId });
    await save('ada B', { evaluatorId: adaId, verdict: 'B' });
    await save('not ada', { evaluatorId: adaId, verdict: 'none' });
    await save('ties', { verdict: 'tie' });
    await save('skipped', { verdict: 'skip' });
    await save('open', { verdict: 'none' });
    expect(await listed()).toEqual({
      all: { words: 'every comparison', matches: 12, assignments: [] },
      math: { words: 'text contains "sum"; in dataset "study"; metadata topic = "math"', matches: 3, assignments: [] },
      layer: { words: 'in layer 0 of run "Short"', matches: 12, assignments: [] },
      run: { words: 'in any layer of run "Short"', matches: 12, assignments: [] },
      'own layer': { words: "the data's own layer 1", matches: 6, assignments: [] },
      ada: { words: 'judged by Ada', matches: 0, assignments: [] },
      'ada B': { words: "Ada's verdict B", matches: 0, assignments: [] },
      'not ada': { words: 'not judged by Ada', matches: 12, assignments: [] },
      ties: { words: 'a live verdict tie', matches: 0, assignments: [] },
      skipped: { words: 'skipped by someone', matches: 0, assignments: [] },
      open: { words: 'no live verdict', matches: 12, assignments: [] },
    });
  });

  it('says a dataset it names is gone, and counts nothing for it', async () => {
    const { datasetId } = await setup();
    await value('saveRecordFilter', { name: 'study', filter: { datasetId } });
    await value('deleteDataset', { datasetId, withJudgments: true });
    expect(await listed()).toEqual({ study: { words: `in dataset ${datasetId} (no longer here)`, matches: null, assignments: [] } });
  });
});

describe('deleting a saved filter', () => {
  it('deletes one an assignment was drawn from; the assignment keeps its comparisons and is named in the result', async () => {
    await setup();
    await value('saveRecordFilter', { name: 'math', filter: { metadataKey: 'topic', metadataValue: 'math' } });
    const a = await value('createAssignment', { filter: 'math', evaluators: ['Ada', 'Bob'], overlap: 2, name: 'math round' });
    expect((await listed()).math.assignments).toEqual(['math round']);
    const items = () => db().prepare('SELECT evaluator_id, comparison_id, position FROM assignment_items WHERE assignment_id = ? ORDER BY 1, 2').all(a.id);
    const before = items();
    expect(before).toHaveLength(6);

    expect(await value('deleteRecordFilter', { name: ' math ' })).toEqual({ deleted: true, assignments: ['math round'] });
    expect(await value('listRecordFilters')).toEqual([]);
    expect(items()).toEqual(before);
    expect(await value('listAssignments')).toEqual([{ ...a }]);
    expect((await value('getAssignmentProgress', { assignmentId: a.id })).evaluators.map((e: any) => e.remaining)).toEqual([3, 3]);
  });

  it('refuses an unknown name and an empty one, deleting nothing', async () => {
    await setup();
    await value('saveRecordFilter', { name: 'math', filter: { text: 'sum' } });
    expect(await call('deleteRecordFilter', { name: 'maths' })).toMatchObject({ ok: false, error: { code: 'NOT_FOUND', message: 'name: no saved filter named "maths"' } });
    expect(await call('deleteRecordFilter', { name: '  ' })).toMatchObject({ ok: false, error: { code: 'INVALID_PARAMS', message: 'deleteRecordFilter: name: must not be empty' } });
    expect((await value('listRecordFilters')).map((f: any) => f.name)).toEqual(['math']);
  });
});
