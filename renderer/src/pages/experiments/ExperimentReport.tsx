// One experiment opened: its settings, its claims, and on request its report.html (self-contained, printable) shown in
// the page in a sandboxed frame (no scripts, an opaque origin; it inherits the app's CSP, which allows the report's one style
// sheet by its hash) and kept to save.
import { getClient } from '../../lib/client';
import { downloadText } from '../../lib/download';
import { formatDate } from '../../lib/format';
import { useResource } from '../../lib/useResource';
import { ErrorAlert } from '../../components/ErrorAlert';
import { ClaimsTable } from './ClaimsTable';

export function ExperimentReport({ id, onClose }: { id: string; onClose: () => void }) {
  const report = useResource(() => getClient().getExperiment({ id }), id);
  return (
    <section className="experiment-report" aria-label={`Experiment ${id}`} data-testid="experiment-report">
      <div className="experiment-report-bar">
        <h2 className="subheading">Report {id}</h2>
        {report.value && (
          <button
            type="button"
            className="button button-small"
            onClick={() => downloadText(report.value!.reportHtml, `rung-experiment-${id}.html`, 'text/html')}
            data-testid="experiment-save-html"
          >
            Save report.html
          </button>
        )}
        <button type="button" className="button button-small" onClick={onClose}>
          Close
        </button>
      </div>
      {report.error && <ErrorAlert error={report.error} testId="experiment-report-error" />}
      {report.value && (
        <>
          <p className="hint">
            Preset {report.value.summary.preset}: {report.value.summary.conditions.map((c) => c.label).join('; ')} — {report.value.summary.seeds} seeds each at scale{' '}
            {report.value.summary.scale}, started {formatDate(report.value.summary.startedAt)}, took {Math.round(report.value.summary.seconds)} s.
          </p>
          <ClaimsTable claims={report.value.summary.claims} />
          {/* The claims are the table above; the report repeats them with its figures, so it opens on request. */}
          <details className="experiment-report-details" data-testid="experiment-report-details">
            <summary>The whole report (report.html, as saved): the claims again, with each condition's figures</summary>
            <iframe
              className="experiment-report-frame"
              title={`report.html of experiment ${id}`}
              sandbox=""
              srcDoc={report.value.reportHtml}
              data-testid="experiment-report-frame"
            />
          </details>
        </>
      )}
    </section>
  );
}
