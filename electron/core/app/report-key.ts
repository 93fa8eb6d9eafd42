// Which stored report a spec names (report_cache's key), apart from the reports themselves so the serving thread can
// tell reports apart without loading the domain.
import type { z } from 'zod';
import type { ReportSpec as ReportSpecSchema } from '../../api/reports';

export type ReportSpec = z.output<typeof ReportSpecSchema>;

export const reportKey = (spec: ReportSpec): string =>
  spec.kind === 'layer-metrics' ? `layer-metrics:${spec.runId}` : spec.kind === 'queue-status' ? `queue-status:${spec.runId}:${spec.layer}` : 'evaluator-stats';
