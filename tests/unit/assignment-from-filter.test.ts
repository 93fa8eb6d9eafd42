// Saved filters of the record browser (saveRecordFilter, listRecordFilters, deleteRecordFilter) and an assignment drawn
// from one (createAssignment's `filter`): it holds exactly the comparisons the filter matched then (frozen: later
// verdicts or a changed filter do not move it), the same seed draws the same items, and an unknown filter, a filter
// matching nothing and a filter naming what does not exist are refused with the field named, nothing written.
import { describe, expect, it } from 'vitest';
import { useService } from '../helpers/api';
import { uploadSource } from '../helpers/store';

const s = useService();
const { call, value } = s;

const rows = Array.from({ length: 30 }, (_, i) => ({
  prompt: i % 3 === 0 ? `Sum ${i} and ${i + 1}?` : `Name a colour (${i})`,
  response_a: `a${i}`,
  response_b: `b${i}`,
  metadata: { topic: i % 3 === 0 ? 'math' : 'art' },
}));
const db = () => s.t.store.db;
const count = (table: string) => db().prepare(`SELECT count(*) FROM ${table}`).pluck().get() as number;
/** The assignment's items as "evaluator comparison position control check", sorted. */
const itemsOf = (assignmentId: string) =>
  (db().prepare('SELECT e.name, ai.* FROM assignment_items ai JOIN evaluators e ON e.id = ai.evaluator_id WHERE assignment_id = ?').all(assignmentId) as any[])
    .map((r) => `${r.name} ${r.comparison_id} ${r.position} ${r.control} ${r.position_check}`)
    .sort();

async function setup() {
  await value('importDataset', { source: uploadSource('mixed.jsonl', rows), format: 'rung' });
  for (const name of ['Ada', 'Bob', 'Cy']) await value('createEvaluator', { name });
  await value('saveRecordFilter', { name: 'math', filter: { text: 'sum', metadataKey: 'topic', metadataValue: 'math' }, actor: 'Lea' });
  const matching: string[] = [];
  for (let cursor: string | undefined, page: any; !page || page.nextCursor; cursor = page.nextCursor) {
    page = await value('listComparisons', { text: 'sum', metadataKey: 'topic', metadataValue: 'math', limit: 3, ...(cursor ? { cursor } : {}) });
    matching.push(...page.rows.map((r: any) => r.id));
  }
  return { matching };
}

describe('saved filters', () => {
  it('saves, lists, refuses a taken name unless replaced, checks what it names, and deletes', async () => {
    await setup();
    expect(await value('listRecordFilters')).toEqual([
      {
        name: 'math',
        filter: { text: 'sum', metadataKey: 'topic', metadataValue: 'math' },
        savedBy: 'Lea',
        savedAt: expect.any(String),
        words: 'text contains "sum"; metadata topic = "math"',
        matches: 10,
        assignments: [],
      },
    ]);
    expect(await call('saveRecordFilter', { name: ' math ', filter: { verdict: 'none' } })).toMatchObject({
      ok: false,
      error: { code: 'CONFLICT', message: 'name: a filter named "math" is saved already; choose another name or replace it' },
    });
    const unknownDataset = crypto.randomUUID();
    expect(await call('saveRecordFilter', { name: 'gone', filter: { datasetId: unknownDataset } })).toMatchObject({ ok: false, error: { code: 'NOT_FOUND' } });
    expect(await call('saveRecordFilter', { name: 'half', filter: { metadataKey: 'topic' } })).toMatchObject({
      ok: false,
      error: { code: 'INVALID_PARAMS', message: 'saveRecordFilter: filter.metadataValue: a metadata filter needs both a key and a value' },
    });
    expect(await call('saveRecordFilter', { name: '', filter: {} })).toMatchObject({ ok: false, error: { message: 'saveRecordFilter: name: must not be empty' } });
    await value('saveRecordFilter', { name: 'math', filter: { verdict: 'none' }, replace: true });
    expect((await value('listRecordFilters')).map((f: any) => [f.name, f.filter])).toEqual([['math', { verdict: 'none' }]]);
    expect(await value('deleteRecordFilter', { name: 'math' })).toEqual({ deleted: true, assignments: [] });
    expect(await call('deleteRecordFilter', { name: 'math' })).toMatchObject({ ok: false, error: { code: 'NOT_FOUND', message: 'name: no saved filter named "math"' } });
    expect(db().prepare("SELECT action FROM audit_log WHERE entity = 'saved-filter' ORDER BY rowid").pluck().all()).toEqual(['save', 'replace', 'delete']);
  });
});

