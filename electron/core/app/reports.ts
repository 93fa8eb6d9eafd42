// Stored reports: the pages' expensive figures (a run's layer metrics, a layer's queue status, the evaluators'
// agreement) served at once from the copy last computed, with its age; a stale or missing one is recomputed in the
// background (on a job thread in the served app), and recomputeReport computes one on request. The stored value
// is exactly what the fresh call (getLayerMetrics, getQueueStatus, getEvaluatorStats) answered when it was computed.
// A copy stored before an upgrade changed that answer's shape is never served: it counts as missing, and is recomputed.
import { contract, type Result } from '../../api/contract';
import { RungError } from '../../api/errors';
import { layerMetrics } from '../ladder/layer-metrics';
import { getQueueStatus } from '../ladder/routing';
import { runLayerIds } from '../db/layer-members';
import { abandonReport, claimReport, readReport, storeReport, type StoredReport } from '../db/report-cache';
import type { Store } from '../store';
import { evaluatorStats } from './evaluator-stats';
import { reportKey, type ReportSpec } from './report-key';

/** Asks for a report to be recomputed in the background (the served app: on a job thread; else in this thread). */
export type ScheduleReport = (spec: ReportSpec) => void;

/** A lease older than this was abandoned (its thread died): another may take it. */
const LEASE_MS = 30 * 60_000;
/**
 * A stale report is recomputed in the background once this many times its last computation's duration has passed
 * since that computation began: a report that takes seconds is not recomputed back to back while people judge (its
 * thread works at most half the time on it); one that takes milliseconds is recomputed at once.
 */
const PACE = 2;

/** What the fresh call answers for each kind of report. */
interface ReportValue {
  'layer-metrics': Result<'getLayerMetrics'>;
  'queue-status': Result<'getQueueStatus'>;
  'evaluator-stats': Result<'getEvaluatorStats'>;
}

/** Each report's shape: the fresh call's result in the contract. */
const shapeOf = {
  'layer-metrics': contract.getLayerMetrics.result,
  'queue-status': contract.getQueueStatus.result,
  'evaluator-stats': contract.getEvaluatorStats.result,
};

/** The stored value, or null when there is none or it has another shape than the contract's (stored by an older Rung). */
function storedValue<K extends ReportSpec['kind']>(kind: K, stored: StoredReport | null): ReportValue[K] | null {
  if (!stored?.value) return null;
  const value: unknown = JSON.parse(stored.value);
  return shapeOf[kind].safeParse(value).success ? (value as ReportValue[K]) : null;
}

export interface ServedReport<T> {
  value: T | null;
  computedAt: string | null;
  stale: boolean;
  computing: boolean;
}

/** NOT_FOUND for a report of an unknown run or layer (checked before anything is stored or scheduled). */
function checkExists(store: Store, spec: ReportSpec): void {
  if (spec.kind === 'layer-metrics') runLayerIds(store.db, spec.runId);
  else if (spec.kind === 'queue-status') runLayerIds(store.db, spec.runId, spec.layer);
}

/** Computes a report afresh: the same function the fresh call runs. */
function compute(store: Store, spec: ReportSpec): Promise<unknown> | unknown {
  if (spec.kind === 'layer-metrics') return layerMetrics(store, spec.runId);
  if (spec.kind === 'queue-status') return getQueueStatus(store, { runId: spec.runId, layer: spec.layer });
  return evaluatorStats(store);
}

const abandonedBefore = (now: Date) => new Date(now.getTime() - LEASE_MS).toISOString();

/** Whether a stale report's background recomputation is due (see PACE). */
function due(stored: StoredReport, now: Date): boolean {
  if (stored.value === null || stored.computedAt === null) return true;
  return now.getTime() - Date.parse(stored.computedAt) >= PACE * (stored.durationMs ?? 0);
}

/**
 * The stored report as it is (read only), scheduling a recomputation when it is stale or missing, nobody computes it
 * and it is due; `computing` says a newer copy is on its way (the page asks again until it is not).
 */
export function servedReport<K extends ReportSpec['kind']>(
  store: Store,
  spec: ReportSpec & { kind: K },
  schedule: ScheduleReport,
  now = new Date(),
): ServedReport<ReportValue[K]> {
  checkExists(store, spec);
  const stored = readReport(store.db, reportKey(spec));
  const value = storedValue(spec.kind, stored);
  const leased = stored?.computingSince != null && stored.computingSince >= abandonedBefore(now);
  const needed = value === null || stored!.stale;
  if (needed && !leased && (value === null || due(stored!, now))) schedule(spec);
  return {
    value,
    computedAt: value === null ? null : stored!.computedAt,
    stale: value !== null && (stored!.stale || leased),
    computing: leased || needed,
  };
}

/**
 * Recomputes a report and stores it as of the moment it began; a write during the computation leaves it stale.
 * With `ifStale` (the background refresh) only a stale or missing report nobody else is computing.
 */
export async function recomputeReport(store: Store, spec: ReportSpec, ifStale: boolean): Promise<Result<'recomputeReport'>> {
  checkExists(store, spec);
  const key = reportKey(spec);
  const started = new Date();
  const computedAt = started.toISOString();
  const stored = readReport(store.db, key);
  const outdated = stored?.value != null && storedValue(spec.kind, stored) === null;
  if (!claimReport(store.db, key, computedAt, { onlyIfNeeded: ifStale && !outdated, abandonedBefore: abandonedBefore(started) })) {
    return { computedAt: readReport(store.db, key)?.computedAt ?? null, recomputed: false };
  }
  try {
    const value = await compute(store, spec);
    storeReport(store.db, key, JSON.stringify(value), computedAt, Date.now() - started.getTime());
    return { computedAt, recomputed: true };
  } catch (error) {
    if (store.db.open) abandonReport(store.db, key);
    throw error;
  }
}

/** The default scheduler: recomputes in this thread, after the current call has answered. */
export const recomputeInThisThread =
  (store: Store): ScheduleReport =>
  (spec) =>
    setImmediate(() => {
      if (!store.db.open) return;
      recomputeReport(store, spec, true).catch((error) => {
        if (store.db.open && !(error instanceof RungError)) process.emitWarning(`rung: recomputing the ${reportKey(spec)} report failed: ${(error as Error)?.message ?? String(error)}`);
      });
    });
