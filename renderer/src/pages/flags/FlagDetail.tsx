// The flag detail (a drawer over the table): status and actions, the comparison side by side (Markdown, KaTeX,
// code as on the Compare page), the conflicting verdicts, the evidence, the provenance chain, relabel requests,
// notes and the audit trail. Esc closes (an open action form first).
import { useCallback, useEffect, useRef, useState, type KeyboardEvent } from 'react';
import type { Result } from '../../../../electron/api/contract';
import { getClient } from '../../lib/client';
import { ErrorAlert } from '../../components/ErrorAlert';
import { renderMarkdown } from '../../lib/markdown';
import { formatDate } from '../../lib/format';
import { useResource } from '../../lib/useResource';
import { EvidenceView } from './Evidence';
import { FlagActions, rememberedActorName } from './FlagActions';
import { kindLabel, severityBand, statusLabels } from './logic';
import { ProvenanceView } from './Provenance';
import { Verdicts } from './Verdicts';

type Evaluator = Result<'listEvaluators'>[number];

interface Props {
  id: string;
  profileName: string | null;
  evaluators: Evaluator[];
  onClose: () => void;
  onChanged: () => void;
}

function Markdown({ text, testId }: { text: string; testId?: string }) {
  return <div className="md" data-testid={testId} dangerouslySetInnerHTML={{ __html: renderMarkdown(text) }} />;
}

function detailsText(details: Record<string, unknown>): string {
  return Object.entries(details)
    .filter(([, v]) => v !== null && v !== undefined && v !== '')
    .map(([k, v]) => `${k}: ${typeof v === 'string' ? v : JSON.stringify(v)}`)
    .join(' · ');
}

