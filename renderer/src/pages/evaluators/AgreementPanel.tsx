// Agreement on the Evaluators page (getEvaluatorStatsReport: as last computed, with its age and Recompute): per evaluator judgments, median time, agreement with the
// consensus, self-consistency and over-trust (needs assisted judgments), sortable; Krippendorff's α for the pool;
// pairwise Cohen's κ as a matrix (a list when the pool is large). Each number opens the judgments behind it.
import { useState, type ReactNode } from 'react';
import type { Result } from '../../../../electron/api/contract';
import { CONSENSUS_MIN_OTHERS } from '../../../../electron/api/flags';
import { ErrorAlert } from '../../components/ErrorAlert';
import { fixed, percent } from '../../lib/format';
import { sortRows, type SortDirection } from './sort-rows';
import type { StoredReport } from '../../lib/useStoredReport';
import { ReportAge } from '../../components/ReportAge';
import type { JudgmentsFocus } from './JudgmentsPanel';
import { OverTrustCell } from './OverTrust';
import { SimulatedBadge } from '../../components/SimulatedBadge';
import { COUNT_WORDS } from '../../lib/count-words';
import { ConsensusGapText } from './ConsensusGap';

type Stats = Result<'getEvaluatorStats'>;
type Row = Stats['evaluators'][number];
type Key = 'evaluator' | 'judgments' | 'medianSeconds' | 'consensusAgreement' | 'selfConsistency';

const columns: { key: Key | 'overTrust'; label: string; title?: string }[] = [
  { key: 'evaluator', label: 'Evaluator' },
  { key: 'judgments', label: 'Verdicts', title: COUNT_WORDS.verdicts },
  { key: 'medianSeconds', label: 'Median time' },
  { key: 'consensusAgreement', label: 'Agrees with consensus', title: `Share of comparisons judged by at least ${CONSENSUS_MIN_OTHERS} others where this evaluator chose their majority verdict` },
  { key: 'selfConsistency', label: 'Self-consistency', title: 'Share of repeated or position-swapped comparisons answered the same way again' },
  { key: 'overTrust', label: 'Over-trust', title: 'Share of assisted judgments where the assistance pointed to the wrong side and the evaluator followed it (95% interval)' },
];

const MATRIX_LIMIT = 10;

function kappaWords(k: number | null): string {
  if (k === null) return 'not enough shared comparisons';
  if (k < 0) return 'worse than chance';
  if (k < 0.2) return 'slight';
  if (k < 0.4) return 'fair';
  if (k < 0.6) return 'moderate';
  if (k < 0.8) return 'substantial';
  return 'almost perfect';
}

function kappaBackground(k: number | null): string | undefined {
  if (k === null) return undefined;
  const t = Math.max(0, Math.min(1, k));
  return `color-mix(in srgb, var(--accent) ${Math.round(t * 45)}%, transparent)`;
}