describe('an assignment from a saved filter', () => {
  it('holds exactly the comparisons the filter matches, frozen, and the same seed draws the same items', async () => {
    const { matching } = await setup();
    expect(matching).toHaveLength(10);
    const a = await value('createAssignment', { filter: 'math', evaluators: ['Ada', 'Bob', 'Cy'], overlap: 2, seed: 9 });
    expect(a).toMatchObject({ name: 'saved filter math', filterName: 'math', runId: null, datasetId: null, comparisons: 10, unassigned: 0, controlShare: 0 });
    const assigned = db().prepare('SELECT DISTINCT comparison_id FROM assignment_items WHERE assignment_id = ?').pluck().all(a.id) as string[];
    expect(assigned.sort()).toEqual([...matching].sort());
    expect(db().prepare('SELECT count(*) FROM assignment_items WHERE assignment_id = ?').pluck().get(a.id)).toBe(20);
    expect((await value('listAssignments'))[0]).toEqual(a);

    // The same filter and seed draw the same items; another seed another order.
    const again = await value('createAssignment', { filter: 'math', evaluators: ['Cy', 'Ada', 'Bob'], overlap: 2, seed: 9 });
    expect(itemsOf(again.id)).toEqual(itemsOf(a.id));
    const other = await value('createAssignment', { filter: 'math', evaluators: ['Ada', 'Bob', 'Cy'], overlap: 2, seed: 10 });
    expect(itemsOf(other.id)).not.toEqual(itemsOf(a.id));

    // Frozen: replacing the filter later leaves the assignment's items as they were.
    await value('saveRecordFilter', { name: 'math', filter: { text: 'colour' }, replace: true });
    expect(itemsOf(a.id)).toEqual(itemsOf(again.id));
    const colours = await value('createAssignment', { filter: 'math', evaluators: ['Ada'], seed: 9 });
    expect(colours.comparisons).toBe(20);
  });

  it('serves the assigned comparisons in the evaluator’s queue first', async () => {
    const { matching } = await setup();
    const ada = (await value('listEvaluators')).find((e: any) => e.name === 'Ada');
    await value('createAssignment', { filter: 'math', evaluators: ['Ada'], seed: 3 });
    const queue = (await value('nextComparisons', { evaluatorId: ada.id, count: 10 })).map((i: any) => i.comparison.id);
    expect(new Set(queue)).toEqual(new Set(matching));
  });

  it('refuses an unknown filter naming it, a filter matching nothing, and two sources, writing nothing', async () => {
    await setup();
    await value('saveRecordFilter', { name: 'nothing', filter: { text: 'no such words anywhere' } });
    const before = [count('assignments'), count('assignment_items'), count('assignment_evaluators')];
    expect(await call('createAssignment', { filter: 'maths', evaluators: ['Ada'] })).toMatchObject({ ok: false, error: { code: 'NOT_FOUND', message: 'filter: no saved filter named "maths"' } });
    expect(await call('createAssignment', { filter: 'nothing', evaluators: ['Ada'] })).toMatchObject({
      ok: false,
      error: { code: 'INVALID_PARAMS', message: 'filter: nothing to assign: saved filter "nothing" matches no comparisons' },
    });
    const datasetId = (await value('listDatasets'))[0].id;
    expect(await call('createAssignment', { filter: 'math', datasetId, evaluators: ['Ada'] })).toMatchObject({
      ok: false,
      error: { code: 'INVALID_PARAMS', message: 'createAssignment: filter: give a run and its layer, a dataset, or a saved filter, not two' },
    });
    expect([count('assignments'), count('assignment_items'), count('assignment_evaluators')]).toEqual(before);
  });
});
