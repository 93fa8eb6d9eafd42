// The Compare page's progress line: verdicts done and skipped today, comparisons remaining in this queue (position
// checks included), and the median seconds per verdict today.
import type Database from 'better-sqlite3';
import { judgmentsSince, remainingInQueue } from '../db/progress';
import type { QueueFilter } from '../db/queue-filter';
import { median } from './agreement';

export interface Progress {
  doneToday: number;
  skippedToday: number;
  remaining: number;
  medianSeconds: number | null;
}

/** Local midnight of the machine running this code, as ISO (the default start of "today"). */
export function localMidnightIso(now = new Date()): string {
  return new Date(now.getFullYear(), now.getMonth(), now.getDate()).toISOString();
}

/** Done today (verdicts, position checks included), remaining in this queue, median seconds per verdict today. */
export function getProgress(db: Database.Database, evaluatorId: string, filter: QueueFilter & { since?: string }): Progress {
  const today = judgmentsSince(db, evaluatorId, filter.since ?? localMidnightIso());
  const verdicts = today.filter((j) => j.choice !== 'skip');
  const remaining = remainingInQueue(db, evaluatorId, filter);
  const seconds = median(verdicts.filter((j) => j.durationMs !== null).map((j) => j.durationMs! / 1000));
  return {
    doneToday: verdicts.length,
    skippedToday: today.length - verdicts.length,
    remaining,
    medianSeconds: seconds === null ? null : Math.round(seconds * 10) / 10,
  };
}
