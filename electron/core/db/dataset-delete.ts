// Deletes a dataset and what only it brought, in one audited transaction: its comparisons that no other dataset holds
// with everything that hangs on them, the judgments it imported, and the texts no comparison uses any more. A
// comparison it brought first that another dataset also holds moves to the earliest other holder (db/membership.ts).
// Kept counts: row_counts by migration 0017's delete triggers, per-evaluator, per-layer and per-dataset verdict counts
// by the judgments triggers (0014, 0019, 0024) while the layer members are still there; layer_counts.comparisons,
// layers.members_through and the queue watermarks here.
import type Database from 'better-sqlite3';
import { appendAudit } from './audit';

export interface DeletionPlan {
  datasetId: string;
  name: string;
  fileName: string;
  /** Comparisons only this dataset holds: they go. */
  comparisons: number;
  /** Judgments the file brought (retracted ones too). */
  importedJudgments: number;
  /** Judgments not imported with it (given in Rung, by models, merged from bundles) on the comparisons that go. */
  otherVerdicts: number;
  otherEvaluators: number;
  /** Comparisons it brought first that another dataset also holds: they stay, with that dataset. */
  keptComparisons: number;
  /** Flags on the comparisons that go. */
  flags: number;
  /** Runs whose layers lose members, with how many of their comparisons go. */
  runs: { id: string; name: string; comparisons: number }[];
}

export interface DeletionCounts {
  comparisons: number;
  judgments: number;
  keptComparisons: number;
  flags: number;
  prompts: number;
  responses: number;
}

/** SQL true when comparison `c` goes with dataset @d: it brought it and no other dataset holds it. */
const GOING = (c: string) => `${c}.dataset_id = @d AND NOT EXISTS (SELECT 1 FROM dataset_items di WHERE di.comparison_id = ${c}.id)`;

/** What deleting the dataset would remove; null when there is no dataset with this id. Run it in the deleting transaction to act on it. */
export function datasetDeletionPlan(db: Database.Database, datasetId: string): DeletionPlan | null {
  const dataset = db.prepare('SELECT name, file_name AS fileName FROM datasets WHERE id = ?').get(datasetId) as { name: string; fileName: string } | undefined;
  if (!dataset) return null;
  const d = { d: datasetId };
  const count = (sql: string) => db.prepare(sql).pluck().get(d) as number;
  const other = db
    .prepare(
      `SELECT count(*) AS verdicts, count(DISTINCT j.evaluator_id) AS evaluators FROM comparisons c JOIN judgments j ON j.comparison_id = c.id
       WHERE ${GOING('c')} AND j.dataset_id IS NOT @d`,
    )
    .get(d) as { verdicts: number; evaluators: number };
  const runs = db
    .prepare(
      `SELECT r.id, r.name, count(DISTINCT c.id) AS comparisons FROM comparisons c JOIN layer_members m ON m.comparison_id = c.id
       JOIN layers l ON l.id = m.layer_id JOIN runs r ON r.id = l.run_id WHERE ${GOING('c')} GROUP BY r.id ORDER BY r.created_at, r.name`,
    )
    .all(d) as DeletionPlan['runs'];
  return {
    datasetId,
    ...dataset,
    comparisons: count(`SELECT count(*) FROM comparisons c WHERE ${GOING('c')}`),
    importedJudgments: count('SELECT count(*) FROM judgments WHERE dataset_id = @d'),
    otherVerdicts: other.verdicts,
    otherEvaluators: other.evaluators,
    keptComparisons: count('SELECT count(*) FROM comparisons c WHERE c.dataset_id = @d AND EXISTS (SELECT 1 FROM dataset_items di WHERE di.comparison_id = c.id)'),
    flags: count(`SELECT count(*) FROM comparisons c JOIN flags f ON f.comparison_id = c.id WHERE ${GOING('c')}`),
    runs,
  };
}

