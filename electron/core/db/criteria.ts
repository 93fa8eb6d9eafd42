// A run's rubric (run_criteria: its criteria in order) and the per-criterion verdicts of a judgment
// (judgment_criteria). The judgment's own choice is its verdict on the run's first criterion.
import type Database from 'better-sqlite3';

export interface Criterion {
  key: string;
  label: string;
  description: string;
}

export interface CriterionVerdict {
  criterion: string;
  choice: 'A' | 'B' | 'tie';
  strength: number | null;
}

/** Writes a run's criteria in order (in the caller's transaction, with the run's own row). */
export function insertRunCriteria(db: Database.Database, runId: string, criteria: readonly Criterion[]): void {
  const insert = db.prepare('INSERT INTO run_criteria (run_id, idx, key, label, description) VALUES (?, ?, ?, ?, ?)');
  criteria.forEach((c, idx) => insert.run(runId, idx, c.key, c.label, c.description));
}

/** A run's criteria in order; none for a run without a rubric (or an unknown run). */
export function runCriteria(db: Database.Database, runId: string): Criterion[] {
  return db.prepare('SELECT key, label, description FROM run_criteria WHERE run_id = ? ORDER BY idx').all(runId) as Criterion[];
}

/** Writes a judgment's per-criterion verdicts under its run's rubric (in the caller's transaction, with the judgment). */
export function insertJudgmentCriteria(db: Database.Database, judgmentId: string, runId: string, verdicts: readonly CriterionVerdict[]): void {
  const insert = db.prepare('INSERT INTO judgment_criteria (judgment_id, run_id, criterion, choice, strength) VALUES (?, ?, ?, ?, ?)');
  for (const v of verdicts) insert.run(judgmentId, runId, v.criterion, v.choice, v.strength);
}

/** The per-criterion verdicts of these judgments, by judgment id (a judgment without any is absent). */
export function judgmentCriteria(db: Database.Database, judgmentIds: readonly string[]): Map<string, { runId: string; verdicts: CriterionVerdict[] }> {
  const byJudgment = new Map<string, { runId: string; verdicts: CriterionVerdict[] }>();
  const select = db.prepare(
    `SELECT jc.run_id AS runId, jc.criterion, jc.choice, jc.strength FROM judgment_criteria jc
     JOIN run_criteria rc ON rc.run_id = jc.run_id AND rc.key = jc.criterion WHERE jc.judgment_id = ? ORDER BY rc.idx`,
  );
  for (const id of judgmentIds) {
    const rows = select.all(id) as (CriterionVerdict & { runId: string })[];
    if (rows.length > 0) byJudgment.set(id, { runId: rows[0].runId, verdicts: rows.map(({ criterion, choice, strength }) => ({ criterion, choice, strength })) });
  }
  return byJudgment;
}
