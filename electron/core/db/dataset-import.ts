// Copying a staged file (db/staging-file.ts) into the store: its dataset row, prompts, responses, comparisons, the
// memberships of comparisons an earlier dataset brought, evaluators (matched by kind and name) and judgments. The copy
// runs in steps of about STEP_TARGET_MS (20 ms), and commits between two steps whenever a writer waits for the lock
// (db/waiting-writers.ts), which then goes first: at a million comparisons one transaction for a 200,000-record file
// held the lock past the 30 s an evaluator's verdict waits. The dataset is marked complete by the last transaction,
// with its audit entry (migration 0015); rows are visible as their transaction commits, each comparison after its
// prompt and responses. Content-derived ids make the copy idempotent (INSERT OR IGNORE), so importing the same file
// again finishes a copy that was cut short. Each step adds the rows it inserted to the kept row counts (migration 0017).
import type Database from 'better-sqlite3';
import { nowIso } from '../ids';
import { appendAudit } from './audit';
import { extendLayerMembers } from './layer-members';
import { addKeptRows } from './row-counts';
import { letWaitingWritersIn, writersWaiting } from './waiting-writers';

/** The dataset whose copy from a file with this content hash finished, if any. */
export function datasetIdByHash(db: Database.Database, contentHash: string): string | null {
  return (db.prepare('SELECT id FROM datasets WHERE content_hash = ? AND complete = 1').pluck().get(contentHash) as string | undefined) ?? null;
}

export interface StagedDataset {
  id: string;
  name: string;
  format: string;
  fileName: string;
  contentHash: string;
  /** Records staged. */
  records: number;
  /** Who imports, and what else the audit entry records (the counts copied are added). */
  actor: string;
  auditDetails: Record<string, unknown>;
}

export interface CopyCounts {
  comparisonsAdded: number;
  judgmentsAdded: number;
  evaluatorsAdded: number;
}

/** About how long one step of the copy runs; the rows per step adapt to it. A writer that starts waiting for the
 *  lock gets it after the step and the commit (at 200,000 comparisons, verdicts met by an import waited p95 145 ms
 *  with 20 ms steps and 190 ms with 50 ms steps; the rest is the commit and the fsync of what the copy wrote). */
const STEP_TARGET_MS = 20;
const FIRST_STEP_ROWS = 2_000;
const FEWEST_STEP_ROWS = 100;
const MOST_STEP_ROWS = 200_000;

/**
 * Runs work in one transaction with the staged file attached as `staging`, and the connection set for a bulk copy:
 * - foreign-key checks off: every reference in the copy is a content-derived id of a row copied before it or already
 *   present, and evaluators are joined by (kind, name); the checks cost a third of the copy;
 * - no fsync on commit (synchronous NORMAL): a commit lost to a power cut is copied again when the file is imported
 *   again, and the dataset is marked complete only by the copy's last transaction, fsynced as every other commit is;
 * - no checkpoint on commit: the copy's commits come fast when a writer waits, and each would copy the growing WAL
 *   into the database file (together a commit took 70–130 ms, now about 25); the copy checkpoints once at its end.
 * Set and restored per transaction (none of it can change inside one), so the connection is as it was between them.
 */
function inStagingTransaction<T>(db: Database.Database, stagingPath: string, work: () => T): T {
  const synchronous = db.pragma('synchronous', { simple: true }) as number;
  const autocheckpoint = db.pragma('wal_autocheckpoint', { simple: true }) as number;
  db.prepare('ATTACH DATABASE ? AS staging').run(stagingPath);
  db.pragma('foreign_keys = OFF');
  db.pragma('synchronous = NORMAL');
  db.pragma('wal_autocheckpoint = 0');
  try {
    return db.transaction(work).immediate();
  } finally {
    db.pragma(`wal_autocheckpoint = ${autocheckpoint}`);
    db.pragma(`synchronous = ${synchronous}`);
    db.pragma('foreign_keys = ON');
    db.prepare('DETACH DATABASE staging').run();
  }
}

/**
 * Copies a staging table's rows 1..last (its rows are appended, so rowids run 1..count) in steps of rowid ranges. Steps follow each other in one transaction until a
 * writer is waiting (db/waiting-writers.ts); then the transaction commits and the writer goes first. Committing only
 * then keeps the copy as fast as one transaction: each commit rewrites every index page the rows touched.
 */
async function copyInSteps(db: Database.Database, stagingPath: string, last: number, copyRange: (from: number, to: number) => void): Promise<void> {
  let rows = FIRST_STEP_ROWS;
  for (let from = 1; from <= last; ) {
    inStagingTransaction(db, stagingPath, () => {
      do {
        const to = Math.min(last, from + rows - 1);
        const started = performance.now();
        copyRange(from, to);
        const onTarget = (rows * STEP_TARGET_MS) / Math.max(1, performance.now() - started); // the rows that would have taken the target time
        rows = Math.round(Math.min(MOST_STEP_ROWS, rows * 4, Math.max(FEWEST_STEP_ROWS, rows / 4, onTarget)));
        from = to + 1;
      } while (from <= last && !writersWaiting(db.name, { otherThreads: true }));
    });
    await letWaitingWritersIn(db.name);
  }
}

/** Copies the staged file at `stagingPath` (its connection closed) into the store as `dataset`; `onRecordsCopied` is
 *  told after each step how many of its records are in (committed at the latest with the next commit). */
