// The contract's handlers for stored reports (merged into service.ts): the pages' layer metrics, queue status and
// evaluator agreement as last computed, with their age, and recomputeReport (app/reports.ts).
import type { Handlers } from '../api/contract';
import { recomputeReport, servedReport, type ScheduleReport } from './app/reports';
import type { Store } from './store';

type ReportHandlers = Pick<Handlers, 'getLayerMetricsReport' | 'getQueueStatusReport' | 'getEvaluatorStatsReport' | 'recomputeReport'>;

export function createReportHandlers(store: Store, schedule: ScheduleReport): ReportHandlers {
  return {
    getLayerMetricsReport: ({ runId }) => {
      const { value, ...age } = servedReport(store, { kind: 'layer-metrics', runId }, schedule);
      return { metrics: value, ...age };
    },
    getQueueStatusReport: ({ runId, layer }) => {
      const { value, ...age } = servedReport(store, { kind: 'queue-status', runId, layer }, schedule);
      return { status: value, ...age };
    },
    getEvaluatorStatsReport: () => {
      const { value, ...age } = servedReport(store, { kind: 'evaluator-stats' }, schedule);
      return { stats: value, ...age };
    },
    recomputeReport: ({ report, ifStale }) => recomputeReport(store, report, ifStale),
  };
}
