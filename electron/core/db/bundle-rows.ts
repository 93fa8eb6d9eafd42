// The SQL of bundles: reading the rows a bundle carries (whole table rows, every column, so nothing is lost and a
// column added later travels too) and writing received rows back: inserted when new, merged when already here
// (a judgment only gains a retraction or an exclusion; every other field must be the same), receipts of bundles.
import type Database from 'better-sqlite3';
import { replacedByRelabel } from './relabel';

export type Row = Record<string, unknown>;

const columnCache = new WeakMap<Database.Database, Map<string, string[]>>();

/** The columns of a table in this database, in order. */
export function tableColumns(db: Database.Database, table: string): string[] {
  let tables = columnCache.get(db);
  if (!tables) columnCache.set(db, (tables = new Map()));
  let columns = tables.get(table);
  if (!columns) tables.set(table, (columns = (db.prepare(`SELECT name FROM pragma_table_info(?)`).all(table) as { name: string }[]).map((c) => c.name)));
  return columns;
}

/** A human evaluator of that name, else a model of that name; undefined when neither. */
export function evaluatorRowByName(db: Database.Database, name: string): Row | undefined {
  return db.prepare(`SELECT * FROM evaluators WHERE name = ? ORDER BY kind = 'human' DESC LIMIT 1`).get(name) as Row | undefined;
}

export const evaluatorRowById = (db: Database.Database, id: string): Row | undefined => db.prepare('SELECT * FROM evaluators WHERE id = ?').get(id) as Row | undefined;

/** What counts as new since a time: made, retracted or excluded at or after it. */
const SINCE = `(@since IS NULL OR j.created_at >= @since OR j.retracted_at >= @since OR j.excluded_at >= @since)`;

/** The evaluator's judgments (retracted ones too), in the order they were written, each with the workstation it was made on. */
export function* judgmentsOf(db: Database.Database, evaluatorId: string, since: string | null, localWorkstationId: string): Generator<{ judgment: Row; workstationId: string }> {
  const rows = db
    .prepare(`SELECT j.*, COALESCE(s.workstation_id, @local) AS "@workstation" FROM judgments j LEFT JOIN judgment_sources s ON s.judgment_id = j.id
              WHERE j.evaluator_id = @evaluatorId AND ${SINCE} ORDER BY j.rowid`)
    .iterate({ evaluatorId, since, local: localWorkstationId }) as IterableIterator<Row>;
  for (const row of rows) {
    const { '@workstation': workstationId, ...judgment } = row;
    yield { judgment, workstationId: workstationId as string };
  }
}

/** Position checks of the evaluator's judgments selected by `since`. */
export function positionChecksOf(db: Database.Database, evaluatorId: string, since: string | null): Row[] {
  return db
    .prepare(`SELECT pc.* FROM position_checks pc JOIN judgments j ON j.id = pc.original_judgment_id WHERE pc.evaluator_id = @evaluatorId AND ${SINCE} ORDER BY pc.rowid`)
    .all({ evaluatorId, since }) as Row[];
}

/** The per-criterion verdicts (judgment_criteria) of the evaluator's judgments selected by `since`. */
export function judgmentCriteriaOf(db: Database.Database, evaluatorId: string, since: string | null): Row[] {
  return db
    .prepare(`SELECT jc.* FROM judgment_criteria jc JOIN judgments j ON j.id = jc.judgment_id WHERE j.evaluator_id = @evaluatorId AND ${SINCE} ORDER BY j.rowid, jc.rowid`)
    .all({ evaluatorId, since }) as Row[];
}

/** A judgment's verdict on one criterion, if stored. */
export const judgmentCriterionRow = (db: Database.Database, judgmentId: unknown, criterion: unknown): Row | undefined =>
  db.prepare('SELECT * FROM judgment_criteria WHERE judgment_id = ? AND criterion = ?').get(judgmentId, criterion) as Row | undefined;

/** Whether a run's rubric has this criterion. */
export const runHasCriterion = (db: Database.Database, runId: unknown, key: unknown): boolean =>
  db.prepare('SELECT 1 FROM run_criteria WHERE run_id = ? AND key = ?').get(runId, key) !== undefined;

/** Relabel requests the evaluator answered with a judgment selected by `since`. */
export function answeredRelabelsOf(db: Database.Database, evaluatorId: string, since: string | null): Row[] {
  return db
    .prepare(`SELECT r.* FROM relabel_requests r JOIN judgments j ON j.id = r.done_judgment_id WHERE j.evaluator_id = @evaluatorId AND ${SINCE} ORDER BY r.rowid`)
    .all({ evaluatorId, since }) as Row[];
}

