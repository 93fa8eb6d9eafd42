// Actions on a flag: Confirm, Dismiss (reason required), Request relabel (optionally for one person), Reopen.
// Who acts is the evaluator profile chosen on the Compare page; without one, the form asks for a name.
import { useEffect, useId, useRef, useState, type FormEvent } from 'react';
import type { Result } from '../../../../electron/api/contract';
import { getClient } from '../../lib/client';
import { ErrorAlert } from '../../components/ErrorAlert';
import { actionProblem, isPerson } from './logic';

type Action = 'confirm' | 'dismiss' | 'request-relabel' | 'reopen';
type Flag = Result<'getFlag'>['flag'];
type Evaluator = Result<'listEvaluators'>[number];

const ACTOR_KEY = 'rung.flags.actor';
export function rememberedActorName(): string {
  try {
    return window.localStorage.getItem(ACTOR_KEY) ?? '';
  } catch {
    return '';
  }
}
function rememberActorName(name: string): void {
  try {
    window.localStorage.setItem(ACTOR_KEY, name);
  } catch {
    // storage disabled: asked again next time
  }
}

const titles: Record<Action, string> = {
  confirm: 'Confirm this flag',
  dismiss: 'Dismiss this flag',
  'request-relabel': 'Request a relabel',
  reopen: 'Reopen this flag',
};

interface Props {
  flag: Flag;
  /** The Compare page's chosen evaluator, if any. */
  profileName: string | null;
  evaluators: Evaluator[];
  onDone: () => void;
  /** Lets the drawer close an open form on Esc before closing itself. */
  formOpen: (open: boolean) => void;
}

