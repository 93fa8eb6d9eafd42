// Deleting a dataset through the contract: the plan, the refusal while others' verdicts sit on its comparisons (nothing
// changed), the deletion with them, a shared comparison living on with the other dataset (membership exact), every kept
// count equal to its count(*) afterwards, the store's foreign keys and integrity clean, the audit entry, unknown datasets.
import { describe, expect, it } from 'vitest';
import { useService } from '../helpers/api';
import { uploadSource } from '../helpers/store';
import { inDatasetSql } from '../../electron/core/db/membership';

const s = useService();
const { call, value } = s;
const db = () => s.t.store.db;

const pair = (i: number, extra: object = {}) => ({ prompt: `p${i}`, response_a: `a${i}`, response_b: `b${i}`, ...extra });

async function importRows(name: string, rows: object[]): Promise<string> {
  return (await value('importDataset', { source: uploadSource(`${name}.jsonl`, rows), format: 'rung' })).datasetId;
}

async function judge(evaluatorId: string, prompt: string, choice: string): Promise<void> {
  const items = await value('nextComparisons', { evaluatorId, count: 20 });
  const item = items.find((i: any) => i.comparison.prompt === prompt && !i.repeatOf);
  await value('submitJudgment', { comparisonId: item.comparison.id, evaluatorId, choice, leftSide: item.leftSide });
}

const rows = (sql: string, ...params: unknown[]) => db().prepare(sql).all(...params);
const one = (sql: string, ...params: unknown[]) => db().prepare(sql).pluck().get(...params);
const sorted = (list: unknown[]) => [...list].map((r) => JSON.stringify(r)).sort();

/** Every kept count next to what counting the rows gives; equal pairs mean the counts are true. */
function keptCounts(): [unknown, unknown][] {
  const live = 'retracted_at IS NULL';
  const pairs: [unknown, unknown][] = [];
  for (const table of ['prompts', 'responses', 'comparisons', 'flags']) {
    pairs.push([one('SELECT rows FROM row_counts WHERE name = ?', table), one(`SELECT count(*) FROM ${table}`)]);
  }
  pairs.push([
    sorted(rows('SELECT dataset_id, judgments FROM dataset_judgments WHERE judgments <> 0')),
    sorted(rows(`SELECT dataset_id, count(*) AS judgments FROM judgments WHERE ${live} AND dataset_id IS NOT NULL GROUP BY dataset_id`)),
  ]);
  pairs.push([
    sorted(rows('SELECT dataset_id, verdicts FROM dataset_app_verdicts WHERE verdicts <> 0')),
    sorted(
      rows(`SELECT d.id AS dataset_id, count(*) AS verdicts FROM datasets d JOIN comparisons c ON ${inDatasetSql('c', '= d.id')}
            JOIN judgments j ON j.comparison_id = c.id WHERE j.origin = 'ui' AND j.choice IN ('A', 'B', 'tie') AND j.repeat_of IS NULL AND j.${live} GROUP BY d.id`),
    ),
  ]);
  pairs.push([
    sorted(rows('SELECT evaluator_id, judgments FROM evaluator_counts WHERE judgments <> 0')),
    sorted(rows(`SELECT evaluator_id, count(*) AS judgments FROM judgments WHERE ${live} GROUP BY evaluator_id`)),
  ]);
  pairs.push([
    sorted(rows('SELECT layer_id, evaluator_id, judged FROM layer_evaluator_counts WHERE judged <> 0')),
    sorted(
      rows(`SELECT m.layer_id, j.evaluator_id, count(DISTINCT j.comparison_id) AS judged FROM layer_members m
            JOIN judgments j ON j.comparison_id = m.comparison_id AND j.${live} AND j.repeat_of IS NULL GROUP BY m.layer_id, j.evaluator_id`),
    ),
  ]);
  pairs.push([
    sorted(rows('SELECT layer_id, comparisons, human_judgments FROM layer_counts')),
    sorted(
      rows(`SELECT l.id AS layer_id, (SELECT count(*) FROM layer_members m WHERE m.layer_id = l.id) AS comparisons,
              (SELECT count(*) FROM layer_members m JOIN usable_verdicts v ON v.comparison_id = m.comparison_id
               JOIN evaluators e ON e.id = v.evaluator_id AND e.kind = 'human' WHERE m.layer_id = l.id) AS human_judgments
            FROM layers l WHERE l.id IN (SELECT layer_id FROM layer_counts)`),
    ),
  ]);
  // A watermark promises every comparison of its scope up to it is judged by the evaluator: none may be left unjudged.
  pairs.push([
    0,
    one(`SELECT count(*) FROM queue_watermarks w JOIN comparisons c ON c.rowid <= w.through
          AND (w.scope = '' OR EXISTS (SELECT 1 FROM layer_members m WHERE m.layer_id = w.scope AND m.comparison_id = c.id))
         WHERE NOT EXISTS (SELECT 1 FROM judgments j WHERE j.comparison_id = c.id AND j.evaluator_id = w.evaluator_id AND j.${live} AND j.repeat_of IS NULL)`),
  ]);
  pairs.push([0, one('SELECT count(*) FROM layers WHERE members_through > (SELECT coalesce(max(rowid), 0) FROM comparisons)')]);
  return pairs;
}

