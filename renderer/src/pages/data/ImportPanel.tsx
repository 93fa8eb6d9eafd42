// The import form on the Data page: pick a file and a format, import it, show its pushed progress and the outcome.
// The desktop app picks the file in its own dialog and imports it by path (a token for it); a browser uploads it.
// "Mapped columns" adds the mapping form (MappingForm.tsx): the file's first records, and which field is which.
import { useId, useState, type FormEvent } from 'react';
import type { Params, Result } from '../../../../electron/api/contract';
import type { ApiResult } from '../../../../electron/api/errors';
import { MAX_UPLOAD_BYTES } from '../../../../electron/api/limits';
import { getClient } from '../../lib/client';
import { ErrorAlert } from '../../components/ErrorAlert';
import { formatLabels } from '../../lib/format';
import { subscribeEvents } from '../../lib/events';
import { randomId } from '../../lib/random-id';
import { importProgressText, type ImportProgress } from './import-progress';
import { ImportSummaryView } from './ImportSummaryView';
import { MappingForm, type ColumnMapping } from './MappingForm';
import { LocalFileField } from './LocalFileField';
import { useLocalFile } from './useLocalFile';

type FormatChoice = NonNullable<Params<'importDataset'>['format']>;
const formats: FormatChoice[] = ['auto', 'trl', 'hh-rlhf', 'pandalm', 'llmbar', 'rung', 'mapped'];

type State =
  | { phase: 'idle' }
  | { phase: 'reading'; fraction: number }
  | { phase: 'importing'; progress: ImportProgress }
  | { phase: 'done'; fileName: string; summary: Result<'importDataset'> }
  | { phase: 'failed'; message: string };

export function ImportPanel({ onImported }: { onImported: () => void }) {
  const [format, setFormat] = useState<FormatChoice>('auto');
  const [mapping, setMapping] = useState<ColumnMapping | null>(null);
  const [state, setState] = useState<State>({ phase: 'idle' });
  const ids = useId();
  const busy = state.phase === 'reading' || state.phase === 'importing';
  // The desktop picks the file (a token for it: no size limit); a browser uploads its content, read with progress.
  const local = useLocalFile({
    busy,
    onError: (message) => setState({ phase: 'failed', message }),
    onChoose: () => {
      if (!busy) setState({ phase: 'idle' });
    },
    tooLarge: (file) =>
      `${file.name} is too large to upload here (${(file.size / 1024 / 1024).toFixed(0)} MiB; the limit is ${MAX_UPLOAD_BYTES / 1024 / 1024} MiB). Import it from a terminal with \`rung import\`.`,
    onReading: (fraction) => setState({ phase: 'reading', fraction }),
  });
  const chosenName = local.chosenName;
  const mapped = format === 'mapped';
  const ready = chosenName !== null && (!mapped || mapping !== null);

  async function submit(event: FormEvent) {
    event.preventDefault();
    if (!chosenName || !ready || busy) return;
    const name = chosenName;
    const source = await local.source();
    if (!source) return;
    setState({ phase: 'importing', progress: null });
    const progressId = randomId();
    // The app pushes this import's progress as it goes (no polling).
    const unsubscribe = subscribeEvents((event) => {
      if (event.kind !== 'import-progress' || event.progressId !== progressId || !event.progress) return;
      const progress = event.progress;
      setState((s) => (s.phase === 'importing' ? { phase: 'importing', progress } : s));
    });
    let result: ApiResult<Result<'importDataset'>>;
    try {
      result = await getClient().importDataset({ source, format, progressId, ...(mapped && mapping ? { mapping } : {}) });
    } finally {
      unsubscribe();
    }
    // A picked file's token is used up either way: choosing it again gives a new one.
    local.forgetToken();
    if (result.ok) {
      setState({ phase: 'done', fileName: name, summary: result.value });
      local.clear();
    } else {
      setState({ phase: 'failed', message: result.error.message });
    }
    // Refresh after failures too: another window may have imported meanwhile, and the counts show nothing partial was kept.
    onImported();
  }

  return (
    <section className="panel" aria-labelledby={`${ids}-heading`}>
      <h2 id={`${ids}-heading`}>Import</h2>
      <form className="form" onSubmit={submit} data-testid="import-form">
        <div className="field">
          <label htmlFor={`${ids}-file`}>File</label>
          <LocalFileField
            local={local}
            id={`${ids}-file`}
            accept=".jsonl,.json,.ndjson,.txt,.gz,.parquet,application/json,application/x-ndjson,application/gzip,application/vnd.apache.parquet"
            disabled={busy}
            testIds={{ choose: 'import-choose', chosen: 'import-chosen', file: 'import-file' }}
            chosenText={(picked) => `${picked.name} (${(picked.bytes / 1024 / 1024).toFixed(1)} MiB)`}
          />
        </div>
        <div className="field">
          <label htmlFor={`${ids}-format`}>Format</label>
          <select
            id={`${ids}-format`}
            value={format}
            disabled={busy}
            onChange={(e) => setFormat(e.target.value as FormatChoice)}
            data-testid="import-format"
          >
            {formats.map((f) => (
              <option key={f} value={f}>
                {formatLabels[f] ?? f}
              </option>
            ))}
          </select>
        </div>
        {mapped && <MappingForm picked={local.picked} file={local.file} disabled={busy} onChange={setMapping} />}
        <div className="form-actions">
          <button type="submit" className="button button-primary" disabled={!ready || busy} data-testid="import-submit">
            {busy ? 'Importing…' : 'Import'}
          </button>
          <span className="form-progress" role="status" aria-live="polite" data-testid="import-progress">
            {state.phase === 'reading' && `Reading ${chosenName ?? 'file'}… ${Math.round(state.fraction * 100)}%`}
            {state.phase === 'importing' && importProgressText(state.progress)}
          </span>
        </div>
        <p className="hint">A file is imported whole or not at all; importing the same file again adds nothing.</p>
      </form>
      {state.phase === 'failed' && <ErrorAlert title="Import failed — nothing was imported." error={state.message} testId="import-error" />}
      {state.phase === 'done' && <ImportSummaryView fileName={state.fileName} summary={state.summary} />}
    </section>
  );
}