/** The rows a deletion acts on, gathered once into temporary tables (dropped at the end of the transaction). */
const GATHER = `
CREATE TEMP TABLE deleting_comparisons (id TEXT PRIMARY KEY) WITHOUT ROWID;
INSERT INTO deleting_comparisons SELECT c.id FROM comparisons c WHERE ${GOING('c')};
CREATE TEMP TABLE moving_comparisons (id TEXT PRIMARY KEY) WITHOUT ROWID;
INSERT INTO moving_comparisons SELECT c.id FROM comparisons c WHERE c.dataset_id = @d AND c.id NOT IN (SELECT id FROM deleting_comparisons);
CREATE TEMP TABLE deleting_judgments (id TEXT PRIMARY KEY) WITHOUT ROWID;
INSERT OR IGNORE INTO deleting_judgments SELECT j.id FROM deleting_comparisons g JOIN judgments j ON j.comparison_id = g.id;
INSERT OR IGNORE INTO deleting_judgments SELECT id FROM judgments WHERE dataset_id = @d;
INSERT OR IGNORE INTO deleting_judgments SELECT r.id FROM judgments r WHERE r.repeat_of IN (SELECT id FROM deleting_judgments);
CREATE TEMP TABLE unused_texts (id TEXT PRIMARY KEY, prompt INTEGER NOT NULL) WITHOUT ROWID;
INSERT OR IGNORE INTO unused_texts SELECT c.response_a_id, 0 FROM deleting_comparisons g JOIN comparisons c ON c.id = g.id;
INSERT OR IGNORE INTO unused_texts SELECT c.response_b_id, 0 FROM deleting_comparisons g JOIN comparisons c ON c.id = g.id;
INSERT OR IGNORE INTO unused_texts SELECT c.prompt_id, 1 FROM deleting_comparisons g JOIN comparisons c ON c.id = g.id;`;

const DROP = `DROP TABLE temp.deleting_comparisons; DROP TABLE temp.moving_comparisons; DROP TABLE temp.deleting_judgments; DROP TABLE temp.unused_texts;`;

const IN_COMPARISONS = 'IN (SELECT id FROM temp.deleting_comparisons)';
const IN_JUDGMENTS = 'IN (SELECT id FROM temp.deleting_judgments)';

