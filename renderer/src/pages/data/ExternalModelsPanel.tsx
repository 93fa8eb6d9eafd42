// The Data page's External models section: import a lab's own reward model's scores (a JSONL file, see the README's
// "Scores from a lab's own models") under a name, optionally as a run layer's active model, and list the external
// models with their file, scores, date and place. The desktop app picks the file in its own dialog (a token); a
// browser uploads it. A refusal is shown as the app gives it (`file:line: field: …`); nothing is kept then.
import { useId, useRef, useState, type FormEvent } from 'react';
import type { Params, Result } from '../../../../electron/api/contract';
import type { PickedPath } from '../../../../electron/api/file-picker';
import { MAX_UPLOAD_BASE64 } from '../../../../electron/api/limits';
import { ErrorAlert } from '../../components/ErrorAlert';
import { RunSelect } from '../../components/RunSelect';
import { getClient } from '../../lib/client';
import { plural } from '../../lib/format';
import { useResource } from '../../lib/useResource';
import { base64Length, fileToBase64 } from './base64';
import { ExternalModelsTable } from './ExternalModelsTable';

type State =
  | { phase: 'idle' }
  | { phase: 'reading'; fraction: number }
  | { phase: 'importing' }
  | { phase: 'done'; outcome: Result<'importScores'> }
  | { phase: 'failed'; message: string };

/** A model's default name: the file's name without its extension. */
const nameOf = (fileName: string): string => fileName.replace(/\.(jsonl|ndjson|json|txt)$/i, '') || fileName;

