// Reading comparisons and their texts: one comparison with its prompt and both responses (texts, segments,
// embeddings), ground truths and metadata of a set of comparisons, and the responses of a set of comparisons.
import type Database from 'better-sqlite3';

/** How many comparisons the store holds. */
export function comparisonCount(db: Database.Database): number {
  return db.prepare('SELECT count(*) FROM comparisons').pluck().get() as number;
}

export interface ResponseSide {
  text: string;
  /** The data's segments (JSON), if any. */
  segments: string | null;
  embedding: Buffer | null;
  dim: number | null;
}

export interface ComparisonTexts {
  prompt: string;
  a: ResponseSide;
  b: ResponseSide;
}

/** A comparison's prompt and both responses; null when there is no such comparison. */
export function comparisonTexts(db: Database.Database, comparisonId: string): ComparisonTexts | null {
  const row = db
    .prepare(
      `SELECT p.text AS prompt, ra.text AS aText, ra.segments AS aSeg, ra.embedding AS aEmb, ra.embedding_dim AS aDim,
              rb.text AS bText, rb.segments AS bSeg, rb.embedding AS bEmb, rb.embedding_dim AS bDim
       FROM comparisons c JOIN prompts p ON p.id = c.prompt_id
       JOIN responses ra ON ra.id = c.response_a_id JOIN responses rb ON rb.id = c.response_b_id WHERE c.id = ?`,
    )
    .get(comparisonId) as
    | { prompt: string; aText: string; aSeg: string | null; aEmb: Buffer | null; aDim: number | null; bText: string; bSeg: string | null; bEmb: Buffer | null; bDim: number | null }
    | undefined;
  if (!row) return null;
  return {
    prompt: row.prompt,
    a: { text: row.aText, segments: row.aSeg, embedding: row.aEmb, dim: row.aDim },
    b: { text: row.bText, segments: row.bSeg, embedding: row.bEmb, dim: row.bDim },
  };
}

/** Each of these comparisons with its ground truth (null where the data has none). */
export function groundTruths(db: Database.Database, comparisonIds: readonly string[]): { id: string; gt: string | null }[] {
  return db.prepare('SELECT id, ground_truth AS gt FROM comparisons WHERE id IN (SELECT value FROM json_each(?))').all(JSON.stringify(comparisonIds)) as { id: string; gt: string | null }[];
}

/** Each of these comparisons with its ground truth (null where the data has none) and metadata (JSON text). */
export function comparisonTruths(db: Database.Database, comparisonIds: readonly string[]): { id: string; groundTruth: 'A' | 'B' | 'tie' | null; metadata: string | null }[] {
  return db
    .prepare(`SELECT id, ground_truth AS groundTruth, metadata FROM comparisons WHERE id IN (SELECT value FROM json_each(?))`)
    .all(JSON.stringify(comparisonIds)) as { id: string; groundTruth: 'A' | 'B' | 'tie' | null; metadata: string | null }[];
}

/** The comparisons among these whose ground truth is decisive (A or B), with it. */
export function decisiveGroundTruths(db: Database.Database, comparisonIds: readonly string[]): { id: string; truth: 'A' | 'B' }[] {
  return db.prepare(`SELECT id, ground_truth AS truth FROM comparisons WHERE ground_truth IN ('A', 'B') AND id IN (SELECT value FROM json_each(?))`).all(
    JSON.stringify(comparisonIds),
  ) as { id: string; truth: 'A' | 'B' }[];
}

export interface ResponseRow {
  id: string;
  text: string;
  promptId: string;
  prompt: string;
  embedding: Buffer | null;
  dim: number | null;
}

/** The distinct responses of these comparisons (either side), with their prompt. */
export function responsesOfComparisons(db: Database.Database, comparisonIds: readonly string[]): ResponseRow[] {
  return db
    .prepare(
      `SELECT r.id, r.text, r.prompt_id AS promptId, p.text AS prompt, r.embedding, r.embedding_dim AS dim
         FROM responses r JOIN prompts p ON p.id = r.prompt_id
        WHERE r.id IN (SELECT c.response_a_id FROM comparisons c WHERE c.id IN (SELECT value FROM json_each(@ids))
                       UNION SELECT c.response_b_id FROM comparisons c WHERE c.id IN (SELECT value FROM json_each(@ids)))`,
    )
    .all({ ids: JSON.stringify(comparisonIds) }) as ResponseRow[];
}
