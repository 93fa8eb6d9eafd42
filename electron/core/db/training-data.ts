// The rows training data is built from (ladder/training-data.ts): every usable verdict with its source, and the
// comparisons with their prompt and both responses' texts and embeddings, one at a time. Both are read in rowid
// order, the order rows were written in (the caller sorts by id): the joins then follow the file, not random ids
// (200,000 comparisons: 8 s → 2.5 s).
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

/** A usable verdict as its columns (UsableVerdictRow's fields, in their order). */
export type UsableVerdictColumns = [id: string, comparisonId: string, evaluatorId: string, choice: UsableVerdictRow['choice'], strength: number | null, source: UsableVerdictRow['source']];

/** Every usable verdict (usable_verdicts) with its source, or only those on the given comparisons (one index probe
 *  per comparison instead of a pass over every verdict), in the order they were written, handed to `visit` one at a time. */
export function eachUsableVerdict(db: Database.Database, comparisonIds: readonly string[] | undefined, visit: (row: UsableVerdictColumns) => void): void {
  const rows = db
    .prepare(
      `SELECT j.id, j.comparison_id, j.evaluator_id, j.choice, j.strength,
              CASE WHEN e.kind = 'model' THEN 'model' WHEN e.simulated IS NOT NULL THEN 'simulated' ELSE 'human' END
         FROM usable_verdicts j JOIN evaluators e ON e.id = j.evaluator_id
        ${comparisonIds ? 'WHERE j.comparison_id IN (SELECT value FROM json_each(?))' : ''}
        ORDER BY j.seq`,
    )
    .raw()
    .iterate(...(comparisonIds ? [JSON.stringify(comparisonIds)] : []));
  for (const row of rows) visit(row as UsableVerdictColumns);
}

/** eachUsableVerdict's verdicts as objects. */
export function usableVerdictRows(db: Database.Database, comparisonIds?: readonly string[]): UsableVerdictRow[] {
  const rows: UsableVerdictRow[] = [];
  eachUsableVerdict(db, comparisonIds, ([id, comparisonId, evaluatorId, choice, strength, source]) => rows.push({ id, comparisonId, evaluatorId, choice, strength, source }));
  return rows;
}

/** A comparison with its prompt and responses, as its columns: id, prompt id, prompt text, then per response its id,
 *  text, embedding and the embedding's dimension. */
export type ComparisonItemRow = [
  id: string,
  promptId: string,
  prompt: string,
  aId: string,
  aText: string,
  aEmbedding: Buffer | null,
  aDim: number | null,
  bId: string,
  bText: string,
  bEmbedding: Buffer | null,
  bDim: number | null,
];

/** Every comparison (of one dataset when given, and only the given ones when listed) with its prompt and responses,
 *  in the order they were written, handed to `visit` one at a time (a row is not kept unless `visit` keeps it). */
export function eachComparisonItemRow(db: Database.Database, datasetId: string | undefined, comparisonIds: readonly string[] | undefined, visit: (row: ComparisonItemRow) => void): void {
  const where = [...(datasetId ? [inDatasetSql('c', '= ?')] : []), ...(comparisonIds ? ['c.id IN (SELECT value FROM json_each(?))'] : [])];
  const rows = db
    .prepare(
      `SELECT c.id, c.prompt_id, p.text, ra.id, ra.text, ra.embedding, ra.embedding_dim, rb.id, rb.text, rb.embedding, rb.embedding_dim
         FROM comparisons c
         JOIN prompts p ON p.id = c.prompt_id
         JOIN responses ra ON ra.id = c.response_a_id
         JOIN responses rb ON rb.id = c.response_b_id
        ${where.length ? `WHERE ${where.join(' AND ')}` : ''}
        ORDER BY c.rowid`,
    )
    .raw()
    .iterate(...(datasetId ? [datasetId, datasetId] : []), ...(comparisonIds ? [JSON.stringify(comparisonIds)] : []));
  for (const row of rows) visit(row as ComparisonItemRow);
}