export function ExternalModelsPanel() {
  const desktopFiles = window.rungFiles;
  const ids = useId();
  const [version, setVersion] = useState(0);
  const runs = useResource(() => getClient().listRuns({}), version);
  const models = useResource(() => getClient().listModels({}), version);
  const [file, setFile] = useState<File | null>(null);
  const [picked, setPicked] = useState<PickedPath | null>(null);
  const [name, setName] = useState('');
  const [runId, setRunId] = useState('');
  const [layer, setLayer] = useState(0);
  const [skipUnmatched, setSkipUnmatched] = useState(false);
  const [state, setState] = useState<State>({ phase: 'idle' });
  const fileInput = useRef<HTMLInputElement>(null);
  const busy = state.phase === 'reading' || state.phase === 'importing';
  const chosenName = picked?.name ?? file?.name ?? null;
  const runNamed = (id: string | null) => (runs.value ?? []).find((r) => r.id === id);
  const run = runNamed(runId);
  const ready = chosenName !== null && name.trim() !== '' && !busy;

  function chose(fileName: string) {
    if (name.trim() === '') setName(nameOf(fileName));
    setState({ phase: 'idle' });
  }

  async function chooseInDialog() {
    if (!desktopFiles || busy) return;
    const chosen = await desktopFiles.pick('file');
    if (!chosen.ok) setState({ phase: 'failed', message: chosen.error.message });
    else if (chosen.value) {
      setPicked(chosen.value);
      chose(chosen.value.name);
    }
  }

  /** The file to import: the picked file's token on the desktop, else the upload's content. */
  async function source(): Promise<Params<'importScores'>['source'] | null> {
    if (picked) return { kind: 'picked', token: picked.token };
    if (!file) return null;
    if (base64Length(file.size) > MAX_UPLOAD_BASE64) {
      setState({ phase: 'failed', message: `${file.name} is too large to upload here; import it from a terminal with \`rung scores import\`.` });
      return null;
    }
    setState({ phase: 'reading', fraction: 0 });
    try {
      return { kind: 'upload', fileName: file.name, contentBase64: await fileToBase64(file, (fraction) => setState({ phase: 'reading', fraction })) };
    } catch (error) {
      setState({ phase: 'failed', message: `Could not read ${file.name}: ${error instanceof Error ? error.message : String(error)}` });
      return null;
    }
  }

  async function submit(event: FormEvent) {
    event.preventDefault();
    if (!ready) return;
    const chosen = await source();
    if (!chosen) return;
    setState({ phase: 'importing' });
    const place = run ? { runId: run.id, layer } : {};
    const result = await getClient().importScores({ source: chosen, name: name.trim(), skipUnmatched, ...place });
    setPicked(null); // a picked file's token is used up either way
    if (!result.ok) return setState({ phase: 'failed', message: result.error.message });
    setState({ phase: 'done', outcome: result.value });
    setFile(null);
    setName('');
    if (fileInput.current) fileInput.current.value = '';
    setVersion((v) => v + 1);
  }

  return (
    <section className="panel" aria-labelledby={`${ids}-heading`} data-testid="external-models-panel">
      <h2 id={`${ids}-heading`}>External models</h2>
      <p className="hint">
        Scores from a lab's own reward model, one comparison per line: <code>comparison_id</code> (or <code>prompt</code>,{' '}
        <code>response_a</code>, <code>response_b</code>), <code>reward_a</code>, <code>reward_b</code>, optionally <code>std_a</code>,{' '}
        <code>std_b</code>. It then assists, routes and is checked like a model Rung trained, on the comparisons it scored.
      </p>
      <form className="form" onSubmit={submit} data-testid="scores-form">
        <div className="field">
          <label htmlFor={`${ids}-file`}>Scores file (JSONL)</label>
          {desktopFiles ? (
            <span className="file-choice">
              <button id={`${ids}-file`} type="button" className="button" disabled={busy} onClick={() => void chooseInDialog()} data-testid="scores-choose">
                Choose file…
              </button>
              <span data-testid="scores-chosen">{picked ? picked.name : 'No file chosen'}</span>
            </span>
          ) : (
            <input
              id={`${ids}-file`}
              ref={fileInput}
              type="file"
              accept=".jsonl,.ndjson,.json,.txt,application/x-ndjson,application/json"
              disabled={busy}
              data-testid="scores-file"
              onChange={(e) => {
                const chosenFile = e.target.files?.[0] ?? null;
                setFile(chosenFile);
                if (chosenFile) chose(chosenFile.name);
              }}
            />
          )}
        </div>
        <div className="field">
          <label htmlFor={`${ids}-name`}>Model name</label>
          <input id={`${ids}-name`} type="text" value={name} disabled={busy} maxLength={200} placeholder="lab-rm-v3" onChange={(e) => setName(e.target.value)} data-testid="scores-name" />
        </div>
        <div className="field">
          <label htmlFor={`${ids}-run`}>Active model of</label>
          <RunSelect
            id={`${ids}-run`}
            runs={runs.value ?? []}
            value={runId}
            onChange={(id) => {
              setRunId(id);
              setLayer(0);
            }}
            noneLabel="No run (the database's model)"
            testId="scores-run"
          />
          {run && (
            <select aria-label="Layer" value={layer} disabled={busy} onChange={(e) => setLayer(Number(e.target.value))} data-testid="scores-layer">
              {run.layers.map((l) => (
                <option key={l.id} value={l.index}>
                  Layer {l.index}: {l.name}
                </option>
              ))}
            </select>
          )}
        </div>
        <div className="field">
          <label>
            <input type="checkbox" checked={skipUnmatched} disabled={busy} onChange={(e) => setSkipUnmatched(e.target.checked)} data-testid="scores-skip-unmatched" />{' '}
            Skip comparisons not in this database (else such a line refuses the file)
          </label>
        </div>
        <div className="form-actions">
          <button type="submit" className="button button-primary" disabled={!ready} data-testid="scores-submit">
            {busy ? 'Importing…' : 'Import scores'}
          </button>
          <span className="form-progress" role="status" aria-live="polite" data-testid="scores-progress">
            {state.phase === 'reading' && `Reading ${chosenName ?? 'file'}… ${Math.round(state.fraction * 100)}%`}
            {state.phase === 'importing' && 'Matching the scores to the stored comparisons, then running the checks…'}
          </span>
        </div>
        <p className="hint">A file is imported whole or not at all: the first bad line refuses it, naming its line and field.</p>
      </form>
      {state.phase === 'failed' && <ErrorAlert title="Nothing was imported." error={state.message} testId="scores-error" />}
      {state.phase === 'done' && (
        <p className="alert alert-success" role="status" data-testid="scores-imported">
          Imported “{state.outcome.name}”: {plural(state.outcome.scores, 'comparison')} scored
          {state.outcome.unmatched > 0 && `, ${plural(state.outcome.unmatched, 'line')} skipped (no such comparison in this database)`}; now the active model of{' '}
          {state.outcome.layer === null ? 'the database' : `layer ${state.outcome.layer} of run ${runNamed(state.outcome.runId)?.name ?? state.outcome.runId}`}.
        </p>
      )}
      <ExternalModelsTable models={models} runs={runs.value ?? []} />
    </section>
  );
}
