// The entry-rule inputs of one layer in the "New run" form: a kind, then that kind's fields, each with its
// message (aria-invalid + aria-describedby) right below it.
import type { ReactNode } from 'react';
import type { Result } from '../../../../electron/api/contract';
import { ruleKinds, type LayerDraft, type LayerErrors, type RuleKind } from './draft';

type Dataset = Result<'listDatasets'>[number];

interface Props {
  /** Prefix for element ids (unique per layer). */
  id: string;
  draft: LayerDraft;
  errors: LayerErrors;
  datasets: Dataset[] | undefined;
  disabled: boolean;
  onChange: (patch: Partial<LayerDraft>) => void;
}

function FieldMessage({ id, message }: { id: string; message: string | undefined }) {
  if (!message) return null;
  return (
    <span className="field-error" id={id} data-testid="field-error">
      {message}
    </span>
  );
}

function TextField(props: {
  id: string;
  label: ReactNode;
  value: string;
  error: string | undefined;
  disabled: boolean;
  onChange: (value: string) => void;
  numeric?: boolean;
  placeholder?: string;
  /** Takes the rest of the row (free text such as a list of values). */
  wide?: boolean;
  testId: string;
}) {
  const errorId = `${props.id}-error`;
  return (
    <div className={props.wide ? 'field is-wide' : 'field'}>
      <label htmlFor={props.id}>{props.label}</label>
      <input
        id={props.id}
        type="text"
        inputMode={props.numeric ? 'numeric' : undefined}
        className={props.numeric ? 'ladder-number' : undefined}
        value={props.value}
        placeholder={props.placeholder}
        disabled={props.disabled}
        aria-invalid={props.error ? true : undefined}
        aria-describedby={props.error ? errorId : undefined}
        onChange={(e) => props.onChange(e.target.value)}
        data-testid={props.testId}
      />
      <FieldMessage id={errorId} message={props.error} />
    </div>
  );
}

export function RuleEditor({ id, draft, errors, datasets, disabled, onChange }: Props) {
  const kind = ruleKinds.find((k) => k.kind === draft.kind)!;
  return (
    <div className="rule-editor">
      <div className="field">
        <label htmlFor={`${id}-kind`}>Entry rule</label>
        <select
          id={`${id}-kind`}
          value={draft.kind}
          disabled={disabled}
          aria-describedby={`${id}-kind-hint`}
          onChange={(e) => onChange({ kind: e.target.value as RuleKind })}
          data-testid="rule-kind"
        >
          {ruleKinds.map((k) => (
            <option key={k.kind} value={k.kind}>
              {k.label}
            </option>
          ))}
        </select>
        <span className="hint" id={`${id}-kind-hint`}>
          {kind.hint}
        </span>
      </div>

      {draft.kind === 'datasets' && (
        <fieldset className="rule-datasets" aria-describedby={errors.datasetIds ? `${id}-datasets-error` : undefined} aria-invalid={errors.datasetIds ? true : undefined}>
          <legend>Datasets</legend>
          {datasets === undefined && <p className="muted">Loading the datasets…</p>}
          {datasets?.length === 0 && (
            <p className="muted">
              No datasets imported yet — import one on the <a href="#/data">Data page</a>.
            </p>
          )}
          {datasets?.map((d) => {
            const checked = draft.datasetIds.includes(d.id);
            return (
              <label key={d.id} className="rule-dataset">
                <input
                  type="checkbox"
                  checked={checked}
                  disabled={disabled}
                  onChange={() =>
                    onChange({ datasetIds: checked ? draft.datasetIds.filter((x) => x !== d.id) : [...draft.datasetIds, d.id] })
                  }
                  data-testid="rule-dataset"
                  data-dataset-name={d.name}
                />
                <span>{d.name}</span>
                <span className="muted">{d.comparisons} comparisons</span>
              </label>
            );
          })}
          <FieldMessage id={`${id}-datasets-error`} message={errors.datasetIds} />
        </fieldset>
      )}

      {draft.kind === 'field' && (
        <TextField
          id={`${id}-field`}
          label="Layer number in the data"
          value={draft.field}
          error={errors.field}
          disabled={disabled}
          numeric
          onChange={(field) => onChange({ field })}
          testId="rule-field"
        />
      )}

      {draft.kind === 'length' && (
        <div className="rule-range">
          <TextField
            id={`${id}-min-chars`}
            label="Minimum characters"
            value={draft.minChars}
            error={errors.minChars}
            disabled={disabled}
            numeric
            placeholder="no minimum"
            onChange={(minChars) => onChange({ minChars })}
            testId="rule-min-chars"
          />
          <TextField
            id={`${id}-max-chars`}
            label="Maximum characters"
            value={draft.maxChars}
            error={errors.maxChars}
            disabled={disabled}
            numeric
            placeholder="no maximum"
            onChange={(maxChars) => onChange({ maxChars })}
            testId="rule-max-chars"
          />
        </div>
      )}

      {draft.kind === 'segments' && (
        <div className="rule-range">
          <TextField
            id={`${id}-min-segments`}
            label="Minimum segments"
            value={draft.minSegments}
            error={errors.minSegments}
            disabled={disabled}
            numeric
            placeholder="no minimum"
            onChange={(minSegments) => onChange({ minSegments })}
            testId="rule-min-segments"
          />
          <TextField
            id={`${id}-max-segments`}
            label="Maximum segments"
            value={draft.maxSegments}
            error={errors.maxSegments}
            disabled={disabled}
            numeric
            placeholder="no maximum"
            onChange={(maxSegments) => onChange({ maxSegments })}
            testId="rule-max-segments"
          />
        </div>
      )}

      {draft.kind === 'metadata' && (
        <div className="rule-range">
          <TextField
            id={`${id}-meta-key`}
            label="Metadata key"
            value={draft.metaKey}
            error={errors.metaKey}
            disabled={disabled}
            placeholder="e.g. difficulty"
            onChange={(metaKey) => onChange({ metaKey })}
            testId="rule-meta-key"
          />
          <TextField
            id={`${id}-meta-values`}
            label="Values (comma-separated)"
            value={draft.metaValues}
            error={errors.metaValues}
            disabled={disabled}
            placeholder="e.g. hard, 3, 4"
            wide
            onChange={(metaValues) => onChange({ metaValues })}
            testId="rule-meta-values"
          />
        </div>
      )}
    </div>
  );
}
