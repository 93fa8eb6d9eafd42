// The counts behind the Compare page's progress line: the evaluator's verdicts made in the app since a time, and
// how many comparisons remain in their queue under its filters (db/queue-filter.ts).
import type Database from 'better-sqlite3';
import { datasetSizeSql } from './membership';
import { requireEvaluator } from './evaluators';
import { LATEST_DEFERRAL } from './deferrals';
import { openCheckCount } from './position-checks';
import { layersSize } from './layer-members';
import { FILTER, JUDGED_BY_EVALUATOR, filterParams, type QueueFilter } from './queue-filter';

/** The evaluator's live judgments made in the app since `since`: each choice and time taken. */
export function judgmentsSince(db: Database.Database, evaluatorId: string, since: string): { choice: string; durationMs: number | null }[] {
  requireEvaluator(db, evaluatorId);
  return db
    .prepare(`SELECT choice, duration_ms AS durationMs FROM live_judgments WHERE evaluator_id = ? AND origin = 'ui' AND created_at >= ?`)
    .all(evaluatorId, since) as { choice: string; durationMs: number | null }[];
}

/** Comparisons left in the evaluator's queue under the filter: not judged by them, less the auto-labelled, plus open position checks. */
export function remainingInQueue(db: Database.Database, evaluatorId: string, filter: QueueFilter): number {
  requireEvaluator(db, evaluatorId);
  const params = { evaluatorId, ...filterParams(db, filter) };
  // Counted the cheapest way the filter allows (a plain count(*) walks no rows' columns).
  const total = (
    params.datasetId === null && params.layer === null && params.scope === null
      ? db.prepare('SELECT count(*) AS n FROM comparisons').get()
      : params.layer === null && params.scope === null
        ? db.prepare(`SELECT ${datasetSizeSql('@datasetId')} AS n`).get({ datasetId: params.datasetId })
        : params.datasetId === null && params.layer === null
          ? { n: layersSize(db, JSON.parse(params.scope!) as string[]) }
          : db.prepare(`SELECT count(*) AS n FROM comparisons c WHERE ${FILTER}`).get(params)
  ) as { n: number };
  const judged = (
    db
      .prepare(
        `SELECT count(DISTINCT j.comparison_id) AS n FROM live_judgments j JOIN comparisons c ON c.id = j.comparison_id
         WHERE j.evaluator_id = @evaluatorId AND j.repeat_of IS NULL AND ${FILTER}`,
      )
      .get(params) as { n: number }
  ).n;
  // Auto-labelled by their latest deferral round and not judged by this evaluator: not in the queue.
  const autoLabelled = (
    db
      .prepare(
        `SELECT count(DISTINCT c.id) AS n FROM deferrals d JOIN deferral_rounds dr ON dr.id = d.round_id JOIN comparisons c ON c.id = d.comparison_id
         WHERE d.route = 'auto' AND ${LATEST_DEFERRAL} AND ${FILTER}
           AND NOT ${JUDGED_BY_EVALUATOR}`,
      )
      .get(params) as { n: number }
  ).n;
  return Math.max(0, total.n - judged - autoLabelled) + openCheckCount(db, evaluatorId, params);
}
