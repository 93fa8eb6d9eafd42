// The Train RMk form's data options: a weight per layer 0..k, majority or reliability-weighted combining of
// several verdicts, and opt-in checkboxes for simulated evaluators' and models' judgments (off by default).
import type { TrainOptionsDraft } from './train-options';

interface Props {
  idPrefix: string;
  draft: TrainOptionsDraft;
  onChange: (draft: TrainOptionsDraft) => void;
  errors: { layerWeights: Record<number, string>; all?: string } | undefined;
}

export function TrainOptionsFields({ idPrefix, draft, onChange, errors }: Props) {
  return (
    <fieldset className="train-options" data-testid="train-options">
      <legend>Training data</legend>
      <div className="train-form-fields">
        {draft.layerWeights.map((w, i) => {
          const error = errors?.layerWeights[i];
          const id = `${idPrefix}-weight-${i}`;
          return (
            <div className="field" key={i}>
              <label htmlFor={id}>Weight of layer {i}</label>
              <input
                id={id}
                type="number"
                inputMode="decimal"
                min={0}
                step={0.1}
                className="ladder-number"
                value={w}
                onChange={(e) => onChange({ ...draft, layerWeights: draft.layerWeights.map((x, j) => (j === i ? e.target.value : x)) })}
                aria-invalid={error ? true : undefined}
                aria-describedby={error ? `${id}-error` : undefined}
                data-testid="train-layer-weight"
              />
              {error && (
                <span id={`${id}-error`} className="field-error" data-testid="field-error">
                  {error}
                </span>
              )}
            </div>
          );
        })}
        <div className="field">
          <label htmlFor={`${idPrefix}-combine`}>Several verdicts on one comparison</label>
          <select
            id={`${idPrefix}-combine`}
            value={draft.combine}
            onChange={(e) => onChange({ ...draft, combine: e.target.value as TrainOptionsDraft['combine'] })}
            data-testid="train-combine"
          >
            <option value="majority">Majority (each verdict weighted by its strength)</option>
            <option value="reliability">Reliability-weighted (evaluators who agree with the others count more)</option>
          </select>
        </div>
      </div>
      {errors?.all && (
        <p className="field-error" role="alert" data-testid="field-error">
          {errors.all}
        </p>
      )}
      <label className="checkbox">
        <input
          type="checkbox"
          checked={draft.includeSimulated}
          onChange={(e) => onChange({ ...draft, includeSimulated: e.target.checked })}
          data-testid="train-include-simulated"
        />{' '}
        Include simulated evaluators' judgments
      </label>
      <label className="checkbox">
        <input
          type="checkbox"
          checked={draft.includeModelJudgments}
          onChange={(e) => onChange({ ...draft, includeModelJudgments: e.target.checked })}
          data-testid="train-include-model"
        />{' '}
        Include model judgments (auto-labels) — a model's errors can then train the next model
      </label>
    </fieldset>
  );
}
