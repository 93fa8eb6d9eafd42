// Copying a staged file (db/staging-file.ts) into the store: its dataset row, prompts, responses, comparisons, the
// memberships of comparisons an earlier dataset brought, evaluators (matched by kind and name) and judgments. The copy
// runs in steps of about STEP_TARGET_MS (20 ms), and commits between two steps whenever a writer waits for the lock
// (db/waiting-writers.ts), which then goes first: at a million comparisons one transaction for a 200,000-record file
// held the lock past the 30 s an evaluator's verdict waits. The dataset is marked complete by the last transaction,
// with its audit entry (migration 0015); rows are visible as their transaction commits, each comparison after its
// prompt and responses. Content-derived ids make the copy idempotent (INSERT OR IGNORE), so importing the same file
// again finishes a copy that was cut short. Each step adds the rows it inserted to the kept row counts (migration 0017).
// A transaction that meets another process's writer (another import, a `rung` command) waits for it off the thread and
// begins again (db/busy-retry.ts); past the copy's deadline the import fails with BUSY, the rows before kept.
import type Database from 'better-sqlite3';
import { nowIso } from '../ids';
import { appendAudit } from './audit';
import { retryWhileBusy } from './busy-retry';
import { PAGE_CACHE_MIB } from './connection';
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

/** What the copy's transactions name in a BUSY error, and how long each waits in all for another writer. */
interface CopyContext {
  fileName: string;
  busyDeadlineMs: number;
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
/** How long one of the copy's transactions waits in all for another writer before the import fails with BUSY. */
export const COPY_BUSY_DEADLINE_MS = 300_000;
/** Where a copy that failed with BUSY leaves the store. */
const COPY_CUT_SHORT = 'the records copied so far are kept, and importing the file again finishes the copy';
const MOST_STEP_ROWS = 200_000;

/**
 * Runs work in one transaction with the staged file attached as `staging`, and the connection set for a bulk copy:
 * - foreign-key checks off: every reference in the copy is a content-derived id of a row copied before it or already
 *   present, and evaluators are joined by (kind, name); the checks cost a third of the copy;
 * - no fsync on commit (synchronous NORMAL): a commit lost to a power cut is copied again when the file is imported
 *   again, and the dataset is marked complete only by the copy's last transaction, fsynced as every other commit is;
 * - no checkpoint on commit: the copy's commits come fast when a writer waits, and each would copy the growing WAL
 *   into the database file (together a commit took 70–130 ms, now about 25); the copy checkpoints once at its end;
 * - a page cache of at least the default (PAGE_CACHE_MIB): the copy inserts into the indexes of every table at scattered pages, and
 *   the long-call thread's own 16 MiB (host/domain-worker.ts) made a 200,000-record import into 10^6 a fifth slower.
 * Set and restored per transaction (none of it can change inside one), so the connection is as it was between them.
 */
function inStagingTransaction<T>(db: Database.Database, stagingPath: string, work: () => T, copy: CopyContext): Promise<T> {
  return retryWhileBusy(`${copy.fileName}: copying into the store`, () => stagingTransaction(db, stagingPath, work), copy.busyDeadlineMs, db.name, COPY_CUT_SHORT);
}

/** One try of inStagingTransaction: fails at BEGIN with SQLITE_BUSY, having changed nothing, when another writer
 *  held the lock for the connection's whole busy timeout. */
function stagingTransaction<T>(db: Database.Database, stagingPath: string, work: () => T): T {
  const synchronous = db.pragma('synchronous', { simple: true }) as number;
  const autocheckpoint = db.pragma('wal_autocheckpoint', { simple: true }) as number;
  const cacheSize = db.pragma('cache_size', { simple: true }) as number;
  db.prepare('ATTACH DATABASE ? AS staging').run(stagingPath);
  db.pragma('foreign_keys = OFF');
  db.pragma('synchronous = NORMAL');
  db.pragma('wal_autocheckpoint = 0');
  if (cacheSize < 0 && -cacheSize < PAGE_CACHE_MIB.default * 1024) db.pragma(`cache_size = -${PAGE_CACHE_MIB.default * 1024}`);
  try {
    return db.transaction(work).immediate();
  } finally {
    db.pragma(`cache_size = ${cacheSize}`);
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
 * `copyRange` returns the rows it added; their sum over the committed transactions is returned. Where the copy stands
 * moves on only when a transaction commits, so a transaction that was rolled back is copied again whole.
 */
async function copyInSteps(db: Database.Database, stagingPath: string, last: number, copy: CopyContext, copyRange: (from: number, to: number) => number): Promise<number> {
  let rows = FIRST_STEP_ROWS;
  let added = 0;
  for (let from = 1; from <= last; ) {
    const committed = await inStagingTransaction(db, stagingPath, () => {
      let next = from, stepRows = rows, stepAdded = 0;
      do {
        const to = Math.min(last, next + stepRows - 1);
        const started = performance.now();
        stepAdded += copyRange(next, to);
        const onTarget = (stepRows * STEP_TARGET_MS) / Math.max(1, performance.now() - started); // the rows that would have taken the target time
        stepRows = Math.round(Math.min(MOST_STEP_ROWS, stepRows * 4, Math.max(FEWEST_STEP_ROWS, stepRows / 4, onTarget)));
        next = to + 1;
      } while (next <= last && !writersWaiting(db.name, { otherThreads: true }));
      return { next, stepRows, stepAdded };
    }, copy);
    ({ next: from, stepRows: rows } = committed);
    added += committed.stepAdded;
    await letWaitingWritersIn(db.name);
  }
  return added;
}

/** Copies the staged file at `stagingPath` (its connection closed) into the store as `dataset`; `onRecordsCopied` is
 *  told after each step how many of its records are in (committed at the latest with the next commit). */
export async function copyStagedDataset(
  db: Database.Database,
  stagingPath: string,
  dataset: StagedDataset,
  onRecordsCopied?: (records: number) => void,
  busyDeadlineMs = COPY_BUSY_DEADLINE_MS,
): Promise<CopyCounts> {
  const now = nowIso();
  const copy: CopyContext = { fileName: dataset.fileName, busyDeadlineMs };
  const rowsOf = (table: string) => db.prepare(`SELECT coalesce(max(rowid), 0) FROM staging.${table}`).pluck().get() as number;
  const staged = await inStagingTransaction(db, stagingPath, () => {
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
    const evaluatorsAdded = db
      .prepare(
        `INSERT OR IGNORE INTO main.evaluators (id, kind, name, domains, source, label_source, created_at)
         SELECT s.id, s.kind, s.name, '[]', ?, s.label_source, ? FROM staging.evaluators s
         WHERE NOT EXISTS (SELECT 1 FROM main.evaluators e WHERE e.kind = s.kind AND e.name = s.name)`,
      )
      .run(dataset.name, now).changes;
    return { evaluatorsAdded, prompts: rowsOf('prompts'), records: rowsOf('records'), judgments: rowsOf('judgments') };
  }, copy);
  await letWaitingWritersIn(db.name);
  await copyInSteps(db, stagingPath, staged.prompts, copy, (from, to) => {
    const prompts = db.prepare('INSERT OR IGNORE INTO main.prompts (id, text, created_at) SELECT id, text, ? FROM staging.prompts WHERE rowid BETWEEN ? AND ?');
    const added = prompts.run(now, from, to).changes;
    addKeptRows(db, 'prompts', added);
    return added;
  });
  const comparisonsAdded = await copyInSteps(db, stagingPath, staged.records, copy, (from, to) => {
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
    return added;
  });
  // Imported evaluators are matched by (kind, name), so judgments join onto an evaluator that already existed.
  const judgmentsAdded = await copyInSteps(db, stagingPath, staged.judgments, copy, (from, to) =>
    db
      .prepare(
        `INSERT OR IGNORE INTO main.judgments (id, comparison_id, evaluator_id, choice, strength, confidence, rationale, origin, dataset_id, created_at)
         SELECT j.id, j.comparison_id, e.id, j.choice, j.strength, j.confidence, j.rationale, 'import', ?, ?
         FROM staging.judgments j
         JOIN staging.evaluators se ON se.id = j.evaluator_id
         JOIN main.evaluators e ON e.kind = se.kind AND e.name = se.name
         WHERE j.rowid BETWEEN ? AND ?`,
      )
      .run(dataset.id, now, from, to).changes,
  );
  const counts: CopyCounts = { comparisonsAdded, judgmentsAdded, evaluatorsAdded: staged.evaluatorsAdded };
  await retryWhileBusy(`${dataset.fileName}: marking the import complete`, () => db.transaction(() => {
    db.prepare('UPDATE datasets SET complete = 1 WHERE id = ?').run(dataset.id);
    appendAudit(db, { actor: dataset.actor, action: 'import', entity: 'dataset', entityId: dataset.id, details: { ...dataset.auditDetails, ...counts } });
  }).immediate(), busyDeadlineMs, db.name, COPY_CUT_SHORT);
  db.pragma('wal_checkpoint(PASSIVE)'); // what the copy's commits left in the WAL, here rather than in a verdict's commit
  return counts;
}