function expectCountsTrue(): void {
  for (const [kept, counted] of keptCounts()) expect(kept).toEqual(counted);
  expect(db().pragma('foreign_key_check')).toEqual([]);
  expect(db().pragma('integrity_check', { simple: true })).toBe('ok');
}

/** Two datasets sharing p1; `first` also holds p0 and p2 (with an imported judgment on p2 and on shared p1), `second` p3. */
async function twoDatasets() {
  const first = await importRows('first', [pair(0), pair(1, { judgments: [{ evaluator: 'annotator', choice: 'B' }] }), pair(2, { judgments: [{ evaluator: 'annotator', choice: 'A' }] })]);
  const second = await importRows('second', [pair(1), pair(3)]);
  const run = await value('createRun', { name: 'Study', layers: [{ name: 'all', rule: { kind: 'length', minChars: 0 } }] });
  await value('listRuns'); // sorts the layer's members in
  const ada = await value('createEvaluator', { name: 'Ada' });
  const bob = await value('createEvaluator', { name: 'Bob' });
  await judge(ada.id, 'p0', 'A');
  await judge(ada.id, 'p1', 'B');
  await judge(bob.id, 'p2', 'tie');
  await judge(bob.id, 'p3', 'A');
  const p0 = one('SELECT id FROM comparisons WHERE prompt_id = (SELECT id FROM prompts WHERE text = ?)', 'p0') as string;
  db().prepare(`INSERT INTO flags (id, kind, dedupe_key, comparison_id, created_at) VALUES ('f1', 'disagreement', 'k1', ?, '2026-12-07T00:00:00Z')`).run(p0);
  db().prepare(`INSERT INTO relabel_requests (id, comparison_id, flag_id, requested_by, created_at) VALUES ('r1', ?, 'f1', 'lead', '2026-12-07T00:00:00Z')`).run(p0);
  // Ada's verdict on p0 came in a bundle, has a position check (unless the queue drew one already) and its answered repeat; assignments over both the run's layer and the dataset.
  const adaP0 = one('SELECT id FROM judgments WHERE comparison_id = ? AND evaluator_id = ?', p0, ada.id) as string;
  db().prepare(`INSERT INTO judgment_sources (judgment_id, workstation_id) VALUES (?, 'ws-2')`).run(adaP0);
  db().prepare(`INSERT OR IGNORE INTO position_checks (id, evaluator_id, comparison_id, original_judgment_id, left_side, due_after, created_at) VALUES ('pc1', ?, ?, ?, 'A', 0, '2026-12-07T00:00:00Z')`).run(ada.id, p0, adaP0);
  db().prepare(`INSERT INTO judgments (id, comparison_id, evaluator_id, choice, origin, repeat_of, created_at) VALUES ('rep1', ?, ?, 'A', 'ui', ?, '2026-12-07T00:00:01Z')`).run(p0, ada.id, adaP0);
  await value('createAssignment', { runId: run.id, layer: 0, evaluators: ['Ada', 'Bob'] });
  await value('createAssignment', { datasetId: first, evaluators: ['Ada'] });
  return { first, second, run, ada, bob, adaP0 };
}

