// The import form on the Data page: pick a file and a format, import it, show its pushed progress and the outcome.
// The desktop app picks the file in its own dialog and imports it by path (a token for it); a browser uploads it.
// "Mapped columns" adds the mapping form (MappingForm.tsx): the file's first records, and which field is which.
import { useId, useRef, useState, type FormEvent } from 'react';
import type { Params, Result } from '../../../../electron/api/contract';
import type { ApiResult } from '../../../../electron/api/errors';
import type { PickedPath } from '../../../../electron/api/file-picker';
import { MAX_UPLOAD_BASE64 } from '../../../../electron/api/limits';
import { base64Length, fileToBase64 } from './base64';
import { getClient } from '../../lib/client';
import { ErrorAlert } from '../../components/ErrorAlert';
import { formatLabels } from '../../lib/format';
import { subscribeEvents } from '../../lib/events';
import { randomId } from '../../lib/random-id';
import { importProgressText, type ImportProgress } from './import-progress';
import { ImportSummaryView } from './ImportSummaryView';
import { MappingForm, type ColumnMapping } from './MappingForm';

type FormatChoice = NonNullable<Params<'importDataset'>['format']>;
const formats: FormatChoice[] = ['auto', 'trl', 'hh-rlhf', 'pandalm', 'llmbar', 'rung', 'mapped'];

type State =
  | { phase: 'idle' }
  | { phase: 'reading'; fraction: number }
  | { phase: 'importing'; progress: ImportProgress }
  | { phase: 'done'; fileName: string; summary: Result<'importDataset'> }
  | { phase: 'failed'; message: string };

export function ImportPanel({ onImported }: { onImported: () => void }) {
  const desktopFiles = window.rungFiles;
  const [file, setFile] = useState<File | null>(null);
  const [picked, setPicked] = useState<PickedPath | null>(null);
  const [format, setFormat] = useState<FormatChoice>('auto');
  const [mapping, setMapping] = useState<ColumnMapping | null>(null);
  const [state, setState] = useState<State>({ phase: 'idle' });
  const fileInput = useRef<HTMLInputElement>(null);
  const ids = useId();
  const busy = state.phase === 'reading' || state.phase === 'importing';
  const chosenName = picked?.name ?? file?.name ?? null;
  const mapped = format === 'mapped';
  const ready = chosenName !== null && (!mapped || mapping !== null);

  async function chooseInDialog() {
    if (!desktopFiles || busy) return;
    const chosen = await desktopFiles.pick('file');
    if (!chosen.ok) setState({ phase: 'failed', message: chosen.error.message });
    else if (chosen.value) {
      setPicked(chosen.value);
      setState({ phase: 'idle' });
    }
  }

  /** The source to import: the picked file's token on the desktop (no size limit), else the upload's content. */
  async function sourceToImport(): Promise<Params<'importDataset'>['source'] | null> {
    if (picked) return { kind: 'picked', token: picked.token };
    if (!file) return null;
    if (base64Length(file.size) > MAX_UPLOAD_BASE64) {
      const mib = (file.size / 1024 / 1024).toFixed(0);
      setState({
        phase: 'failed',
        message: `${file.name} is too large to upload here (${mib} MiB; the limit is ${Math.floor((MAX_UPLOAD_BASE64 * 3) / 4 / 1024 / 1024)} MiB). Import it from a terminal with \`rung import\`.`,
      });
      return null;
    }
    setState({ phase: 'reading', fraction: 0 });
    try {
      const contentBase64 = await fileToBase64(file, (fraction) => setState({ phase: 'reading', fraction }));
      return { kind: 'upload', fileName: file.name, contentBase64 };
    } catch (error) {
      setState({ phase: 'failed', message: `Could not read ${file.name}: ${error instanceof Error ? error.message : String(error)}` });
      return null;
    }
  }

  async function submit(event: FormEvent) {
    event.preventDefault();
    if (!chosenName || !ready || busy) return;
    const name = chosenName;
    const source = await sourceToImport();
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
    setPicked(null);
    if (result.ok) {
      setState({ phase: 'done', fileName: name, summary: result.value });
      setFile(null);
      if (fileInput.current) fileInput.current.value = '';
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
          {desktopFiles ? (
            <span className="file-choice">
              <button id={`${ids}-file`} type="button" className="button" disabled={busy} onClick={() => void chooseInDialog()} data-testid="import-choose">
                Choose file…
              </button>
              <span data-testid="import-chosen">{picked ? `${picked.name} (${(picked.bytes / 1024 / 1024).toFixed(1)} MiB)` : 'No file chosen'}</span>
            </span>
          ) : (
            <input
              id={`${ids}-file`}
              ref={fileInput}
              type="file"
              accept=".jsonl,.json,.ndjson,.txt,.gz,.parquet,application/json,application/x-ndjson,application/gzip,application/vnd.apache.parquet"
              data-testid="import-file"
              disabled={busy}
              onChange={(e) => {
                setFile(e.target.files?.[0] ?? null);
                if (!busy) setState({ phase: 'idle' });
              }}
            />
          )}
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
        {mapped && <MappingForm picked={picked} file={file} disabled={busy} onChange={setMapping} />}
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
