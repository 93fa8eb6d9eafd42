// Copying a staged file (db/staging-file.ts) into the store: its dataset row, prompts, responses, comparisons, the
// memberships of comparisons an earlier dataset brought, evaluators (matched by kind and name) and judgments, in one
// transaction with its audit entry. Content-derived ids make it idempotent (INSERT OR IGNORE).
import type Database from 'better-sqlite3';
import { nowIso } from '../ids';
import { appendAudit } from './audit';
import { extendLayerMembers } from './layer-members';

/** The dataset imported from a file with this content hash, if any. */
export function datasetIdByHash(db: Database.Database, contentHash: string): string | null {
  return (db.prepare('SELECT id FROM datasets WHERE content_hash = ?').pluck().get(contentHash) as string | undefined) ?? null;
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

/** Copies the staged file at `stagingPath` (its connection closed) into the store as `dataset`, in one transaction. */
export function copyStagedDataset(db: Database.Database, stagingPath: string, dataset: StagedDataset): CopyCounts {
  const now = nowIso();
  db.prepare('ATTACH DATABASE ? AS staging').run(stagingPath);
  // Foreign-key checks are off for the bulk copy: every reference in it is a content-derived id of a row
  // copied in the same transaction or already present, and evaluators are joined by (kind, name).
  // They cost a third of the copy. (The pragma cannot change inside a transaction, hence here.)
  db.pragma('foreign_keys = OFF');
  try {
    return db.transaction((): CopyCounts => {
      db.prepare('INSERT INTO datasets (id, name, format, file_name, content_hash, records, created_at) VALUES (?, ?, ?, ?, ?, ?, ?)').run(
        dataset.id,
        dataset.name,
        dataset.format,
        dataset.fileName,
        dataset.contentHash,
        dataset.records,
        now,
      );
      db.prepare('INSERT OR IGNORE INTO main.prompts (id, text, created_at) SELECT id, text, ? FROM staging.prompts').run(now);
      db.prepare(
        `INSERT OR IGNORE INTO main.responses (id, prompt_id, text, segments, embedding, embedding_dim, created_at)
         SELECT a_id, prompt_id, a_text, a_segments, a_embedding, a_dim, @now FROM staging.records
         UNION ALL SELECT b_id, prompt_id, b_text, b_segments, b_embedding, b_dim, @now FROM staging.records`,
      ).run({ now });
      const comparisonsAdded = db
        .prepare(
          `INSERT OR IGNORE INTO main.comparisons (id, dataset_id, line, prompt_id, response_a_id, response_b_id, layer, ground_truth, metadata, response_chars, created_at)
           SELECT comparison_id, ?, line, prompt_id, a_id, b_id, layer, ground_truth, metadata, length(a_text) + length(b_text), ? FROM staging.records`,
        )
        .run(dataset.id, now).changes;
      // Records this file shares with earlier datasets join it through dataset_items (migration 0006); a file of
      // only new comparisons has none, and skips the lookups.
      if (comparisonsAdded < dataset.records) {
        db.prepare(
          `INSERT OR IGNORE INTO main.dataset_items (dataset_id, comparison_id, line)
           SELECT @datasetId, s.comparison_id, s.line FROM staging.records s JOIN main.comparisons c ON c.id = s.comparison_id
           WHERE c.dataset_id IS NOT @datasetId`,
        ).run({ datasetId: dataset.id });
      }
      const evaluatorsAdded = db
        .prepare(
          `INSERT OR IGNORE INTO main.evaluators (id, kind, name, domains, source, created_at)
           SELECT s.id, s.kind, s.name, '[]', ?, ? FROM staging.evaluators s
           WHERE NOT EXISTS (SELECT 1 FROM main.evaluators e WHERE e.kind = s.kind AND e.name = s.name)`,
        )
        .run(dataset.name, now).changes;
      // Imported evaluators are matched by (kind, name), so judgments join onto an evaluator that already existed.
      const judgmentsAdded = db
        .prepare(
          `INSERT OR IGNORE INTO main.judgments (id, comparison_id, evaluator_id, choice, strength, confidence, rationale, origin, dataset_id, created_at)
           SELECT j.id, j.comparison_id, e.id, j.choice, j.strength, j.confidence, j.rationale, 'import', ?, ?
           FROM staging.judgments j
           JOIN staging.evaluators se ON se.id = j.evaluator_id
           JOIN main.evaluators e ON e.kind = se.kind AND e.name = se.name`,
        )
        .run(dataset.id, now).changes;
      extendLayerMembers(db); // the new comparisons join the run layers whose rules they meet, in this transaction
      const counts = { comparisonsAdded, judgmentsAdded, evaluatorsAdded };
      appendAudit(db, { actor: dataset.actor, action: 'import', entity: 'dataset', entityId: dataset.id, details: { ...dataset.auditDetails, ...counts } });
      return counts;
    }).immediate();
  } finally {
    db.pragma('foreign_keys = ON');
    db.prepare('DETACH DATABASE staging').run();
  }
}
