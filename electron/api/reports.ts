// The contract's stored reports (spread into contract.ts): the pages' expensive figures — a run's layer metrics, a
// layer's queue status, the evaluators' agreement — served at once from the copy last computed, with its time, whether
// something it depends on has changed since (stale) and whether a recomputation is under way; recomputeReport
// computes one now (the pages' Recompute action). A stale or missing report is recomputed in the background.
import { z } from 'zod';
import { flagMethods } from './flags';
import { metricsMethods } from './metrics';
import { queueMethods } from './queue';
import { count, id } from './schemas';

/** Which report: a run's layer metrics, one layer's queue status, or the evaluators' agreement. */
export const ReportSpec = z.discriminatedUnion('kind', [
  z.object({ kind: z.literal('layer-metrics'), runId: id }).strict(),
  z.object({ kind: z.literal('queue-status'), runId: id, layer: count }).strict(),
  z.object({ kind: z.literal('evaluator-stats') }).strict(),
]);

/** How old a served report is. */
const ReportAge = {
  /** When the computation that produced it began (ISO time); null before the first one finished. */
  computedAt: z.string().nullable(),
  /** Something it depends on (verdicts, comparisons, evaluators, models, routing) changed after computedAt. */
  stale: z.boolean(),
  /** A recomputation is under way (the page asks again shortly). */
  computing: z.boolean(),
};

export const reportMethods = {
  getLayerMetricsReport: {
    params: z.object({ runId: id }).strict(),
    result: z.object({ metrics: metricsMethods.getLayerMetrics.result.nullable(), ...ReportAge }),
  },
  getQueueStatusReport: {
    params: z.object({ runId: id, layer: count }).strict(),
    result: z.object({ status: queueMethods.getQueueStatus.result.nullable(), ...ReportAge }),
  },
  getEvaluatorStatsReport: {
    params: z.object({}).strict(),
    result: z.object({ stats: flagMethods.getEvaluatorStats.result.nullable(), ...ReportAge }),
  },
  recomputeReport: {
    params: z
      .object({
        report: ReportSpec,
        /** Only when stale or missing and nobody else is computing it (the background refresh); default: always. */
        ifStale: z.boolean().default(false),
      })
      .strict(),
    result: z.object({ computedAt: z.string().nullable(), recomputed: z.boolean() }),
  },
} as const;
