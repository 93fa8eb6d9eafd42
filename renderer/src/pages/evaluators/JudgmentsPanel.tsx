// The judgments behind a number on the Evaluators page: listJudgments for one evaluator, 50 a page; when the number is
// on a criterion of a run's rubric, the judgments with a verdict on it, showing that verdict and its strength.
import { useEffect, useRef, useState } from 'react';
import { getClient } from '../../lib/client';
import { ErrorAlert } from '../../components/ErrorAlert';
import { formatDate, formatSeconds, verdictText } from '../../lib/format';
import { useResource } from '../../lib/useResource';

const PAGE = 50;

export interface JudgmentsFocus {
  evaluatorId: string;
  evaluator: string;
  /** What the user clicked, e.g. "agreement with consensus". */
  about: string;
  /** The criterion of a run's rubric the number is on (AgreementScope); absent for the judgments' own choices. */
  criterion?: { runId: string; key: string; label: string };
}

export function JudgmentsPanel({ focus, onClose }: { focus: JudgmentsFocus; onClose: () => void }) {
  const [offset, setOffset] = useState(0);
  const heading = useRef<HTMLHeadingElement>(null);
  const on = focus.criterion;
  useEffect(() => setOffset(0), [focus.evaluatorId, on?.runId, on?.key]);
  useEffect(() => heading.current?.focus(), [focus]);
  const page = useResource(
    () => getClient().listJudgments({ evaluatorId: focus.evaluatorId, ...(on ? { runId: on.runId, criterion: on.key } : {}), offset, limit: PAGE }),
    `${focus.evaluatorId}:${on?.runId ?? ''}:${on?.key ?? ''}:${offset}`,
  );
  const total = page.value?.total ?? 0;
  return (
    <section className="panel" aria-labelledby="judgments-heading" data-testid="judgments-panel" data-evaluator-id={focus.evaluatorId}>
      <div className="overlay-header">
        <h2 id="judgments-heading" ref={heading} tabIndex={-1}>
          {focus.evaluator}&apos;s judgments{' '}
          <span className="muted">
            — behind {focus.about}
            {on && ` on criterion ${on.label}`}
          </span>
        </h2>
        <button type="button" className="button button-small" onClick={onClose}>
          Close
        </button>
      </div>
      {page.error && <ErrorAlert title="Could not load the judgments." error={page.error} onRetry={page.reload} testId="judgments-error" />}
      {!page.value && !page.error && <p className="muted">Loading…</p>}
      {page.value && total === 0 && (
        <p className="muted" data-testid="judgments-empty">
          {on ? `${focus.evaluator} has no verdicts on criterion ${on.label} yet.` : `${focus.evaluator} has no judgments yet.`}
        </p>
      )}
      {page.value && total > 0 && (
        <>
          <div className="table-wrap">
            <table className="table" data-testid="judgments-table">
              <thead>
                <tr>
                  <th scope="col">When</th>
                  <th scope="col">Comparison</th>
                  <th scope="col">{on ? `Verdict on ${on.label}` : 'Verdict'}</th>
                  <th scope="col" className="num">Strength</th>
                  <th scope="col" className="num">Time</th>
                  <th scope="col">Assisted</th>
                  <th scope="col">Rationale</th>
                </tr>
              </thead>
              <tbody>
                {page.value.rows.map((j) => (
                  <tr key={j.id} data-testid="judgment-row">
                    <td>{formatDate(j.createdAt)}</td>
                    <td>
                      <code title={j.comparisonId}>{j.comparisonId.slice(0, 8)}</code>
                      {j.repeatOf && <span className="chip">repeat</span>}
                    </td>
                    <td>
                      {verdictText(j.criterion?.choice ?? j.choice, j.leftSide)}
                      {j.retractedAt && <span className="badge badge-warn">retracted</span>}
                      {j.excludedAt && <span className="badge badge-danger">excluded</span>}
                    </td>
                    <td className="num">{(j.criterion ? j.criterion.strength : j.strength) ?? '—'}</td>
                    <td className="num">{formatSeconds(j.durationMs)}</td>
                    <td>{j.assisted ? 'yes' : 'no'}</td>
                    <td>{j.rationale ?? <span className="muted">—</span>}</td>
                  </tr>
                ))}
              </tbody>
            </table>
          </div>
          <div className="pager">
            <button type="button" className="button button-small" disabled={offset === 0} onClick={() => setOffset(Math.max(0, offset - PAGE))}>
              Previous
            </button>
            <span className="muted" data-testid="judgments-range">
              {offset + 1}–{Math.min(total, offset + PAGE)} of {total}
            </span>
            <button type="button" className="button button-small" disabled={offset + PAGE >= total} onClick={() => setOffset(offset + PAGE)}>
              Next
            </button>
          </div>
        </>
      )}
    </section>
  );
}
