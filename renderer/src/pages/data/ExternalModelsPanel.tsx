// The Data page's External models section: import a lab's own reward model's scores (a JSONL file, see the README's
// "Scores from a lab's own models") under a name, optionally as a run layer's active model, and list the external
// models with their file, scores, date and place. The desktop app picks the file in its own dialog (a token); a
// browser uploads it. A refusal is shown as the app gives it (`file:line: field: …`); nothing is kept then.
import { useId, useState, type FormEvent } from 'react';
import type { Result } from '../../../../electron/api/contract';
import { ErrorAlert } from '../../components/ErrorAlert';
import { RunSelect } from '../../components/RunSelect';
import { getClient } from '../../lib/client';
import { plural } from '../../lib/format';
import { useResource } from '../../lib/useResource';
import { ExternalModelsTable } from './ExternalModelsTable';
import { LocalFileField } from './LocalFileField';
import { useLocalFile } from './useLocalFile';

type State =
  | { phase: 'idle' }
  | { phase: 'reading'; fraction: number }
  | { phase: 'importing' }
  | { phase: 'done'; outcome: Result<'importScores'> }
  | { phase: 'failed'; message: string };

/** A model's default name: the file's name without its extension. */
const nameOf = (fileName: string): string => fileName.replace(/\.(jsonl|ndjson|json|txt)$/i, '') || fileName;

export function ExternalModelsPanel() {
  const ids = useId();
  const [version, setVersion] = useState(0);
  const runs = useResource(() => getClient().listRuns({}), version);
  const models = useResource(() => getClient().listModels({}), version);
  const [name, setName] = useState('');
  const [runId, setRunId] = useState('');
  const [layer, setLayer] = useState(0);
  const [skipUnmatched, setSkipUnmatched] = useState(false);
  const [state, setState] = useState<State>({ phase: 'idle' });
  const busy = state.phase === 'reading' || state.phase === 'importing';
  const local = useLocalFile({
    busy,
    onError: (message) => setState({ phase: 'failed', message }),
    onChoose: (fileName) => {
      if (fileName !== null) chose(fileName);
    },
    tooLarge: (file) => `${file.name} is too large to upload here; import it from a terminal with \`rung scores import\`.`,
    onReading: (fraction) => setState({ phase: 'reading', fraction }),
  });
  const chosenName = local.chosenName;
  const runNamed = (id: string | null) => (runs.value ?? []).find((r) => r.id === id);
  const run = runNamed(runId);
  const ready = chosenName !== null && name.trim() !== '' && !busy;

  function chose(fileName: string) {
    if (name.trim() === '') setName(nameOf(fileName));
    setState({ phase: 'idle' });
  }

  async function submit(event: FormEvent) {
    event.preventDefault();
    if (!ready) return;
    const chosen = await local.source();
    if (!chosen) return;
    setState({ phase: 'importing' });
    const place = run ? { runId: run.id, layer } : {};
    const result = await getClient().importScores({ source: chosen, name: name.trim(), skipUnmatched, ...place });
    local.forgetToken(); // a picked file's token is used up either way
    if (!result.ok) return setState({ phase: 'failed', message: result.error.message });
    setState({ phase: 'done', outcome: result.value });
    local.clear();
    setName('');
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
          <LocalFileField local={local} id={`${ids}-file`} accept=".jsonl,.ndjson,.json,.txt,application/x-ndjson,application/json" disabled={busy} testIds={{ choose: 'scores-choose', chosen: 'scores-chosen', file: 'scores-file' }} />
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