export function FlagDetail({ id, profileName, evaluators, onClose, onChanged }: Props) {
  const [version, setVersion] = useState(0);
  const detail = useResource(() => getClient().getFlag({ id }), `${id}:${version}`);
  const formIsOpen = useRef(false);
  const root = useRef<HTMLElement>(null);
  const setFormOpen = useCallback((open: boolean) => {
    formIsOpen.current = open;
  }, []);

  useEffect(() => {
    root.current?.focus();
  }, [id]);

  const changed = () => {
    setVersion((v) => v + 1);
    onChanged();
  };

  function onKeyDown(event: KeyboardEvent) {
    if (event.key !== 'Escape') return;
    event.preventDefault();
    event.stopPropagation();
    if (formIsOpen.current) {
      window.dispatchEvent(new Event('rung:close-flag-form'));
      root.current?.focus();
    } else onClose();
  }

  const d = detail.value?.flag.id === id ? detail.value : undefined;
  const actor = profileName ?? rememberedActorName();

  return (
    <aside className="drawer" role="dialog" aria-modal="false" aria-labelledby="flag-detail-title" ref={root} tabIndex={-1} onKeyDown={onKeyDown} data-testid="flag-detail" data-flag-id={id} data-status={d?.flag.status ?? ''} data-comparison-id={d?.flag.comparisonId ?? ''}>
      <div className="drawer-header">
        <h2 id="flag-detail-title">{d ? kindLabel(d.flag.kind) : 'Flag'}</h2>
        {d && (
          <>
            <span className={`badge status-${d.flag.status}`} data-testid="flag-detail-status">
              {statusLabels[d.flag.status] ?? d.flag.status}
            </span>
            <span className={`badge severity-badge severity-${severityBand(d.flag.severity)}`}>severity {d.flag.severity.toFixed(2)}</span>
            {d.flag.layer !== null && <span className="chip">layer {d.flag.layer}</span>}
            {d.flag.criterion !== undefined && (
              <span className="chip" data-testid="flag-detail-criterion">
                criterion {d.flag.criterion}
              </span>
            )}
          </>
        )}
        <button type="button" className="button button-small drawer-close" onClick={onClose} data-testid="flag-detail-close" title="Close (Esc)">
          Close <kbd>Esc</kbd>
        </button>
      </div>
      <div className="drawer-body">
        {detail.error && <ErrorAlert title="Could not load this flag." error={detail.error} onRetry={detail.reload} testId="flag-detail-error" />}
        {!d && !detail.error && <p className="muted">Loading…</p>}
        {d && (
          <>
            <p className="muted flag-dates">
              Found {formatDate(d.flag.createdAt)}
              {d.flag.resolvedBy && d.flag.resolvedAt && (
                <>
                  {' '}
                  · {statusLabels[d.flag.status]?.toLowerCase() ?? d.flag.status} by <strong>{d.flag.resolvedBy}</strong> {formatDate(d.flag.resolvedAt)}
                </>
              )}
              {d.flag.relabelOutcome && <> · <span data-testid="flag-relabel-outcome">{d.flag.relabelOutcome}</span></>}
            </p>
            <FlagActions flag={d.flag} profileName={profileName} evaluators={evaluators} onDone={changed} formOpen={setFormOpen} />

            <section className="detail-section" aria-labelledby="flag-comparison-h">
              <h3 id="flag-comparison-h">Comparison</h3>
              {d.comparison ? (
                <div className="flag-comparison" data-testid="flag-comparison">
                  <div className="flag-prompt">
                    <div className="pane-header">
                      Prompt
                      <span className="pane-tags">
                        {d.comparison.dataset && <span className="chip">{d.comparison.dataset}</span>}
                        {d.comparison.groundTruth ? (
                          <span className="chip chip-accent" data-testid="flag-ground-truth">
                            ground truth: {d.comparison.groundTruth === 'tie' ? 'tie' : `${d.comparison.groundTruth} is better`}
                          </span>
                        ) : (
                          <span className="chip">no ground truth</span>
                        )}
                      </span>
                    </div>
                    <div className="flag-pane-body">
                      <Markdown text={d.comparison.prompt} />
                    </div>
                  </div>
                  <div className="flag-panes">
                    {(['A', 'B'] as const).map((side) => (
                      <div key={side} className="pane">
                        <div className="pane-header">
                          Response {side}
                          {d.comparison!.groundTruth === side && <span className="chip chip-accent">ground truth</span>}
                        </div>
                        <div className="flag-pane-body">
                          <Markdown text={side === 'A' ? d.comparison!.responseA : d.comparison!.responseB} testId={`flag-response-${side}`} />
                        </div>
                      </div>
                    ))}
                  </div>
                </div>
              ) : (
                <p className="muted">This flag is not about a single comparison (see the evidence).</p>
              )}
            </section>

            <section className="detail-section" aria-labelledby="flag-verdicts-h">
              <h3 id="flag-verdicts-h">Verdicts</h3>
              <Verdicts judgments={d.judgments} comparisonId={d.flag.comparisonId} actor={actor} askName={!profileName} onChanged={changed} />
            </section>

            <section className="detail-section" aria-labelledby="flag-evidence-h">
              <h3 id="flag-evidence-h">Evidence</h3>
              <EvidenceView kind={d.flag.kind} evidence={d.evidence} />
            </section>

            <section className="detail-section" aria-labelledby="flag-provenance-h">
              <h3 id="flag-provenance-h">Provenance</h3>
              <ProvenanceView detail={d} />
            </section>

            <section className="detail-section" aria-labelledby="flag-relabel-h">
              <h3 id="flag-relabel-h">Relabel requests</h3>
              {d.relabelRequests.length === 0 ? (
                <p className="muted">None requested.</p>
              ) : (
                <ul className="evidence-list" data-testid="flag-relabel-requests">
                  {d.relabelRequests.map((r) => (
                    <li key={r.id}>
                      For <strong>{r.evaluator ?? 'any evaluator'}</strong>, requested by {r.requestedBy} {formatDate(r.createdAt)}
                      {r.reason && <> — “{r.reason}”</>} · {r.doneAt ? `judged again ${formatDate(r.doneAt)}${r.outcome ? `: ${r.outcome}` : ''}` : 'waiting in the queue'}
                    </li>
                  ))}
                </ul>
              )}
            </section>

            <section className="detail-section" aria-labelledby="flag-notes-h">
              <h3 id="flag-notes-h">Notes</h3>
              {d.flag.notes ? <p className="flag-notes" data-testid="flag-notes">{d.flag.notes}</p> : <p className="muted">No notes.</p>}
            </section>

            <section className="detail-section" aria-labelledby="flag-audit-h">
              <h3 id="flag-audit-h">Audit trail</h3>
              {d.audit.length === 0 ? (
                <p className="muted">Nothing recorded yet.</p>
              ) : (
                <ol className="audit" data-testid="flag-audit">
                  {d.audit.map((a, i) => (
                    <li key={i} data-testid="flag-audit-entry" data-action={a.action}>
                      <span className="audit-when muted">{formatDate(a.at)}</span> <strong>{a.actor}</strong> <span className="audit-action">{a.action}</span>
                      {Object.keys(a.details).length > 0 && <span className="audit-details muted"> — {detailsText(a.details)}</span>}
                    </li>
                  ))}
                </ol>
              )}
            </section>
          </>
        )}
      </div>
    </aside>
  );
}
