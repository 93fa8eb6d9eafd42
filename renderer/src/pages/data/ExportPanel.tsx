// Export buttons on the Data page: exportData as TRL JSONL or judgments CSV, saved as a file via a Blob URL.
import { useId, useState } from 'react';
import type { Params, Result } from '../../../../electron/api/contract';
import { getClient } from '../../lib/client';
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

  async function run(format: ExportFormat) {
    setBusy(format);
    setOutcome(null);
    const result = await getClient().exportData(datasetId ? { format, datasetId } : { format });
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