/** Runs the deletion's statements; the caller holds the write transaction. */
function removeRows(db: Database.Database, datasetId: string): DeletionCounts {
  const d = { d: datasetId };
  const run = (sql: string) => (sql.includes('@d') ? db.prepare(sql).run(d) : db.prepare(sql).run()).changes;
  const newestBefore = db.prepare('SELECT coalesce(max(rowid), 0) FROM comparisons').pluck().get() as number;
  for (const statement of GATHER.split(';').map((s) => s.trim()).filter(Boolean)) run(statement);
  // What hangs on the judgments and comparisons that go, children first.
  run(`DELETE FROM judgment_sources WHERE judgment_id ${IN_JUDGMENTS}`);
  run(`DELETE FROM judgment_criteria WHERE judgment_id ${IN_JUDGMENTS}`);
  run(`DELETE FROM position_checks WHERE comparison_id ${IN_COMPARISONS} OR original_judgment_id ${IN_JUDGMENTS}`);
  run(`DELETE FROM relabel_requests WHERE comparison_id ${IN_COMPARISONS} OR original_judgment_id ${IN_JUDGMENTS} OR done_judgment_id ${IN_JUDGMENTS}
         OR flag_id IN (SELECT f.id FROM flags f WHERE f.comparison_id ${IN_COMPARISONS})`);
  run(`DELETE FROM deferrals WHERE comparison_id ${IN_COMPARISONS} OR judgment_id ${IN_JUDGMENTS}`);
  run(`DELETE FROM external_scores WHERE comparison_id ${IN_COMPARISONS}`);
  const flags = run(`DELETE FROM flags WHERE comparison_id ${IN_COMPARISONS}`);
  const assignments = '(SELECT id FROM assignments WHERE dataset_id = @d)';
  run(`DELETE FROM assignment_items WHERE comparison_id ${IN_COMPARISONS} OR assignment_id IN ${assignments}`);
  run(`DELETE FROM assignment_evaluators WHERE assignment_id IN ${assignments}`);
  run('DELETE FROM assignments WHERE dataset_id = @d');
  // Judgments while their layer members are still there, so the triggers move the layers' counts; repeats before what they repeat.
  const judgments = run(`DELETE FROM judgments WHERE id ${IN_JUDGMENTS} AND repeat_of IS NOT NULL`) + run(`DELETE FROM judgments WHERE id ${IN_JUDGMENTS}`);
  run(`UPDATE layer_counts SET comparisons = comparisons - (SELECT count(*) FROM layer_members m WHERE m.layer_id = layer_counts.layer_id AND m.comparison_id ${IN_COMPARISONS})
       WHERE layer_id IN (SELECT m.layer_id FROM layer_members m WHERE m.comparison_id ${IN_COMPARISONS})`);
  run(`DELETE FROM layer_members WHERE comparison_id ${IN_COMPARISONS}`);
  // Membership: the dataset's own items go; a comparison it brought first moves to its earliest other holder, whose item row it replaces.
  run('DELETE FROM dataset_items WHERE dataset_id = @d');
  const keptComparisons = run(`UPDATE comparisons SET (dataset_id, line) = (
      SELECT di.dataset_id, di.line FROM dataset_items di JOIN datasets h ON h.id = di.dataset_id
      WHERE di.comparison_id = comparisons.id ORDER BY h.created_at, h.rowid LIMIT 1)
    WHERE id IN (SELECT id FROM temp.moving_comparisons)`);
  run(`DELETE FROM dataset_items WHERE comparison_id IN (SELECT id FROM temp.moving_comparisons)
         AND dataset_id = (SELECT c.dataset_id FROM comparisons c WHERE c.id = dataset_items.comparison_id)`);
  const comparisons = run(`DELETE FROM comparisons WHERE id ${IN_COMPARISONS}`);
  const responses = run(`DELETE FROM responses WHERE id IN (SELECT id FROM temp.unused_texts WHERE prompt = 0
      EXCEPT SELECT response_a_id FROM comparisons EXCEPT SELECT response_b_id FROM comparisons)`);
  const prompts = run(`DELETE FROM prompts WHERE id IN (SELECT id FROM temp.unused_texts WHERE prompt = 1
      EXCEPT SELECT prompt_id FROM comparisons EXCEPT SELECT prompt_id FROM responses)`);
  for (const table of ['guidelines', 'dataset_judgments', 'dataset_app_verdicts', 'datasets']) run(`DELETE FROM ${table} WHERE ${table === 'datasets' ? 'id' : 'dataset_id'} = @d`);
  // Rowids past the newest comparison left are free again: layers sorted up to them and watermarks past them come back to it.
  const newest = db.prepare('SELECT coalesce(max(rowid), 0) FROM comparisons').pluck().get() as number;
  db.prepare('UPDATE layers SET members_through = ? WHERE members_through > ? AND members_through <= ?').run(newest, newest, newestBefore);
  db.prepare('UPDATE queue_watermarks SET through = ? WHERE through > ?').run(newest, newest);
  db.exec(DROP);
  return { comparisons, judgments, keptComparisons, flags, prompts, responses };
}

/**
 * Deletes the dataset in one write transaction: `check` sees the plan as it stands inside it (and throws to refuse,
 * changing nothing), then the rows go and the audit log records the dataset and the counts removed.
 */
export function deleteDatasetRows(db: Database.Database, datasetId: string, actor: string, check: (plan: DeletionPlan | null) => asserts plan is DeletionPlan): DeletionCounts {
  // Foreign keys are not enforced row by row here: SQLite would look each deleted prompt, response and comparison up in
  // child tables that have no index on the reference (dropped to keep imports fast), which made a deletion quadratic
  // (8,000 comparisons: 17 s). The statements delete every child themselves; one foreign_key_check before the commit
  // proves it, and any dangling reference rolls the whole deletion back.
  const enforced = db.pragma('foreign_keys', { simple: true }) === 1;
  if (enforced) db.pragma('foreign_keys = OFF');
  try {
    return db
      .transaction(() => {
        const plan = datasetDeletionPlan(db, datasetId);
        check(plan);
        const removed = removeRows(db, datasetId);
        const dangling = db.pragma('foreign_key_check') as { table: string; parent: string }[];
        if (dangling.length > 0) {
          throw new Error(`deleting dataset ${datasetId} would leave ${dangling.length} references dangling (first: ${dangling[0].table} → ${dangling[0].parent}); nothing was deleted`);
        }
        appendAudit(db, { actor, action: 'delete', entity: 'dataset', entityId: datasetId, details: { name: plan.name, file: plan.fileName, ...removed } });
        return removed;
      })
      .immediate();
  } finally {
    if (enforced) db.pragma('foreign_keys = ON');
  }
}
