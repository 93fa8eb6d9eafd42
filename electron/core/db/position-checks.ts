// Position checks: a share of judged comparisons (setting positionCheckShare, default 5%; for assigned comparisons, those
// the assignment drew: db/assignments.ts) comes back after
// MIN_CHECK_GAP..MAX_CHECK_GAP further judgments with the other side on the left, scheduled deterministically from
// hash(evaluator, comparison); the answer is stored with repeat_of set to the judgment it repeats.
import type Database from 'better-sqlite3';
import { newId, nowIso, sha256Hex } from '../ids';
import { assignedItem } from './assignments';
import { FILTER, type FilterParams } from './queue-filter';
import { getSettings } from './settings';

export type Side = 'A' | 'B';

export const MIN_CHECK_GAP = 3;
export const MAX_CHECK_GAP = 7;

const other = (side: Side): Side => (side === 'A' ? 'B' : 'A');

/** The position-check draw for a judged comparison: `u` uniform in [0,1) (checked when u < share), and the gap in judgments. */
export function positionCheckDraw(evaluatorId: string, comparisonId: string): { u: number; gap: number } {
  const hex = sha256Hex('position-check', evaluatorId, comparisonId);
  const u = parseInt(hex.slice(0, 8), 16) / 2 ** 32;
  const gap = MIN_CHECK_GAP + (parseInt(hex.slice(8, 10), 16) % (MAX_CHECK_GAP - MIN_CHECK_GAP + 1));
  return { u, gap };
}

/** How many live (not retracted) judgments the evaluator has: the clock position checks are due by (kept in
 *  evaluator_counts by migration 0014's triggers, so the clock costs one lookup however many verdicts there are). */
export function liveJudgmentCount(db: Database.Database, evaluatorId: string): number {
  return (db.prepare('SELECT judgments FROM evaluator_counts WHERE evaluator_id = ?').pluck().get(evaluatorId) as number | undefined) ?? 0;
}

/**
 * Within the submit transaction: schedules a check of this verdict when its draw falls within the share — or, for a
 * comparison assigned to the evaluator, when their assignment drew it as a position check (exact shares per evaluator).
 */
export function schedulePositionCheck(db: Database.Database, evaluatorId: string, comparisonId: string, judgmentId: string, leftSide: Side): void {
  const { u, gap } = positionCheckDraw(evaluatorId, comparisonId);
  const assigned = assignedItem(db, evaluatorId, comparisonId);
  if (assigned ? !assigned.positionCheck : u >= getSettings(db).positionCheckShare) return;
  db.prepare(
    `INSERT INTO position_checks (id, evaluator_id, comparison_id, original_judgment_id, left_side, due_after, created_at)
     VALUES (?, ?, ?, ?, ?, ?, ?)`,
  ).run(newId(), evaluatorId, comparisonId, judgmentId, other(leftSide), liveJudgmentCount(db, evaluatorId) + gap, nowIso());
}

/** The evaluator's (@evaluatorId) unanswered checks within the queue filter whose original is still live: `pc` with
 *  comparison `c` (answered: kept by migration 0018's triggers, so answered checks are not walked). */
const OPEN_CHECKS = `FROM position_checks pc
  JOIN live_judgments o ON o.id = pc.original_judgment_id
  JOIN comparisons c ON c.id = pc.comparison_id
  WHERE pc.evaluator_id = @evaluatorId AND pc.answered = 0 AND ${FILTER}`;

/** Unanswered position checks (their original still live) due by the evaluator's `live` judgment count, earliest first. */
export function pendingChecks(db: Database.Database, evaluatorId: string, filter: FilterParams, live: number) {
  return db
    .prepare(
      `SELECT pc.comparison_id AS comparisonId, pc.left_side AS leftSide, pc.original_judgment_id AS repeatOf
       ${OPEN_CHECKS} AND pc.due_after <= @live
       ORDER BY pc.due_after, pc.created_at, pc.id`,
    )
    .all({ evaluatorId, live, ...filter }) as { comparisonId: string; leftSide: Side; repeatOf: string }[];
}

/** How many unanswered position checks the evaluator has within the filter, due or not. */
export function openCheckCount(db: Database.Database, evaluatorId: string, filter: FilterParams): number {
  return db.prepare(`SELECT count(*) ${OPEN_CHECKS}`).pluck().get({ evaluatorId, ...filter }) as number;
}
