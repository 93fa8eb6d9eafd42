// The "New run" form: a name, a description, layers 0..K, each with a name and an entry rule, and optional criteria
// (a rubric: CriteriaEditor); layers can be added, removed and reordered from the keyboard (focus follows the moved
// layer). Checked here first
// (messages next to their fields), then by the server, whose error is shown verbatim.
import { useEffect, useId, useMemo, useRef, useState, type FormEvent } from 'react';
import type { Result } from '../../../../electron/api/contract';
import type { ApiError } from '../../../../electron/api/errors';
import { getClient } from '../../lib/client';
import { ErrorAlert } from '../../components/ErrorAlert';
import { countErrors, emptyRunDraft, MAX_LAYERS, moveLayer, newLayerDraft, validateRun, type LayerDraft, type RunDraft } from './draft';
import { RuleEditor } from './RuleEditor';
import { CriteriaEditor } from './CriteriaEditor';
import type { Run } from './run';

interface Props {
  datasets: Result<'listDatasets'> | undefined;
  datasetsError: ApiError | undefined;
  onRetryDatasets: () => void;
  onCreated: (run: Run) => void;
  onCancel: () => void;
}

type FocusTarget = { key: string; control: 'name' | 'up' | 'down' | 'remove' } | { key: null; control: 'add' };

