// Which rubric a comparison is judged under: the run it is judged in (the queue's run filter, a submit's rubricRunId)
// when there is one, else the earliest-created run with criteria whose layers hold it; none when no such run does.
import type Database from 'better-sqlite3';
import { runCriteria, type Criterion } from './criteria';

export interface Rubric {
  runId: string;
  criteria: Criterion[];
}

const HOLDS = `EXISTS (SELECT 1 FROM layer_members m JOIN layers l ON l.id = m.layer_id WHERE m.comparison_id = @comparisonId AND l.run_id = r.id)`;

/** Whether a run's layers hold the comparison. */
export function runHolds(db: Database.Database, runId: string, comparisonId: string): boolean {
  return db.prepare(`SELECT 1 FROM runs r WHERE r.id = @runId AND ${HOLDS}`).get({ runId, comparisonId }) !== undefined;
}

/** The earliest-created run with criteria whose layers hold the comparison (by name within one instant), if any. */
function defaultRubricRun(db: Database.Database, comparisonId: string): string | null {
  return (
    (db
      .prepare(`SELECT r.id FROM runs r WHERE EXISTS (SELECT 1 FROM run_criteria rc WHERE rc.run_id = r.id) AND ${HOLDS} ORDER BY r.created_at, r.name LIMIT 1`)
      .pluck()
      .get({ comparisonId }) as string | undefined) ?? null
  );
}

/** The rubric of a comparison judged in run `runId` (its criteria, when it has any and holds the comparison), or
 *  without a run (the default run above); null when it is judged without one. */
export function rubricOf(db: Database.Database, comparisonId: string, runId?: string): Rubric | null {
  const run = runId ?? defaultRubricRun(db, comparisonId);
  if (run === null || (runId !== undefined && !runHolds(db, runId, comparisonId))) return null;
  return rubricOfRun(db, run);
}

/** A run's rubric (its criteria), or null when it has none; the caller knows the run holds the comparison. */
export function rubricOfRun(db: Database.Database, runId: string): Rubric | null {
  const criteria = runCriteria(db, runId);
  return criteria.length > 0 ? { runId, criteria } : null;
}