export const exists = (db: Database.Database, table: string, id: unknown): boolean => db.prepare(`SELECT 1 FROM ${table} WHERE id = ?`).get(id) !== undefined;

/** Inserts a row as it is (its columns checked by the caller); `orIgnore`: a row whose key is already here is left. */
export function insertRow(db: Database.Database, table: string, row: Row, orIgnore = false): boolean {
  const columns = Object.keys(row);
  const sql = `INSERT ${orIgnore ? 'OR IGNORE ' : ''}INTO ${table} (${columns.map((c) => `"${c}"`).join(', ')}) VALUES (${columns.map(() => '?').join(', ')})`;
  return db.prepare(sql).run(...columns.map((c) => row[c])).changes === 1;
}

export const judgmentRow = (db: Database.Database, id: string): Row | undefined => db.prepare('SELECT * FROM judgments WHERE id = ?').get(id) as Row | undefined;

/** Sets a judgment's retraction (the earlier of two wins, so the order bundles arrive in does not matter). */
export const setRetraction = (db: Database.Database, id: string, at: string): void => void db.prepare('UPDATE judgments SET retracted_at = ? WHERE id = ?').run(at, id);

export const setExclusion = (db: Database.Database, id: string, at: string, reason: unknown): void =>
  void db.prepare('UPDATE judgments SET excluded_at = ?, excluded_reason = ? WHERE id = ?').run(at, reason, id);

export const recordJudgmentSource = (db: Database.Database, judgmentId: string, workstationId: string): void =>
  void db.prepare('INSERT OR IGNORE INTO judgment_sources (judgment_id, workstation_id) VALUES (?, ?)').run(judgmentId, workstationId);

export const relabelRow = (db: Database.Database, id: unknown): Row | undefined => db.prepare('SELECT * FROM relabel_requests WHERE id = ?').get(id) as Row | undefined;

export const setRelabelDone = (db: Database.Database, id: unknown, at: unknown, judgmentId: unknown, originalJudgmentId: unknown): void =>
  void db.prepare('UPDATE relabel_requests SET done_at = ?, done_judgment_id = ?, original_judgment_id = ? WHERE id = ?').run(at, judgmentId, originalJudgmentId, id);

export interface LiveVerdict {
  id: string;
  choice: string;
  strength: number | null;
  createdAt: string;
  workstationId: string;
}

/** The evaluator's live verdicts (not position-check repeats, not skips, not an earlier verdict a relabel answer kept
 *  beside itself: db/relabel.ts) on a comparison, by judgment id. */
export function liveVerdicts(db: Database.Database, evaluatorId: string, comparisonId: string, localWorkstationId: string): LiveVerdict[] {
  return db
    .prepare(
      `SELECT j.id, j.choice, j.strength, j.created_at AS createdAt, COALESCE(s.workstation_id, ?) AS workstationId
       FROM live_judgments j LEFT JOIN judgment_sources s ON s.judgment_id = j.id
       WHERE j.evaluator_id = ? AND j.comparison_id = ? AND j.repeat_of IS NULL AND j.choice IN ('A', 'B', 'tie')
         AND NOT ${replacedByRelabel('j')} ORDER BY j.id`,
  ).all(localWorkstationId, evaluatorId, comparisonId) as LiveVerdict[];
}

export interface BundleReceipt {
  sha256: string;
  bundleId: string;
  kind: 'work' | 'results';
  signerWorkstationId: string;
  signerFingerprint: string;
  evaluatorId: string | null;
  evaluatorName: string | null;
  createdAt: string;
  counts: Record<string, number>;
  receivedAt: string;
  actor: string;
}

const RECEIPT_COLUMNS = `sha256, bundle_id AS bundleId, kind, signer_workstation_id AS signerWorkstationId, signer_fingerprint AS signerFingerprint,
  evaluator_id AS evaluatorId, evaluator_name AS evaluatorName, created_at AS createdAt, counts, received_at AS receivedAt, actor`;
const receiptOf = (row: Omit<BundleReceipt, 'counts'> & { counts: string }): BundleReceipt => ({ ...row, counts: JSON.parse(row.counts) as Record<string, number> });

export function receiptBySha(db: Database.Database, sha256: string): BundleReceipt | undefined {
  const row = db.prepare(`SELECT ${RECEIPT_COLUMNS} FROM bundle_receipts WHERE sha256 = ?`).get(sha256) as (Omit<BundleReceipt, 'counts'> & { counts: string }) | undefined;
  return row && receiptOf(row);
}

