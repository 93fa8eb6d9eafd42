// The "New run" form's rubric: criteria rows (key, label, optional description) added and removed from the keyboard,
// with the rule in one line and each message next to its field. The criteria are fixed once the run is created.
import { useEffect, useRef } from 'react';
import { CRITERIA_RULE, MAX_CRITERIA, newCriterionDraft, type CriterionDraft, type CriterionErrors } from './criteria-draft';

interface Props {
  id: string;
  criteria: CriterionDraft[];
  errors: CriterionErrors[] | undefined;
  listError: string | undefined;
  disabled: boolean;
  onChange: (criteria: CriterionDraft[]) => void;
}

export function CriteriaEditor({ id, criteria, errors, listError, disabled, onChange }: Props) {
  const rootRef = useRef<HTMLDivElement>(null);
  const focusUid = useRef<string | null>(null);
  useEffect(() => {
    if (focusUid.current === null) return;
    const selector = focusUid.current === '' ? '[data-testid="criterion-add"]' : `[data-criterion-uid="${focusUid.current}"] input`;
    focusUid.current = null;
    rootRef.current?.querySelector<HTMLElement>(selector)?.focus();
  }, [criteria]);

  const patch = (uid: string, change: Partial<CriterionDraft>) => onChange(criteria.map((c) => (c.uid === uid ? { ...c, ...change } : c)));
  const add = () => {
    const draft = newCriterionDraft();
    focusUid.current = draft.uid;
    onChange([...criteria, draft]);
  };
  const remove = (index: number) => {
    const next = criteria.filter((_, i) => i !== index);
    focusUid.current = (next[index] ?? next[index - 1])?.uid ?? '';
    onChange(next);
  };

  return (
    <div className="ladder-form-criteria" ref={rootRef}>
      <h3 className="subheading" id={`${id}-criteria`}>
        Criteria <span className="muted">(optional: a rubric)</span>
      </h3>
      <p className="hint" data-testid="criteria-rule">
        {CRITERIA_RULE}
      </p>
      {criteria.length > 0 && (
        <ol className="criterion-drafts" aria-labelledby={`${id}-criteria`}>
          {criteria.map((c, index) => {
            const e = errors?.[index] ?? {};
            const cid = `${id}-criterion-${c.uid}`;
            const field = (name: 'key' | 'label' | 'description', label: string) => (
              <div className={`field criterion-${name}`}>
                <label htmlFor={`${cid}-${name}`}>{label}</label>
                <input
                  id={`${cid}-${name}`}
                  type="text"
                  value={c[name]}
                  disabled={disabled}
                  aria-invalid={e[name] ? true : undefined}
                  aria-describedby={e[name] ? `${cid}-${name}-error` : undefined}
                  onChange={(event) => patch(c.uid, { [name]: event.target.value })}
                  data-testid={`criterion-${name}-input`}
                />
                {e[name] && (
                  <span className="field-error" id={`${cid}-${name}-error`} data-testid="field-error">
                    {e[name]}
                  </span>
                )}
              </div>
            );
            return (
              <li key={c.uid} className="criterion-draft" data-criterion-uid={c.uid} data-testid="criterion-draft">
                <span className="criterion-draft-index muted">{index + 1}</span>
                {field('key', `Criterion ${index + 1} key`)}
                {field('label', 'Label')}
                {field('description', 'Description (optional)')}
                <button type="button" className="button button-small" disabled={disabled} onClick={() => remove(index)} aria-label={`Remove criterion ${index + 1}`} data-testid="criterion-remove">
                  Remove
                </button>
              </li>
            );
          })}
        </ol>
      )}
      {listError && (
        <span className="field-error" data-testid="field-error">
          {listError}
        </span>
      )}
      <button type="button" className="button button-small" onClick={add} disabled={disabled || criteria.length >= MAX_CRITERIA} data-testid="criterion-add">
        Add criterion {criteria.length + 1}
      </button>
    </div>
  );
}
