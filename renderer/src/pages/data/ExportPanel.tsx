// Export buttons on the Data page: exportData as TRL JSONL or judgments CSV, saved as a file via a Blob URL. When a
// run has a rubric, "Label" picks whose verdicts label the pairs: the overall verdict, or one criterion of a run's rubric.
import { useId, useState } from 'react';
import type { Params, Result } from '../../../../electron/api/contract';
import { getClient } from '../../lib/client';
import { useResource } from '../../lib/useResource';
import { ErrorAlert } from '../../components/ErrorAlert';
import { downloadText } from '../../lib/download';
import { plural } from '../../lib/format';

type ExportFormat = Params<'exportData'>['format'];

const buttons: { format: ExportFormat; label: string; testId: string }[] = [
  { format: 'trl-jsonl', label: 'TRL JSONL', testId: 'export-trl' },
  { format: 'judgments-csv', label: 'Judgments CSV', testId: 'export-csv' },
];

interface Props {
  datasets: Result<'listDatasets'>;
  hasData: boolean;
}

export function ExportPanel({ datasets, hasData }: Props) {
  const [scope, setScope] = useState('');
  const [busy, setBusy] = useState<ExportFormat | null>(null);
  const [outcome, setOutcome] = useState<{ ok: true; text: string } | { ok: false; text: string } | null>(null);
  const ids = useId();
  const datasetId = datasets.some((d) => d.id === scope) ? scope : undefined;
  const runs = useResource(() => getClient().listRuns({}));
  const rubricRuns = (runs.value ?? []).filter((r) => r.criteria.length > 0);
  // '' for the overall verdict, else "runId key"
  const [label, setLabel] = useState('');
  const [labelRunId, labelCriterion] = label === '' ? [undefined, undefined] : label.split(' ');

  async function run(format: ExportFormat) {
    setBusy(format);
    setOutcome(null);
    const result = await getClient().exportData({ format, ...(datasetId ? { datasetId } : {}), ...(labelRunId ? { runId: labelRunId, criterion: labelCriterion } : {}) });
    setBusy(null);
    if (!result.ok) {
      setOutcome({ ok: false, text: result.error.message });
      return;
    }
    const { content, fileName, mimeType, rows } = result.value;
    downloadText(content, fileName, mimeType);
    setOutcome({ ok: true, text: `Saved ${fileName} (${plural(rows, 'row')}).` });
  }

  return (
    <section className="panel" aria-labelledby={`${ids}-heading`}>
      <h2 id={`${ids}-heading`}>Export</h2>
      <div className="form">
        <div className="field">
          <label htmlFor={`${ids}-scope`}>What</label>
          <select id={`${ids}-scope`} value={datasetId ?? ''} onChange={(e) => setScope(e.target.value)} data-testid="export-scope">
            <option value="">All datasets</option>
            {datasets.map((d) => (
              <option key={d.id} value={d.id}>
                {d.name}
              </option>
            ))}
          </select>
        </div>
        {rubricRuns.length > 0 && (
          <div className="field">
            <label htmlFor={`${ids}-label`}>Label</label>
            <select id={`${ids}-label`} value={label} onChange={(e) => setLabel(e.target.value)} aria-describedby={`${ids}-label-hint`} data-testid="export-criterion">
              <option value="">Overall verdict</option>
              {rubricRuns.map((r) => (
                <optgroup key={r.id} label={r.name}>
                  {r.criteria.map((c) => (
                    <option key={c.key} value={`${r.id} ${c.key}`}>
                      {c.label}
                    </option>
                  ))}
                </optgroup>
              ))}
            </select>
            <span id={`${ids}-label-hint`} className="hint">
              A criterion&apos;s verdicts label the pairs instead; judgments without one are left out. Every row carries its verdicts per criterion.
            </span>
          </div>
        )}
        <div className="form-actions">
          {buttons.map((b) => (
            <button
              key={b.format}
              type="button"
              className="button"
              disabled={busy !== null || !hasData}
              onClick={() => run(b.format)}
              data-testid={b.testId}
            >
              {busy === b.format ? 'Exporting…' : b.label}
            </button>
          ))}
        </div>
        <p className="hint">
          {hasData
            ? 'TRL JSONL carries provenance fields; the CSV has one row per judgment.'
            : 'Nothing to export yet — import a dataset first.'}
        </p>
      </div>
      {outcome?.ok === false && <ErrorAlert title="Export failed." error={outcome.text} testId="export-error" />}
      {outcome?.ok === true && (
        <p className="alert alert-success" role="status" data-testid="export-done">
          {outcome.text}
        </p>
      )}
    </section>
  );
}
