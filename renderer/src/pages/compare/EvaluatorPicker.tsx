// Choosing who judges: pick an existing human evaluator or create one (name, domains of expertise).
// The choice is remembered in this browser; every judgment records who made it. Works with Tab and Enter alone.
import { useEffect, useId, useRef } from 'react';
import type { Result } from '../../../../electron/api/contract';
import { EvaluatorForm, type EvaluatorFormTexts } from '../../components/EvaluatorForm';
import { SimulatedBadge } from '../../components/SimulatedBadge';
import { formatDate } from '../../lib/format';

type Evaluator = Result<'listEvaluators'>[number];

interface Props {
  evaluators: Evaluator[];
  current?: Evaluator;
  /** A remembered evaluator no longer exists in this database. */
  remembered: boolean;
  onChoose: (evaluator: Evaluator) => void;
  onCancel?: () => void;
}

const createTexts: EvaluatorFormTexts = {
  domainsLabel: 'Domains of expertise',
  domainsHint: 'Separate domains with commas.',
  submit: 'Create and start judging',
  submitting: 'Creating…',
  failed: 'Could not create the profile.',
};

/** Whoever judged most recently first (so after a restart one Enter resumes), then the others by name. */
export function pickerOrder(evaluators: Evaluator[]): Evaluator[] {
  return [...evaluators].sort((a, b) => (b.lastJudgedAt ?? '').localeCompare(a.lastJudgedAt ?? '') || a.name.localeCompare(b.name));
}

export function EvaluatorPicker({ evaluators: unordered, current, remembered, onChoose, onCancel }: Props) {
  const evaluators = pickerOrder(unordered);
  const ids = useId();
  const first = useRef<HTMLButtonElement & HTMLInputElement>(null);

  useEffect(() => first.current?.focus(), []);

  return (
    <div className="page compare-picker" data-testid="evaluator-picker">
      <div className="page-header">
        <h1>Who is judging?</h1>
        <p className="page-lede">
          {remembered
            ? 'The evaluator chosen last time is not in this database. Choose or create a profile to start.'
            : 'No evaluator is chosen yet. Every verdict records who made it: choose your profile or create one.'}
        </p>
      </div>
      <div className="columns">
        <section className="panel" aria-labelledby={`${ids}-choose`}>
          <h2 id={`${ids}-choose`}>Choose a profile</h2>
          {evaluators.length === 0 ? (
            <p className="muted">No human evaluators yet — create the first one.</p>
          ) : (
            <ul className="picker-list">
              {evaluators.map((e, i) => (
                <li key={e.id}>
                  <button
                    type="button"
                    className={`button picker-item${current?.id === e.id ? ' picker-current' : ''}`}
                    onClick={() => onChoose(e)}
                    ref={i === 0 ? first : undefined}
                    data-testid="evaluator-choice"
                  >
                    <span className="picker-name">{e.name}{e.simulated && <> <SimulatedBadge /></>}</span>
                    <span className="picker-meta">
                      {e.domains.length > 0 ? e.domains.join(', ') : 'no domains'} · {e.judgments} verdicts
                      {e.lastJudgedAt ? ` · last ${formatDate(e.lastJudgedAt)}` : ''}
                    </span>
                  </button>
                </li>
              ))}
            </ul>
          )}
          {onCancel && (
            <div className="form-actions picker-cancel">
              <button type="button" className="button" onClick={onCancel}>
                Keep judging as {current?.name}
              </button>
            </div>
          )}
        </section>
        <section className="panel" aria-labelledby={`${ids}-create`}>
          <h2 id={`${ids}-create`}>Create a profile</h2>
          <EvaluatorForm
            texts={createTexts}
            testIdPrefix="compare-evaluator"
            submitTestId="compare-evaluator-create"
            onCreated={onChoose}
            nameRef={evaluators.length === 0 ? first : undefined}
          />
        </section>
      </div>
    </div>
  );
}
