// The external_scores table (migration 0026): a lab's own reward model's rewards per comparison, stored with the
// models row that stands for it (kind 'external', no weights), and read back by comparison or by response.
import type Database from 'better-sqlite3';
import { insertModel, type NewModelRow } from './models';

export interface ExternalScoreRow {
  comparisonId: string;
  rewardA: number;
  rewardB: number;
  stdA: number | null;
  stdB: number | null;
}

/** Stores an external model and its scores in one transaction (the model becomes the active one of its run and layer). */
export function insertExternalModel(db: Database.Database, model: NewModelRow, scores: readonly ExternalScoreRow[]): void {
  db.transaction(() => {
    insertModel(db, model);
    const insert = db.prepare('INSERT INTO external_scores (model_id, comparison_id, reward_a, reward_b, std_a, std_b) VALUES (?, ?, ?, ?, ?, ?)');
    for (const s of scores) insert.run(model.id, s.comparisonId, s.rewardA, s.rewardB, s.stdA, s.stdB);
  }).immediate();
}

/** The model's scores of these comparisons (those it has). */
export function externalScores(db: Database.Database, modelId: string, comparisonIds: readonly string[]): ExternalScoreRow[] {
  if (comparisonIds.length === 0) return [];
  return db
    .prepare(
      `SELECT comparison_id AS comparisonId, reward_a AS rewardA, reward_b AS rewardB, std_a AS stdA, std_b AS stdB
         FROM external_scores WHERE model_id = ? AND comparison_id IN (SELECT value FROM json_each(?))`,
    )
    .all(modelId, JSON.stringify(comparisonIds)) as ExternalScoreRow[];
}

/** Each of these responses' mean reward over the model's scores of the comparisons that hold it (those it has). */
export function externalResponseRewards(db: Database.Database, modelId: string, responseIds: readonly string[]): Map<string, number> {
  if (responseIds.length === 0) return new Map();
  const rows = db
    .prepare(
      `WITH wanted(id) AS (SELECT value FROM json_each(?)),
            sides(responseId, reward) AS (
              SELECT c.response_a_id, s.reward_a FROM external_scores s JOIN comparisons c ON c.id = s.comparison_id
               WHERE s.model_id = ? AND c.response_a_id IN wanted
              UNION ALL
              SELECT c.response_b_id, s.reward_b FROM external_scores s JOIN comparisons c ON c.id = s.comparison_id
               WHERE s.model_id = ? AND c.response_b_id IN wanted)
       SELECT responseId, avg(reward) AS reward FROM sides GROUP BY responseId`,
    )
    .all(JSON.stringify(responseIds), modelId, modelId) as { responseId: string; reward: number }[];
  return new Map(rows.map((r) => [r.responseId, r.reward]));
}

/** The stored comparisons among these ids. */
export function storedComparisonIds(db: Database.Database, ids: readonly string[]): Set<string> {
  if (ids.length === 0) return new Set();
  return new Set(db.prepare('SELECT id FROM comparisons WHERE id IN (SELECT value FROM json_each(?))').pluck().all(JSON.stringify(ids)) as string[]);
}

/** The stored comparisons of these prompts with their responses (one pass over the table: comparisons have no index by prompt). */
export function comparisonsOfPrompts(db: Database.Database, promptIds: readonly string[]): { id: string; promptId: string; a: string; b: string }[] {
  if (promptIds.length === 0) return [];
  return db
    .prepare('SELECT id, prompt_id AS promptId, response_a_id AS a, response_b_id AS b FROM comparisons WHERE prompt_id IN (SELECT value FROM json_each(?)) ORDER BY id')
    .all(JSON.stringify(promptIds)) as { id: string; promptId: string; a: string; b: string }[];
}

/** The id of a model with this name, if any. */
export function modelIdNamed(db: Database.Database, name: string): string | null {
  return (db.prepare('SELECT id FROM models WHERE name = ? ORDER BY created_at LIMIT 1').pluck().get(name) as string | undefined) ?? null;
}
