// The counts behind the Compare page's progress line: the evaluator's verdicts made in the app since a time, and
// how many comparisons remain in their queue under its filters (db/queue-filter.ts).
import type Database from 'better-sqlite3';
import { datasetSizeSql } from './membership';
import { requireEvaluator } from './evaluators';
import { LATEST_DEFERRAL } from './deferrals';
import { openCheckCount } from './position-checks';
import { layerJudgedBy, layersSize } from './layer-members';
import { FILTER, JUDGED_BY_EVALUATOR, filterParams, type FilterParams, type QueueFilter } from './queue-filter';

/** The evaluator's live judgments made in the app since `since`: verdicts, skips, and the median time of the verdicts
 *  that recorded one (ms; null when none did). Read from the index judgments_evaluator_live alone (migration 0014). */
export function judgedSince(db: Database.Database, evaluatorId: string, since: string): { verdicts: number; skips: number; medianMs: number | null } {
  requireEvaluator(db, evaluatorId);
  const params = { evaluatorId, since };
  const SINCE = `FROM live_judgments WHERE evaluator_id = @evaluatorId AND origin = 'ui' AND created_at >= @since`;
  const { verdicts, skips, timed } = db
    .prepare(`SELECT count(*) FILTER (WHERE choice <> 'skip') AS verdicts, count(*) FILTER (WHERE choice = 'skip') AS skips,
                     count(duration_ms) FILTER (WHERE choice <> 'skip') AS timed ${SINCE}`)
    .get(params) as { verdicts: number; skips: number; timed: number };
  if (timed === 0) return { verdicts, skips, medianMs: null };
  // The middle one (odd count) or two (even count) of the sorted times.
  const middle = db
    .prepare(`SELECT duration_ms ${SINCE} AND choice <> 'skip' AND duration_ms IS NOT NULL ORDER BY duration_ms LIMIT @take OFFSET @skip`)
    .pluck()
    .all({ ...params, take: 2 - (timed % 2), skip: (timed - 1) >> 1 }) as number[];
  return { verdicts, skips, medianMs: middle.reduce((sum, ms) => sum + ms, 0) / middle.length };
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
  const layerIds = params.scope === null ? [] : (JSON.parse(params.scope) as string[]);
  const judged =
    params.datasetId === null && params.layer === null && layerIds.length === 1
      ? layerJudgedBy(db, layerIds[0], evaluatorId)
      : judgedWithin(db, params);
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

/** The comparisons passing the filter that the evaluator has a live verdict on (position-check repeats aside). */
function judgedWithin(db: Database.Database, params: FilterParams & { evaluatorId: string }): number {
  return (
    db
      .prepare(
        `SELECT count(DISTINCT j.comparison_id) AS n FROM live_judgments j JOIN comparisons c ON c.id = j.comparison_id
         WHERE j.evaluator_id = @evaluatorId AND j.repeat_of IS NULL AND ${FILTER}`,
      )
      .get(params) as { n: number }
  ).n;
}
