// The reward models of one layer, newest first: name and notes (editable), held-out accuracy against the length
// baseline, log loss, ECE, what each was trained on and how (its recipe line), device and date; the active one is
// marked, the others can be made active; each can be exported (model.safetensors in PyTorch's layout and config.json).
// An external model (a lab's imported scores) shows where they came from, "external (FILE, N scores)", and has no export.
import { useState } from 'react';
import type { ApiError } from '../../../../electron/api/errors';
import { ErrorAlert } from '../../components/ErrorAlert';
import { formatDate, plural } from '../../lib/format';
import { getClient } from '../../lib/client';
import { downloadBase64, downloadText } from '../../lib/download';
import { decimal, percent, type ModelSummary } from './jobs';
import { ModelEditor } from './ModelEditor';

const SHOWN = 4;

interface Props {
  layer: number;
  models: ModelSummary[] | undefined;
  loadError: ApiError | undefined;
  onRetry: () => void;
  onMakeActive: (modelId: string) => Promise<ApiError | undefined>;
  /** After a model's name or notes were saved. */
  onEdited: () => void;
}

export function ModelList({ layer, models, loadError, onRetry, onMakeActive, onEdited }: Props) {
  const [busy, setBusy] = useState<string>();
  const [editing, setEditing] = useState<string>();
  const [error, setError] = useState<ApiError>();
  const [all, setAll] = useState(false);

  if (loadError) return <ErrorAlert title={`Could not load the models of layer ${layer}.`} error={loadError} onRetry={onRetry} testId="models-error" />;
  if (!models) return <p className="muted model-empty">Loading the models…</p>;
  if (models.length === 0)
    return (
      <p className="muted model-empty" data-testid="models-empty">
        No RM{layer} trained yet.
      </p>
    );

  async function exportFiles(model: ModelSummary) {
    setError(undefined);
    const result = await getClient().exportModel({ modelId: model.id });
    if (!result.ok) return setError(result.error);
    downloadBase64(result.value.safetensorsBase64, `${result.value.folderName}.safetensors`);
    downloadText(result.value.configJson, `${result.value.folderName}.config.json`, 'application/json');
  }

  async function makeActive(model: ModelSummary) {
    setBusy(model.id);
    setError(undefined);
    const failed = await onMakeActive(model.id);
    setBusy(undefined);
    setError(failed);
  }

  const shown = all ? models : models.slice(0, SHOWN);
  return (
    <div className="model-list-wrap">
      <h4 className="model-list-title">
        RM{layer} models <span className="muted">({models.length})</span>
      </h4>
      <ul className="model-list" data-testid="model-list">
        {shown.map((m) => (
          <li key={m.id} className={`model-row${m.active ? ' is-active' : ''}`} data-testid="model-row" data-model-id={m.id} data-active={m.active}>
            {editing === m.id && (
              <ModelEditor
                model={m}
                onDone={(saved) => {
                  setEditing(undefined);
                  if (saved) onEdited();
                }}
              />
            )}
            <div className="model-head" hidden={editing === m.id}>
              <strong className="model-name" data-testid="model-name">
                {m.name}
              </strong>
              {m.active ? (
                <span className="badge badge-active" data-testid="model-active">
                  Active
                </span>
              ) : (
                <button
                  type="button"
                  className="button button-small"
                  onClick={() => makeActive(m)}
                  disabled={busy !== undefined}
                  aria-label={`Make ${m.name} the active RM${layer}`}
                  data-testid="model-make-active"
                >
                  {busy === m.id ? 'Making active…' : 'Make active'}
                </button>
              )}
              {m.kind === 'trained' && (
                <button
                  type="button"
                  className="button button-small"
                  onClick={() => void exportFiles(m)}
                  title="model.safetensors (PyTorch layout) and config.json: the README shows how PyTorch scores with them"
                  aria-label={`Export ${m.name}`}
                  data-testid="model-export"
                >
                  Export
                </button>
              )}
              <button type="button" className="button button-small" onClick={() => setEditing(m.id)} aria-label={`Edit the name and notes of ${m.name}`} data-testid="model-edit">
                Edit
              </button>
            </div>
            {m.notes && editing !== m.id && (
              <p className="model-notes" data-testid="model-notes">
                {m.notes}
              </p>
            )}
            <dl className="model-metrics">
              <div>
                <dt>Held-out accuracy</dt>
                <dd data-testid="model-accuracy">{percent(m.heldOut?.accuracy)}</dd>
              </div>
              <div>
                <dt>Length baseline</dt>
                <dd data-testid="model-baseline">{percent(m.heldOut?.lengthBaselineAccuracy)}</dd>
              </div>
              <div>
                <dt>Log loss</dt>
                <dd data-testid="model-logloss">{decimal(m.heldOut?.logLoss)}</dd>
              </div>
              <div>
                <dt>ECE</dt>
                <dd data-testid="model-ece">{decimal(m.heldOut?.ece)}</dd>
              </div>
              <div className="model-wide">
                <dt>{m.kind === 'external' ? 'Scores from' : 'Trained on'}</dt>
                {m.kind === 'trained' && (
                  <dd data-testid="model-trained-on">
                    {plural(m.trainComparisons, 'comparison')} · {plural(m.judgments, 'judgment')} · {plural(m.evaluators, 'evaluator')}
                    {m.combine === 'reliability' && ' · reliability-weighted'}
                  </dd>
                )}
                <dd className="model-recipe" data-testid="model-recipe">
                  {m.recipe}
                </dd>
                {(m.judgmentsBySource.simulated > 0 || m.judgmentsBySource.model > 0) && (
                  <dd className="model-sources" data-testid="model-sources">
                    {m.judgmentsBySource.simulated > 0 && (
                      <span className="badge badge-warn" data-testid="model-saw-simulated">
                        saw {plural(m.judgmentsBySource.simulated, 'simulated judgment')}
                      </span>
                    )}
                    {m.judgmentsBySource.model > 0 && (
                      <span className="badge badge-warn" data-testid="model-saw-model">
                        saw {plural(m.judgmentsBySource.model, 'model judgment')}
                      </span>
                    )}
                  </dd>
                )}
              </div>
              <div>
                <dt>Device</dt>
                <dd data-testid="model-device">{m.device}</dd>
              </div>
              <div>
                <dt>Trained</dt>
                <dd>
                  <time dateTime={m.createdAt}>{formatDate(m.createdAt)}</time>
                </dd>
              </div>
            </dl>
          </li>
        ))}
      </ul>
      {models.length > SHOWN && (
        <button type="button" className="button button-small" onClick={() => setAll((v) => !v)} aria-expanded={all}>
          {all ? 'Show fewer' : `Show all ${models.length}`}
        </button>
      )}
      {error && <ErrorAlert title="The model was not made active or exported." error={error} testId="model-active-error" />}
    </div>
  );
}