describe('deleting a dataset', () => {
  it('plans it, refuses while others gave verdicts on its comparisons (changing nothing), then deletes them too when asked', async () => {
    const { first, run, adaP0 } = await twoDatasets();
    const plan = await value('datasetDeletionPlan', { datasetId: first });
    expect(plan).toEqual({
      datasetId: first, name: 'first', fileName: 'first.jsonl', comparisons: 2, importedJudgments: 2, otherVerdicts: 3, otherEvaluators: 2,
      keptComparisons: 1, flags: 1, runs: [{ id: run.id, name: 'Study', comparisons: 2 }],
    });
    const before = rows('SELECT name, rows FROM row_counts');
    const audited = one('SELECT count(*) FROM audit_log');
    expect(await call('deleteDataset', { datasetId: first })).toEqual({
      ok: false,
      error: { code: 'CONFLICT', message: 'dataset first is not deleted: 3 verdicts by 2 evaluators not imported with it sit on comparisons only it holds; pass withJudgments (--with-judgments on the command line) to delete them too' },
    });
    expect(rows('SELECT name, rows FROM row_counts')).toEqual(before);
    expect(one('SELECT count(*) FROM audit_log')).toBe(audited);
    expect((await value('listDatasets')).length).toBe(2);

    expect(await value('deleteDataset', { datasetId: first, withJudgments: true })).toEqual({
      comparisons: 2, judgments: 5, keptComparisons: 1, flags: 1, prompts: 2, responses: 4,
    });
    expect((await value('listDatasets')).map((d: any) => [d.name, d.comparisons, d.judgments, d.appVerdicts])).toEqual([['second', 2, 0, 2]]);
    expect(rows('SELECT text FROM prompts ORDER BY text').map((r: any) => r.text)).toEqual(['p1', 'p3']);
    for (const table of ['relabel_requests', 'judgment_sources']) expect(one(`SELECT count(*) FROM ${table}`)).toBe(0);
    expect(one('SELECT count(*) FROM position_checks WHERE original_judgment_id = ?', adaP0)).toBe(0);
    expect(one('SELECT count(*) FROM assignments WHERE dataset_id IS NOT NULL')).toBe(0);
    expect(one('SELECT count(*) FROM assignment_items i JOIN comparisons c ON c.id = i.comparison_id')).toBe(one('SELECT count(*) FROM assignment_items'));
    expect(one('SELECT count(*) FROM assignment_items')).toBeGreaterThan(0);
    expect(one('SELECT count(*) FROM datasets WHERE id = ?', first)).toBe(0);
    expect(rows(`SELECT actor, action, entity_id AS entityId, details FROM audit_log WHERE entity = 'dataset' AND action = 'delete'`)).toEqual([
      { actor: 'local user', action: 'delete', entityId: first, details: JSON.stringify({ name: 'first', file: 'first.jsonl', comparisons: 2, judgments: 5, keptComparisons: 1, flags: 1, prompts: 2, responses: 4 }) },
    ]);
    expect(one('SELECT count(*) FROM layer_members')).toBe(2);
    expectCountsTrue();
  });

  it('keeps a shared comparison with the other dataset: it becomes its first holder, with its line, and no item row twice', async () => {
    const first = await importRows('first', [pair(0), pair(1)]);
    const second = await importRows('second', [pair(9), pair(1)]);
    const third = await importRows('third', [pair(1)]);
    const shared = one(`SELECT id FROM comparisons WHERE dataset_id = ? AND prompt_id = (SELECT id FROM prompts WHERE text = 'p1')`, first) as string;
    const secondLine = one('SELECT line FROM dataset_items WHERE dataset_id = ? AND comparison_id = ?', second, shared);
    expect(await value('deleteDataset', { datasetId: first })).toMatchObject({ comparisons: 1, keptComparisons: 1, judgments: 0 });
    expect(db().prepare('SELECT dataset_id AS datasetId, line FROM comparisons WHERE id = ?').get(shared)).toEqual({ datasetId: second, line: secondLine });
    expect(rows('SELECT dataset_id AS datasetId FROM dataset_items WHERE comparison_id = ?', shared)).toEqual([{ datasetId: third }]);
    const sizes = Object.fromEntries((await value('listDatasets')).map((d: any) => [d.name, d.comparisons]));
    expect(sizes).toEqual({ second: 2, third: 1 });
    expectCountsTrue();
  });

  it('deletes a dataset no one judged without asking, and says NOT_FOUND for an unknown one', async () => {
    const only = await importRows('only', [pair(0), pair(1)]);
    const run = await value('createRun', { name: 'Study', layers: [{ name: 'all', rule: { kind: 'length', minChars: 0 } }] });
    await value('listRuns');
    expect(await value('datasetDeletionPlan', { datasetId: only })).toMatchObject({ comparisons: 2, otherVerdicts: 0, runs: [{ id: run.id, comparisons: 2 }] });
    expect(await value('deleteDataset', { datasetId: only, actor: 'lead' })).toEqual({ comparisons: 2, judgments: 0, keptComparisons: 0, flags: 0, prompts: 2, responses: 4 });
    expect(await value('getStats')).toMatchObject({ comparisons: 0, prompts: 0, responses: 0, datasets: 0 });
    expect(one(`SELECT actor FROM audit_log WHERE action = 'delete'`)).toBe('lead');
    expectCountsTrue();
    const unknown = '0123abcd-0000-4000-8000-000000000000';
    for (const method of ['datasetDeletionPlan', 'deleteDataset']) {
      expect(await call(method, { datasetId: unknown })).toEqual({ ok: false, error: { code: 'NOT_FOUND', message: `no dataset with id ${unknown}` } });
    }
    expect(await call('deleteDataset', { datasetId: only, withJudgments: 'yes' })).toMatchObject({ ok: false, error: { code: 'INVALID_PARAMS' } });
  });

  it("deletes the per-criterion verdicts of the judgments it deletes, and keeps the other dataset's and the run's rubric", async () => {
    const gone = await importRows('gone', [pair(0), pair(1)]);
    await importRows('kept', [pair(5)]);
    const run = await value('createRun', { name: 'Rubric', layers: [{ name: 'all', rule: { kind: 'length', minChars: 0 } }], criteria: [{ key: 'helpful', label: 'Helpfulness' }, { key: 'honest', label: 'Honesty' }] });
    const ada = await value('createEvaluator', { name: 'Ada' });
    for (const item of await value('nextComparisons', { evaluatorId: ada.id, count: 3 })) {
      const criteria = [{ criterion: 'helpful', choice: 'A' }, { criterion: 'honest', choice: 'tie' }];
      await value('submitJudgment', { comparisonId: item.comparison.id, evaluatorId: ada.id, choice: 'A', leftSide: item.leftSide, rubricRunId: run.id, criteria });
    }
    expect(one('SELECT count(*) FROM judgment_criteria')).toBe(6);
    expect(await value('deleteDataset', { datasetId: gone, withJudgments: true })).toMatchObject({ comparisons: 2, judgments: 2 });
    expect(rows('SELECT j.comparison_id AS c, count(*) AS n FROM judgment_criteria jc JOIN judgments j ON j.id = jc.judgment_id GROUP BY j.comparison_id')).toEqual([
      { c: one('SELECT id FROM comparisons'), n: 2 },
    ]);
    expect(one('SELECT count(*) FROM run_criteria WHERE run_id = ?', run.id)).toBe(2);
    expectCountsTrue();
  });

  it('rolls the whole deletion back when a reference it did not remove would dangle, and keeps foreign keys on', async () => {
    const only = await importRows('only', [pair(0), pair(1)]);
    // A table this Rung does not know of, pointing at a comparison the deletion would remove.
    db().exec(`CREATE TABLE lab_notes (comparison_id TEXT REFERENCES comparisons(id))`);
    db().prepare('INSERT INTO lab_notes SELECT id FROM comparisons LIMIT 1').run();
    const before = one('SELECT count(*) FROM comparisons');
    const result = await call('deleteDataset', { datasetId: only });
    expect(result).toMatchObject({ ok: false, error: { code: 'INTERNAL' } });
    expect(one('SELECT count(*) FROM comparisons')).toBe(before);
    expect(one('SELECT count(*) FROM datasets')).toBe(1);
    expect(db().pragma('foreign_keys', { simple: true })).toBe(1);
  });
});