export async function copyStagedDataset(
  db: Database.Database,
  stagingPath: string,
  dataset: StagedDataset,
  onRecordsCopied?: (records: number) => void,
): Promise<CopyCounts> {
  const now = nowIso();
  const counts: CopyCounts = { comparisonsAdded: 0, judgmentsAdded: 0, evaluatorsAdded: 0 };
  const rowsOf = (table: string) => db.prepare(`SELECT coalesce(max(rowid), 0) FROM staging.${table}`).pluck().get() as number;
  const staged = inStagingTransaction(db, stagingPath, () => {
    // Left in place when it is there already: an earlier copy of this file was cut short, and this one finishes it.
    db.prepare('INSERT OR IGNORE INTO datasets (id, name, format, file_name, content_hash, records, created_at, complete) VALUES (?, ?, ?, ?, ?, ?, ?, 0)').run(
      dataset.id,
      dataset.name,
      dataset.format,
      dataset.fileName,
      dataset.contentHash,
      dataset.records,
      now,
    );
    counts.evaluatorsAdded = db
      .prepare(
        `INSERT OR IGNORE INTO main.evaluators (id, kind, name, domains, source, label_source, created_at)
         SELECT s.id, s.kind, s.name, '[]', ?, s.label_source, ? FROM staging.evaluators s
         WHERE NOT EXISTS (SELECT 1 FROM main.evaluators e WHERE e.kind = s.kind AND e.name = s.name)`,
      )
      .run(dataset.name, now).changes;
    return { prompts: rowsOf('prompts'), records: rowsOf('records'), judgments: rowsOf('judgments') };
  });
  await letWaitingWritersIn(db.name);
  await copyInSteps(db, stagingPath, staged.prompts, (from, to) => {
    const prompts = db.prepare('INSERT OR IGNORE INTO main.prompts (id, text, created_at) SELECT id, text, ? FROM staging.prompts WHERE rowid BETWEEN ? AND ?');
    addKeptRows(db, 'prompts', prompts.run(now, from, to).changes);
  });
  await copyInSteps(db, stagingPath, staged.records, (from, to) => {
    const range = { now, from, to, datasetId: dataset.id };
    const responses = db.prepare(
      `INSERT OR IGNORE INTO main.responses (id, prompt_id, text, segments, embedding, embedding_dim, created_at)
       SELECT a_id, prompt_id, a_text, a_segments, a_embedding, a_dim, @now FROM staging.records WHERE rowid BETWEEN @from AND @to
       UNION ALL SELECT b_id, prompt_id, b_text, b_segments, b_embedding, b_dim, @now FROM staging.records WHERE rowid BETWEEN @from AND @to`,
    );
    addKeptRows(db, 'responses', responses.run(range).changes);
    const added = db
      .prepare(
        `INSERT OR IGNORE INTO main.comparisons (id, dataset_id, line, prompt_id, response_a_id, response_b_id, layer, ground_truth, metadata, response_chars, created_at)
         SELECT comparison_id, @datasetId, line, prompt_id, a_id, b_id, layer, ground_truth, metadata, length(a_text) + length(b_text), @now
         FROM staging.records WHERE rowid BETWEEN @from AND @to`,
      )
      .run(range).changes;
    addKeptRows(db, 'comparisons', added);
    counts.comparisonsAdded += added;
    // Records this file shares with earlier datasets join it through dataset_items (migration 0006); a range of
    // only new comparisons has none, and skips the lookups.
    if (added < to - from + 1) {
      db.prepare(
        `INSERT OR IGNORE INTO main.dataset_items (dataset_id, comparison_id, line)
         SELECT @datasetId, s.comparison_id, s.line FROM staging.records s JOIN main.comparisons c ON c.id = s.comparison_id
         WHERE s.rowid BETWEEN @from AND @to AND c.dataset_id IS NOT @datasetId`,
      ).run({ datasetId: dataset.id, from, to });
    }
    extendLayerMembers(db); // the new comparisons join the run layers whose rules they meet, in this transaction
    onRecordsCopied?.(to);
  });
  // Imported evaluators are matched by (kind, name), so judgments join onto an evaluator that already existed.
  await copyInSteps(db, stagingPath, staged.judgments, (from, to) => {
    counts.judgmentsAdded += db
      .prepare(
        `INSERT OR IGNORE INTO main.judgments (id, comparison_id, evaluator_id, choice, strength, confidence, rationale, origin, dataset_id, created_at)
         SELECT j.id, j.comparison_id, e.id, j.choice, j.strength, j.confidence, j.rationale, 'import', ?, ?
         FROM staging.judgments j
         JOIN staging.evaluators se ON se.id = j.evaluator_id
         JOIN main.evaluators e ON e.kind = se.kind AND e.name = se.name
         WHERE j.rowid BETWEEN ? AND ?`,
      )
      .run(dataset.id, now, from, to).changes;
  });
  db.transaction(() => {
    db.prepare('UPDATE datasets SET complete = 1 WHERE id = ?').run(dataset.id);
    appendAudit(db, { actor: dataset.actor, action: 'import', entity: 'dataset', entityId: dataset.id, details: { ...dataset.auditDetails, ...counts } });
  }).immediate();
  db.pragma('wal_checkpoint(PASSIVE)'); // what the copy's commits left in the WAL, here rather than in a verdict's commit
  return counts;
}
