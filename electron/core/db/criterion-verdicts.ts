// Per-criterion verdicts as training, agreement, checks and exports read them: one criterion's verdicts of a run by
// judgment, every rubric's criteria across runs, and each judgment's criteria as JSON for an export row.
import type Database from 'better-sqlite3';

export interface CriterionChoice {
  choice: 'A' | 'B' | 'tie';
  strength: number | null;
}

/** One criterion's verdicts in one run, by judgment id (a judgment without a verdict on it is absent): all of them, or
 *  those of the given judgments (one index probe each). */
export function criterionChoices(db: Database.Database, runId: string, criterion: string, judgmentIds?: readonly string[]): Map<string, CriterionChoice> {
  const rows = (
    judgmentIds
      ? db
          .prepare('SELECT judgment_id AS judgmentId, choice, strength FROM judgment_criteria WHERE judgment_id IN (SELECT value FROM json_each(?)) AND run_id = ? AND criterion = ?')
          .all(JSON.stringify(judgmentIds), runId, criterion)
      : db.prepare('SELECT judgment_id AS judgmentId, choice, strength FROM judgment_criteria WHERE run_id = ? AND criterion = ?').all(runId, criterion)
  ) as (CriterionChoice & { judgmentId: string })[];
  return new Map(rows.map(({ judgmentId, choice, strength }) => [judgmentId, { choice, strength }]));
}

export interface RubricCriterion {
  runId: string;
  run: string;
  /** Position in the run's rubric: 0 is the criterion the judgment's own choice stands for. */
  idx: number;
  key: string;
  label: string;
}

/** Every run's criteria, run by run (oldest run first) in rubric order; none when no run has a rubric. */
export function rubricCriteria(db: Database.Database): RubricCriterion[] {
  return db
    .prepare(
      `SELECT rc.run_id AS runId, r.name AS run, rc.idx, rc.key, rc.label
         FROM run_criteria rc JOIN runs r ON r.id = rc.run_id
        ORDER BY r.created_at, r.id, rc.idx`,
    )
    .all() as RubricCriterion[];
}

/** SQL for a judgment's criteria as a JSON object {key: {choice, strength}} in rubric order, or NULL when it has none
 *  (`alias`: the judgments table's alias in the query). */
export const criteriaJsonSql = (alias: string): string =>
  `(SELECT NULLIF(json_group_object(x.criterion, json_object('choice', x.choice, 'strength', x.strength)), '{}')
      FROM (SELECT jc.criterion, jc.choice, jc.strength FROM judgment_criteria jc
              JOIN run_criteria rc ON rc.run_id = jc.run_id AND rc.key = jc.criterion
             WHERE jc.judgment_id = ${alias}.id ORDER BY rc.idx) x)`;
