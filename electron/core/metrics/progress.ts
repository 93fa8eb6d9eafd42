// The Compare page's progress line: verdicts done and skipped today, comparisons remaining in this queue (position
// checks included), and the median seconds per verdict today.
import type Database from 'better-sqlite3';
import { judgedSince, remainingInQueue } from '../db/progress';
import type { QueueFilter } from '../db/queue-filter';

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
  const today = judgedSince(db, evaluatorId, filter.since ?? localMidnightIso());
  const remaining = remainingInQueue(db, evaluatorId, filter);
  return {
    doneToday: today.verdicts,
    skippedToday: today.skips,
    remaining,
    medianSeconds: today.medianMs === null ? null : Math.round(today.medianMs / 100) / 10,
  };
}