export function RunForm({ datasets, datasetsError, onRetryDatasets, onCreated, onCancel }: Props) {
  const ids = useId();
  const [draft, setDraft] = useState<RunDraft>(emptyRunDraft);
  const [showErrors, setShowErrors] = useState(false);
  const [saving, setSaving] = useState(false);
  const [serverError, setServerError] = useState<ApiError>();
  const [focus, setFocus] = useState<FocusTarget>();
  const formRef = useRef<HTMLFormElement>(null);
  const nameRef = useRef<HTMLInputElement>(null);

  const validated = useMemo(() => validateRun(draft), [draft]);
  const errors = showErrors && !validated.ok ? validated.errors : undefined;

  useEffect(() => {
    nameRef.current?.focus();
  }, []);

  // After add/remove/move, put the keyboard focus where the user expects it (the moved or new layer).
  useEffect(() => {
    if (!focus) return;
    setFocus(undefined);
    const form = formRef.current;
    if (!form) return;
    const selector = focus.key === null ? '[data-testid="layer-add"]' : `[data-layer-key="${focus.key}"] [data-control="${focus.control}"]`;
    let el = form.querySelector<HTMLElement>(selector);
    if (el && (el as HTMLButtonElement).disabled && focus.key !== null) {
      // Moved to an end: the other move button (or the name) takes the focus.
      el = form.querySelector<HTMLElement>(`[data-layer-key="${focus.key}"] [data-control="${focus.control === 'up' ? 'down' : 'up'}"]:not(:disabled)`) ??
        form.querySelector<HTMLElement>(`[data-layer-key="${focus.key}"] [data-control="name"]`);
    }
    el?.focus();
  }, [focus]);

  const update = (patch: Partial<RunDraft>) => {
    setDraft((d) => ({ ...d, ...patch }));
    setServerError(undefined);
  };
  const updateLayer = (key: string, patch: Partial<LayerDraft>) => {
    setDraft((d) => ({ ...d, layers: d.layers.map((l) => (l.key === key ? { ...l, ...patch } : l)) }));
    setServerError(undefined);
  };
  const move = (index: number, to: number, control: 'up' | 'down') => {
    const key = draft.layers[index].key;
    update({ layers: moveLayer(draft.layers, index, to) });
    setFocus({ key, control });
  };
  const remove = (index: number) => {
    const next = draft.layers.filter((_, i) => i !== index);
    update({ layers: next });
    const neighbour = next[index] ?? next[index - 1];
    setFocus(neighbour ? { key: neighbour.key, control: 'name' } : { key: null, control: 'add' });
  };
  const add = () => {
    const layer = newLayerDraft('field', draft.layers.length);
    update({ layers: [...draft.layers, layer] });
    setFocus({ key: layer.key, control: 'name' });
  };

  async function submit(event: FormEvent) {
    event.preventDefault();
    if (saving) return;
    setShowErrors(true);
    setServerError(undefined);
    if (!validated.ok) {
      // Focus the first field with a message (after React has drawn the messages).
      requestAnimationFrame(() => formRef.current?.querySelector<HTMLElement>('[aria-invalid="true"]')?.focus());
      return;
    }
    setSaving(true);
    const result = await getClient().createRun(validated.params);
    setSaving(false);
    if (result.ok) onCreated(result.value);
    else setServerError(result.error);
  }

  const errorCount = errors ? countErrors(errors) : 0;

  return (
    <section className="panel ladder-form" aria-labelledby={`${ids}-heading`}>
      <h2 id={`${ids}-heading`}>New run</h2>
      <form ref={formRef} className="form" onSubmit={submit} noValidate data-testid="run-form">
        <div className="ladder-form-top">
          <div className="field">
            <label htmlFor={`${ids}-name`}>Name</label>
            <input
              id={`${ids}-name`}
              ref={nameRef}
              type="text"
              value={draft.name}
              disabled={saving}
              aria-invalid={errors?.name ? true : undefined}
              aria-describedby={errors?.name ? `${ids}-name-error` : undefined}
              onChange={(e) => update({ name: e.target.value })}
              data-testid="run-name-input"
            />
            {errors?.name && (
              <span className="field-error" id={`${ids}-name-error`} data-testid="field-error">
                {errors.name}
              </span>
            )}
          </div>
          <div className="field">
            <label htmlFor={`${ids}-description`}>Description (optional)</label>
            <textarea
              id={`${ids}-description`}
              rows={2}
              value={draft.description}
              disabled={saving}
              aria-invalid={errors?.description ? true : undefined}
              aria-describedby={errors?.description ? `${ids}-description-error` : undefined}
              onChange={(e) => update({ description: e.target.value })}
              data-testid="run-description-input"
            />
            {errors?.description && (
              <span className="field-error" id={`${ids}-description-error`} data-testid="field-error">
                {errors.description}
              </span>
            )}
          </div>
        </div>

        <div className="ladder-form-layers">
          <h3 className="subheading" id={`${ids}-layers`}>
            Layers <span className="muted">(layer 0 is the bottom rung: the simplest comparisons)</span>
          </h3>
          {datasetsError && <ErrorAlert title="Could not load the datasets." error={datasetsError} onRetry={onRetryDatasets} />}
          <ol className="layer-drafts" aria-labelledby={`${ids}-layers`}>
            {draft.layers.map((layer, index) => {
              const layerErrors = errors?.layerErrors[index] ?? {};
              const lid = `${ids}-layer-${layer.key}`;
              return (
                <li key={layer.key} className="layer-draft" data-layer-key={layer.key} data-testid="layer-draft">
                  <div className="layer-draft-head">
                    <span className="layer-draft-index">Layer {index}</span>
                    <div className="layer-draft-controls">
                      <button
                        type="button"
                        className="button button-small"
                        disabled={saving || index === 0}
                        onClick={() => move(index, index - 1, 'up')}
                        aria-label={`Move layer ${index} up (to layer ${index - 1})`}
                        data-control="up"
                        data-testid="layer-up"
                      >
                        ↑ Up
                      </button>
                      <button
                        type="button"
                        className="button button-small"
                        disabled={saving || index === draft.layers.length - 1}
                        onClick={() => move(index, index + 1, 'down')}
                        aria-label={`Move layer ${index} down (to layer ${index + 1})`}
                        data-control="down"
                        data-testid="layer-down"
                      >
                        ↓ Down
                      </button>
                      <button
                        type="button"
                        className="button button-small"
                        disabled={saving || draft.layers.length === 1}
                        onClick={() => remove(index)}
                        aria-label={`Remove layer ${index}`}
                        data-control="remove"
                        data-testid="layer-remove"
                      >
                        Remove
                      </button>
                    </div>
                  </div>
                  <div className="layer-draft-body">
                    <div className="field">
                      <label htmlFor={`${lid}-name`}>Layer {index} name</label>
                      <input
                        id={`${lid}-name`}
                        type="text"
                        value={layer.name}
                        disabled={saving}
                        aria-invalid={layerErrors.name ? true : undefined}
                        aria-describedby={layerErrors.name ? `${lid}-name-error` : undefined}
                        onChange={(e) => updateLayer(layer.key, { name: e.target.value })}
                        data-control="name"
                        data-testid="layer-name-input"
                      />
                      {layerErrors.name && (
                        <span className="field-error" id={`${lid}-name-error`} data-testid="field-error">
                          {layerErrors.name}
                        </span>
                      )}
                    </div>
                    <RuleEditor
                      id={lid}
                      draft={layer}
                      errors={layerErrors}
                      datasets={datasets}
                      disabled={saving}
                      onChange={(patch) => updateLayer(layer.key, patch)}
                    />
                  </div>
                </li>
              );
            })}
          </ol>
          {errors?.layers && (
            <span className="field-error" data-testid="field-error">
              {errors.layers}
            </span>
          )}
          <button
            type="button"
            className="button button-small"
            onClick={add}
            disabled={saving || draft.layers.length >= MAX_LAYERS}
            data-testid="layer-add"
          >
            Add layer {draft.layers.length}
          </button>
        </div>

        <CriteriaEditor
          id={ids}
          criteria={draft.criteria ?? []}
          errors={errors?.criterionErrors}
          listError={errors?.criteria}
          disabled={saving}
          onChange={(criteria) => update({ criteria })}
        />

        {serverError && <ErrorAlert title="The run was not created." error={serverError} testId="run-form-error" />}

        <div className="form-actions">
          <button type="submit" className="button button-primary" disabled={saving} data-testid="run-submit">
            {saving ? 'Creating…' : 'Create run'}
          </button>
          <button type="button" className="button" onClick={onCancel} disabled={saving} data-testid="run-cancel">
            Cancel
          </button>
          <span className="form-progress" role="status" aria-live="polite" data-testid="run-form-status">
            {errorCount > 0 && `${errorCount === 1 ? '1 thing needs' : `${errorCount} things need`} fixing before the run can be created.`}
          </span>
        </div>
      </form>
    </section>
  );
}