/** `scope`: the picker of what the figures are about (AgreementScope), shown under the heading. */
export function AgreementPanel({ stats, onShow, scope }: { stats: StoredReport<Stats>; onShow: (focus: JudgmentsFocus) => void; scope?: ReactNode }) {
  const [sort, setSort] = useState<{ key: Key; direction: SortDirection }>({ key: 'judgments', direction: 'desc' });
  const value = stats.value;

  function onSort(key: Key) {
    setSort((s) => (s.key === key ? { key, direction: s.direction === 'desc' ? 'asc' : 'desc' } : { key, direction: key === 'evaluator' ? 'asc' : 'desc' }));
  }

  const link = (row: Row, text: string, about: string, testId: string) => (
    <button type="button" className="number-link" onClick={() => onShow({ evaluatorId: row.evaluatorId, evaluator: row.evaluator, about })} data-testid={testId}>
      {text}
    </button>
  );

  const rows = value ? sortRows(value.evaluators, sort.key, sort.direction) : [];
  const names = value ? [...value.evaluators].sort((a, b) => a.evaluator.localeCompare(b.evaluator)) : [];
  const pair = (a: string, b: string) => value?.pairs.find((p) => (p.a === a && p.b === b) || (p.a === b && p.b === a));

  return (
    <section className="panel" aria-labelledby="agreement-heading" data-testid="agreement-panel">
      <h2 id="agreement-heading">Agreement</h2>
      {scope}
      <ReportAge report={stats} testId="agreement-age" />
      {stats.error && <ErrorAlert title="Could not compute the agreement statistics." error={stats.error} onRetry={stats.reload} testId="agreement-error" />}
      {!value && !stats.error && <p className="muted">Computing…</p>}
      {value && value.evaluators.length === 0 && (
        <p className="muted" data-testid="agreement-empty">
          No judgments yet, so there is no agreement to measure. Judge comparisons on the Compare page or import a dataset with annotator labels.
        </p>
      )}
      {value && value.evaluators.length > 0 && (
        <>
          <dl className="summary">
            <div>
              <dt className="muted" title="Krippendorff's alpha for the whole pool (nominal): 1 is perfect agreement, 0 is chance">
                Krippendorff&apos;s α (pool)
              </dt>
              <dd data-testid="agreement-alpha">{fixed(value.alpha, 3)}</dd>
            </div>
            <div>
              <dt className="muted">Comparisons with ≥ 2 verdicts</dt>
              <dd>{value.alphaUnits}</dd>
            </div>
            <div>
              <dt className="muted">Evaluator pairs with shared comparisons</dt>
              <dd>{value.pairs.length}</dd>
            </div>
          </dl>
          {value.alpha === null && <p className="hint">α needs comparisons that at least two evaluators judged.</p>}
          <div className="table-wrap">
            <table className="table" data-testid="agreement-table">
              <thead>
                <tr>
                  {columns.map((c) => (
                    <th key={c.key} scope="col" className={c.key === 'evaluator' ? undefined : 'num'} title={c.title} aria-sort={sort.key === c.key ? (sort.direction === 'asc' ? 'ascending' : 'descending') : undefined}>
                      {c.key === 'overTrust' ? (
                        c.label
                      ) : (
                        <button type="button" className="sort-button" onClick={() => onSort(c.key as Key)} aria-pressed={sort.key === c.key} data-testid={`agreement-sort-${c.key}`}>
                          {c.label}
                          {sort.key === c.key ? (sort.direction === 'desc' ? ' ↓' : ' ↑') : ''}
                        </button>
                      )}
                    </th>
                  ))}
                </tr>
              </thead>
              <tbody>
                {rows.map((r) => (
                  <tr key={r.evaluatorId} data-testid="agreement-row" data-evaluator={r.evaluator}>
                    <td>
                      {r.evaluator}
                      {r.simulated && <SimulatedBadge />}
                    </td>
                    <td className="num">{link(r, String(r.judgments), 'the judgment count', 'agreement-judgments')}</td>
                    <td className="num">{r.medianSeconds === null ? <span title="No timed judgments">—</span> : link(r, `${r.medianSeconds.toFixed(1)} s`, 'the median time', 'agreement-median')}</td>
                    <td className="num" title={r.consensusAgreement === null ? undefined : `${r.consensusCompared} comparisons with a consensus of others`}>
                      {r.consensusAgreement === null ? (
                        <ConsensusGapText gap={r.consensusGap} />
                      ) : (
                        link(r, percent(r.consensusAgreement), `agreement with consensus (${r.consensusCompared} comparisons)`, 'agreement-consensus')
                      )}
                    </td>
                    <td className="num" title={`${r.repeatedComparisons} repeated comparisons`}>
                      {r.selfConsistency === null ? <span title="No repeated or position-swapped comparison yet">—</span> : link(r, percent(r.selfConsistency), `self-consistency (${r.repeatedComparisons} repeated comparisons)`, 'agreement-self')}
                    </td>
                    <td className="num" data-testid="agreement-overtrust">
                      <OverTrustCell overTrust={r.overTrust} />
                    </td>
                  </tr>
                ))}
              </tbody>
            </table>
          </div>
          <h3 className="subheading">Pairwise Cohen&apos;s κ</h3>
          {value.pairs.length === 0 ? (
            <p className="muted">No two evaluators have judged the same comparison yet.</p>
          ) : names.length <= MATRIX_LIMIT ? (
            <div className="table-wrap">
              <table className="table kappa-matrix" data-testid="kappa-matrix">
                <thead>
                  <tr>
                    <th scope="col" />
                    {names.map((n) => (
                      <th key={n.evaluatorId} scope="col">
                        {n.evaluator}
                      </th>
                    ))}
                  </tr>
                </thead>
                <tbody>
                  {names.map((row) => (
                    <tr key={row.evaluatorId}>
                      <th scope="row">{row.evaluator}</th>
                      {names.map((col) => {
                        if (col.evaluatorId === row.evaluatorId) return <td key={col.evaluatorId} className="muted">·</td>;
                        const p = pair(row.evaluatorId, col.evaluatorId);
                        return (
                          <td key={col.evaluatorId} className="kappa-cell" style={{ background: kappaBackground(p?.kappa ?? null) }} title={p ? `κ ${fixed(p.kappa, 3)} over ${p.n} shared comparisons: ${kappaWords(p.kappa)}` : 'No shared comparisons'}>
                            {p ? link(row, fixed(p.kappa), `κ with ${col.evaluator} (${p.n} shared comparisons)`, 'kappa-value') : <span className="muted">—</span>}
                          </td>
                        );
                      })}
                    </tr>
                  ))}
                </tbody>
              </table>
            </div>
          ) : (
            <ul className="evidence-list" data-testid="kappa-list">
              {[...value.pairs]
                .sort((a, b) => (a.kappa ?? 2) - (b.kappa ?? 2))
                .map((p) => (
                  <li key={`${p.a}:${p.b}`}>
                    {p.aName} – {p.bName}: <strong>{fixed(p.kappa)}</strong> <span className="muted">({kappaWords(p.kappa)}, {p.n} shared)</span>
                  </li>
                ))}
            </ul>
          )}
        </>
      )}
    </section>
  );
}
