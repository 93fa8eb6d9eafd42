// The conflicting verdicts on a flag: evaluator, which response each prefers (and the side it was shown on),
// strength, time, assistance, rationale, retracted/excluded badges; per judgment, "Exclude from training".
import { useState, type FormEvent } from 'react';
import type { Result } from '../../../../electron/api/contract';
import { getClient } from '../../lib/client';
import { ErrorAlert } from '../../components/ErrorAlert';
import { formatDate, formatSeconds, verdictText } from '../../lib/format';
import { actionProblem } from './logic';

type Judgment = Result<'getFlag'>['judgments'][number];

interface Props {
  judgments: Judgment[];
  /** The flag's own comparison; verdicts on other comparisons (a cycle's) say which one they are on. */
  comparisonId: string | null;
  actor: string;
  askName: boolean;
  onChanged: () => void;
}

function ExcludeForm({ judgment, actor, askName, onDone, onCancel }: { judgment: Judgment; actor: string; askName: boolean; onDone: () => void; onCancel: () => void }) {
  const [reason, setReason] = useState('');
  const [name, setName] = useState(actor);
  const [busy, setBusy] = useState(false);
  const [error, setError] = useState<string | null>(null);
  async function submit(event: FormEvent) {
    event.preventDefault();
    const who = askName ? name.trim() : actor;
    const problem = actionProblem('exclude', who, reason);
    if (problem) return setError(problem);
    setBusy(true);
    const result = await getClient().excludeJudgment({ judgmentId: judgment.id, actor: who, reason: reason.trim() });
    setBusy(false);
    if (!result.ok) return setError(result.error.message);
    onDone();
  }
  return (
    <form className="form action-form" onSubmit={submit} data-testid="exclude-form">
      <p>
        Exclude <strong>{judgment.evaluator}</strong>&apos;s verdict from future training. It stays in the database and in this flag&apos;s record.
      </p>
      {askName && (
        <div className="field">
          <label htmlFor={`exclude-name-${judgment.id}`}>Your name</label>
          <input id={`exclude-name-${judgment.id}`} type="text" value={name} onChange={(e) => setName(e.target.value)} data-testid="exclude-actor-name" />
        </div>
      )}
      <div className="field">
        <label htmlFor={`exclude-reason-${judgment.id}`}>Reason (required)</label>
        <textarea id={`exclude-reason-${judgment.id}`} rows={2} value={reason} onChange={(e) => setReason(e.target.value)} autoFocus data-testid="exclude-reason" />
      </div>
      <div className="form-actions">
        <button type="submit" className="button button-primary" disabled={busy || reason.trim() === ''} data-testid="exclude-submit">
          {busy ? 'Excluding…' : 'Exclude from training'}
        </button>
        <button type="button" className="button" onClick={onCancel}>
          Cancel
        </button>
      </div>
      {error && <ErrorAlert title="The judgment was not excluded." error={error} testId="exclude-error" />}
    </form>
  );
}

export function Verdicts({ judgments, comparisonId, actor, askName, onChanged }: Props) {
  const [excluding, setExcluding] = useState<string | null>(null);
  if (judgments.length === 0) return <p className="muted">No judgments are attached to this flag.</p>;
  return (
    <ul className="verdicts" data-testid="flag-verdicts">
      {judgments.map((j) => (
        <li key={j.id} className={`verdict-card${j.retractedAt || j.excludedAt ? ' is-inactive' : ''}`} data-testid="flag-verdict" data-judgment-id={j.id}>
          <div className="verdict-head">
            <strong>{j.evaluator}</strong>
            {j.evaluatorKind === 'model' && <span className="badge badge-model">model</span>}
            <span className={`verdict-choice choice-${j.choice}`} data-testid="flag-verdict-choice">
              {verdictText(j.choice, j.leftSide)}
            </span>
            {j.strength !== null && <span className="chip" title="Strength of preference (1–3)">strength {j.strength}</span>}
            <span className={`chip${j.assisted ? ' chip-accent' : ''}`}>{j.assisted ? 'assisted' : 'unassisted'}</span>
            {j.comparisonId !== comparisonId && (
              <span className="chip" title={`Comparison ${j.comparisonId}`}>
                on comparison <code>{j.comparisonId.slice(0, 8)}</code>
              </span>
            )}
            {j.repeatOf && <span className="chip" title={`Repeats judgment ${j.repeatOf}`}>repeat</span>}
            {j.retractedAt && (
              <span className="badge badge-warn" title={`Retracted ${formatDate(j.retractedAt)}`}>
                retracted
              </span>
            )}
            {j.excludedAt && (
              <span className="badge badge-danger" title={`Excluded ${formatDate(j.excludedAt)}: ${j.excludedReason ?? ''}`} data-testid="flag-verdict-excluded">
                excluded from training
              </span>
            )}
            <span className="verdict-meta muted">
              {formatSeconds(j.durationMs)} · {formatDate(j.createdAt)} · {j.origin}
            </span>
          </div>
          {j.rationale && <p className="verdict-rationale">“{j.rationale}”</p>}
          {j.excludedReason && <p className="hint">Excluded because: {j.excludedReason}</p>}
          {!j.excludedAt && excluding !== j.id && (
            <button type="button" className="button button-small" onClick={() => setExcluding(j.id)} data-testid="flag-exclude">
              Exclude from training…
            </button>
          )}
          {excluding === j.id && (
            <ExcludeForm
              judgment={j}
              actor={actor}
              askName={askName}
              onCancel={() => setExcluding(null)}
              onDone={() => {
                setExcluding(null);
                onChanged();
              }}
            />
          )}
        </li>
      ))}
    </ul>
  );
}
