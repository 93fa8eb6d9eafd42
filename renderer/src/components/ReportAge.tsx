// How old a stored report is ("as of 12:03", out of date and being updated, or being computed) and its Recompute
// action, for the pages that show stored reports (Ladder metrics, Queue, Evaluators).
import type { StoredReport } from '../lib/useStoredReport';
import { formatDate } from '../lib/format';
import { ErrorAlert } from './ErrorAlert';

export function ReportAge({ report, testId }: { report: StoredReport<unknown>; testId: string }) {
  const when = report.computedAt
    ? `As of ${formatDate(report.computedAt)}${report.stale ? ' · out of date, updating…' : report.computing ? ' · updating…' : ''}`
    : report.computing
      ? 'Computing…'
      : '';
  return (
    <span className="report-age" data-testid={testId}>
      <span className="muted" data-testid={`${testId}-when`}>
        {when}
      </span>{' '}
      <button type="button" className="button button-small" onClick={report.recompute} disabled={report.recomputing} data-testid={`${testId}-recompute`}>
        {report.recomputing ? 'Computing…' : 'Recompute'}
      </button>
      {report.recomputeError && <ErrorAlert title="Could not recompute." error={report.recomputeError} testId={`${testId}-error`} />}
    </span>
  );
}
