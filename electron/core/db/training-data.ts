// The rows training data is built from (ladder/training-data.ts): every usable verdict with its source, and the
// comparisons with their prompt and both responses' texts and embeddings. Both are read in rowid order, the order
// rows were written in (the caller sorts by id): the joins then follow the file, not random ids (200,000
// comparisons: 8 s → 2.5 s).
import type Database from 'better-sqlite3';
import { inDatasetSql } from './membership';

export interface UsableVerdictRow {
  id: string;
  comparisonId: string;
  evaluatorId: string;
  choice: 'A' | 'B' | 'tie';
  strength: number | null;
  /** An evaluator of kind 'model' is a model; kind 'human' with `simulated` set is simulated; the rest are people. */
  source: 'human' | 'simulated' | 'model';
}

/** Every usable verdict (usable_verdicts) with its source, or only those on the given comparisons (one index probe
 *  per comparison instead of a pass over every verdict), in the order they were written. */
export function usableVerdictRows(db: Database.Database, comparisonIds?: readonly string[]): UsableVerdictRow[] {
  return db
    .prepare(
      `SELECT j.id, j.comparison_id AS comparisonId, j.evaluator_id AS evaluatorId, j.choice, j.strength,
              CASE WHEN e.kind = 'model' THEN 'model' WHEN e.simulated IS NOT NULL THEN 'simulated' ELSE 'human' END AS source
         FROM usable_verdicts j JOIN evaluators e ON e.id = j.evaluator_id
        ${comparisonIds ? 'WHERE j.comparison_id IN (SELECT value FROM json_each(?))' : ''}
        ORDER BY j.seq`,
    )
    .all(...(comparisonIds ? [JSON.stringify(comparisonIds)] : [])) as UsableVerdictRow[];
}

export interface ComparisonItemRow {
  id: string;
  prompt_id: string;
  prompt: string;
  a_id: string;
  a_text: string;
  a_emb: Buffer | null;
  a_dim: number | null;
  b_id: string;
  b_text: string;
  b_emb: Buffer | null;
  b_dim: number | null;
}

/** Every comparison (of one dataset when given, and only the given ones when listed) with its prompt and responses,
 *  in the order they were written. */
export function comparisonItemRows(db: Database.Database, datasetId?: string, comparisonIds?: readonly string[]): ComparisonItemRow[] {
  const where = [...(datasetId ? [inDatasetSql('c', '= ?')] : []), ...(comparisonIds ? ['c.id IN (SELECT value FROM json_each(?))'] : [])];
  return db
    .prepare(
      `SELECT c.id, c.prompt_id, p.text AS prompt,
              ra.id AS a_id, ra.text AS a_text, ra.embedding AS a_emb, ra.embedding_dim AS a_dim,
              rb.id AS b_id, rb.text AS b_text, rb.embedding AS b_emb, rb.embedding_dim AS b_dim
         FROM comparisons c
         JOIN prompts p ON p.id = c.prompt_id
         JOIN responses ra ON ra.id = c.response_a_id
         JOIN responses rb ON rb.id = c.response_b_id
        ${where.length ? `WHERE ${where.join(' AND ')}` : ''}
        ORDER BY c.rowid`,
    )
    .all(...(datasetId ? [datasetId, datasetId] : []), ...(comparisonIds ? [JSON.stringify(comparisonIds)] : [])) as ComparisonItemRow[];
}