export function insertReceipt(db: Database.Database, r: BundleReceipt): void {
  db.prepare(
    `INSERT INTO bundle_receipts (sha256, bundle_id, kind, signer_workstation_id, signer_fingerprint, evaluator_id, evaluator_name, created_at, counts, received_at, actor)
     VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)`,
  ).run(r.sha256, r.bundleId, r.kind, r.signerWorkstationId, r.signerFingerprint, r.evaluatorId, r.evaluatorName, r.createdAt, JSON.stringify(r.counts), r.receivedAt, r.actor);
}

/** Per evaluator, the last bundle received for them (latest received_at), most recent first. */
export function lastBundleByEvaluator(db: Database.Database): BundleReceipt[] {
  return (
    db
      .prepare(
        `SELECT ${RECEIPT_COLUMNS} FROM bundle_receipts r
         WHERE r.evaluator_id IS NOT NULL AND r.rowid = (SELECT r2.rowid FROM bundle_receipts r2 WHERE r2.evaluator_id = r.evaluator_id ORDER BY r2.received_at DESC, r2.rowid DESC LIMIT 1)
         ORDER BY r.received_at DESC`,
      )
      .all() as (Omit<BundleReceipt, 'counts'> & { counts: string })[]
  ).map(receiptOf);
}

type CarriedTable = 'runs' | 'layers' | 'run_criteria' | 'datasets' | 'dataset_items' | 'prompts' | 'responses' | 'comparisons' | 'models' | 'external_scores' | 'evaluators' | 'encoders';

/** Whole rows of a table whose `column` is one of `values`, in store order. */
export function rowsWhere(db: Database.Database, table: CarriedTable, column: string, values: readonly unknown[]): Row[] {
  if (values.length === 0) return [];
  const order = table === 'dataset_items' || table === 'external_scores' ? '' : ' ORDER BY rowid'; // external_scores has no rowid
  return db.prepare(`SELECT * FROM ${table} WHERE "${column}" IN (SELECT value FROM json_each(?))${order}`).all(JSON.stringify(values)) as Row[];
}

/**
 * The evaluator's assignment items on these comparisons (their order and their control-trial and position-check draws,
 * made with the lead's shares), of assignments whose source a work bundle carries (the run `runId` or none, a dataset
 * of `datasetIds` or none), with those assignments and the evaluator's row in each.
 */
export function assignmentRowsOf(db: Database.Database, evaluatorId: string, comparisonIds: readonly string[], runId: string | null, datasetIds: readonly unknown[]): { assignments: Row[]; evaluators: Row[]; items: Row[] } {
  const items = db
    .prepare(
      `SELECT ai.* FROM assignment_items ai JOIN assignments a ON a.id = ai.assignment_id
       WHERE ai.evaluator_id = @evaluatorId AND ai.comparison_id IN (SELECT value FROM json_each(@comparisons))
         AND (a.run_id IS NULL OR a.run_id = @runId) AND (a.dataset_id IS NULL OR a.dataset_id IN (SELECT value FROM json_each(@datasets)))
       ORDER BY ai.rowid`,
    )
    .all({ evaluatorId, comparisons: JSON.stringify(comparisonIds), runId, datasets: JSON.stringify(datasetIds) }) as Row[];
  const ids = JSON.stringify([...new Set(items.map((i) => i.assignment_id))]);
  return {
    assignments: db.prepare('SELECT * FROM assignments WHERE id IN (SELECT value FROM json_each(?)) ORDER BY rowid').all(ids) as Row[],
    evaluators: db.prepare('SELECT * FROM assignment_evaluators WHERE evaluator_id = ? AND assignment_id IN (SELECT value FROM json_each(?)) ORDER BY rowid').all(evaluatorId, ids) as Row[],
    items,
  };
}

/** The id of a run of this name, if any. */
export const runIdNamed = (db: Database.Database, name: unknown): string | undefined => db.prepare('SELECT id FROM runs WHERE name = ?').pluck().get(name) as string | undefined;

/** Runs work in one write transaction (BEGIN IMMEDIATE): all of it is committed, or none of it. */
export const inWriteTransaction = <T>(db: Database.Database, work: () => T): T => db.transaction(work).immediate();

/** The id of an evaluator of this kind and name, if any. */
export const evaluatorIdOf = (db: Database.Database, kind: unknown, name: unknown): string | undefined =>
  db.prepare('SELECT id FROM evaluators WHERE kind = ? AND name = ?').pluck().get(kind, name) as string | undefined;
