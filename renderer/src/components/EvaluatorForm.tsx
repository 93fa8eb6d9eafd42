// The form that creates a human evaluator (createEvaluator: a name and comma-separated domains), used by the
// Evaluators page ("Add an evaluator") and the Compare page's picker ("Create a profile"); errors shown as returned.
import { useId, useState, type FormEvent, type Ref } from 'react';
import type { Result } from '../../../electron/api/contract';
import { getClient } from '../lib/client';
import { ErrorAlert } from './ErrorAlert';

type Evaluator = Result<'createEvaluator'>;

/** "math, code,  ,Law" → ["math", "code", "Law"], duplicates removed. */
export function parseDomains(text: string): string[] {
  return [...new Set(text.split(',').map((d) => d.trim()).filter(Boolean))];
}

/** The words of one use of the form. */
export interface EvaluatorFormTexts {
  domainsLabel: string;
  domainsHint: string;
  submit: string;
  submitting: string;
  /** Title of the alert when createEvaluator refuses. */
  failed: string;
  /** When given, a success line after each creation, e.g. "Added Ann.". */
  created?: (name: string) => string;
}

interface Props {
  texts: EvaluatorFormTexts;
  /** data-testid prefix: `${prefix}-form`, `-name`, `-domains`, `-error`, `-created`. */
  testIdPrefix: string;
  submitTestId: string;
  onCreated: (evaluator: Evaluator) => void;
  /** The name field, e.g. to focus it when the form is the first thing to fill. */
  nameRef?: Ref<HTMLInputElement>;
}

export function EvaluatorForm({ texts, testIdPrefix, submitTestId, onCreated, nameRef }: Props) {
  const [name, setName] = useState('');
  const [domains, setDomains] = useState('');
  const [busy, setBusy] = useState(false);
  const [error, setError] = useState<string | null>(null);
  const [created, setCreated] = useState<string | null>(null);
  const ids = useId();

  async function submit(event: FormEvent) {
    event.preventDefault();
    if (busy || name.trim() === '') return;
    setBusy(true);
    setError(null);
    setCreated(null);
    const result = await getClient().createEvaluator({ name: name.trim(), domains: parseDomains(domains) });
    setBusy(false);
    if (!result.ok) return setError(result.error.message);
    if (texts.created) setCreated(texts.created(result.value.name));
    setName('');
    setDomains('');
    onCreated(result.value);
  }

  return (
    <>
      <form className="form" onSubmit={submit} data-testid={`${testIdPrefix}-form`}>
        <div className="field">
          <label htmlFor={`${ids}-name`}>Name</label>
          <input
            id={`${ids}-name`}
            type="text"
            value={name}
            maxLength={200}
            required
            autoComplete="off"
            onChange={(e) => setName(e.target.value)}
            ref={nameRef}
            data-testid={`${testIdPrefix}-name`}
          />
        </div>
        <div className="field">
          <label htmlFor={`${ids}-domains`}>{texts.domainsLabel}</label>
          <input
            id={`${ids}-domains`}
            type="text"
            value={domains}
            placeholder="e.g. math, code"
            autoComplete="off"
            aria-describedby={`${ids}-domains-hint`}
            onChange={(e) => setDomains(e.target.value)}
            data-testid={`${testIdPrefix}-domains`}
          />
          <p id={`${ids}-domains-hint`} className="hint">
            {texts.domainsHint}
          </p>
        </div>
        <div className="form-actions">
          <button type="submit" className="button button-primary" disabled={busy || name.trim() === ''} data-testid={submitTestId}>
            {busy ? texts.submitting : texts.submit}
          </button>
        </div>
      </form>
      {error && <ErrorAlert title={texts.failed} error={error} testId={`${testIdPrefix}-error`} />}
      {created && (
        <p className="alert alert-success" role="status" data-testid={`${testIdPrefix}-created`}>
          {created}
        </p>
      )}
    </>
  );
}