export function FlagActions({ flag, profileName, evaluators, onDone, formOpen }: Props) {
  const [pending, setPending] = useState<Action | null>(null);
  const [reason, setReason] = useState('');
  const [name, setName] = useState(rememberedActorName);
  const [relabelFor, setRelabelFor] = useState('');
  const [busy, setBusy] = useState(false);
  const [error, setError] = useState<string | null>(null);
  const ids = useId();
  const firstField = useRef<HTMLTextAreaElement & HTMLInputElement & HTMLSelectElement>(null);
  const actor = profileName ?? name.trim();

  useEffect(() => formOpen(pending !== null), [pending, formOpen]);
  useEffect(() => {
    if (pending) firstField.current?.focus();
  }, [pending]);
  useEffect(() => {
    const close = () => setPending(null);
    window.addEventListener('rung:close-flag-form', close);
    return () => window.removeEventListener('rung:close-flag-form', close);
  }, []);

  async function send(action: Action) {
    const problem = actionProblem(action, actor, reason);
    if (problem) {
      setError(problem);
      return;
    }
    setBusy(true);
    setError(null);
    const result = await getClient().updateFlag({
      id: flag.id,
      action,
      actor,
      ...(reason.trim() ? { reason: reason.trim() } : {}),
      ...(action === 'request-relabel' && relabelFor ? { relabelEvaluatorId: relabelFor } : {}),
    });
    setBusy(false);
    if (!result.ok) {
      setError(result.error.message);
      return;
    }
    if (!profileName) rememberActorName(name.trim());
    setPending(null);
    setReason('');
    setRelabelFor('');
    onDone();
  }

  function start(action: Action) {
    setError(null);
    setReason('');
    // Confirm and reopen need nothing more when we know who acts.
    if ((action === 'confirm' || action === 'reopen') && profileName) void send(action);
    else setPending(action);
  }

  function submit(event: FormEvent) {
    event.preventDefault();
    if (pending && !busy) void send(pending);
  }

  const isOpen = flag.status === 'open';
  return (
    <div className="flag-actions" data-testid="flag-actions">
      <div className="form-actions">
        {isOpen || flag.status === 'relabel_requested' || flag.status === 'relabelled' ? (
          <>
            <button type="button" className="button button-primary" onClick={() => start('confirm')} disabled={busy} data-testid="flag-confirm">
              Confirm
            </button>
            <button type="button" className={`button${pending === 'dismiss' ? ' is-on' : ''}`} onClick={() => start('dismiss')} disabled={busy} data-testid="flag-dismiss">
              Dismiss…
            </button>
            <button type="button" className={`button${pending === 'request-relabel' ? ' is-on' : ''}`} onClick={() => start('request-relabel')} disabled={busy} data-testid="flag-relabel">
              Request relabel…
            </button>
          </>
        ) : null}
        {!isOpen && (
          <button type="button" className="button" onClick={() => start('reopen')} disabled={busy} data-testid="flag-reopen">
            Reopen
          </button>
        )}
        <span className="hint">
          {profileName ? (
            <>
              Acting as <strong data-testid="flag-actor">{profileName}</strong> (the profile chosen on the Compare page)
            </>
          ) : (
            'No evaluator profile is chosen on the Compare page: the form asks for your name.'
          )}
        </span>
      </div>
      {pending && (
        <form className="form action-form" onSubmit={submit} data-testid="flag-action-form" aria-labelledby={`${ids}-title`}>
          <h4 id={`${ids}-title`}>{titles[pending]}</h4>
          {!profileName && (
            <div className="field">
              <label htmlFor={`${ids}-name`}>Your name</label>
              <input
                id={`${ids}-name`}
                type="text"
                value={name}
                maxLength={200}
                autoComplete="off"
                onChange={(e) => setName(e.target.value)}
                ref={pending === 'confirm' || pending === 'reopen' || !name ? firstField : undefined}
                data-testid="flag-actor-name"
              />
            </div>
          )}
          {pending === 'request-relabel' && (
            <div className="field">
              <label htmlFor={`${ids}-who`}>Who should judge it again</label>
              <select id={`${ids}-who`} value={relabelFor} onChange={(e) => setRelabelFor(e.target.value)} ref={name || profileName ? firstField : undefined} data-testid="flag-relabel-evaluator">
                <option value="">Any evaluator (back to everyone&apos;s queue)</option>
                {evaluators
                  .filter(isPerson)
                  .map((e) => (
                    <option key={e.id} value={e.id}>
                      {e.name}
                    </option>
                  ))}
              </select>
            </div>
          )}
          {pending !== 'confirm' && pending !== 'reopen' ? (
            <div className="field">
              <label htmlFor={`${ids}-reason`}>{pending === 'dismiss' ? 'Reason (required)' : 'Reason (optional)'}</label>
              <textarea
                id={`${ids}-reason`}
                rows={3}
                value={reason}
                maxLength={5000}
                onChange={(e) => setReason(e.target.value)}
                ref={pending === 'dismiss' && (name || profileName) ? firstField : undefined}
                placeholder={pending === 'dismiss' ? 'Why is this not a real inconsistency?' : 'What should the evaluator look at?'}
                data-testid="flag-reason"
              />
            </div>
          ) : (
            <div className="field">
              <label htmlFor={`${ids}-reason`}>Note (optional)</label>
              <textarea id={`${ids}-reason`} rows={2} value={reason} maxLength={5000} onChange={(e) => setReason(e.target.value)} data-testid="flag-reason" />
            </div>
          )}
          <div className="form-actions">
            <button type="submit" className="button button-primary" disabled={busy || (pending === 'dismiss' && reason.trim() === '') || actor === ''} data-testid="flag-action-submit">
              {busy ? 'Saving…' : titles[pending].replace(/ this flag$/, '').replace('Request a relabel', 'Request relabel')}
            </button>
            <button type="button" className="button" onClick={() => setPending(null)} disabled={busy}>
              Cancel
            </button>
          </div>
        </form>
      )}
      {error && <ErrorAlert title="The flag was not changed." error={error} testId="flag-action-error" />}
    </div>
  );
}
