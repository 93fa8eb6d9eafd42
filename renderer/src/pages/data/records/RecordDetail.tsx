// One comparison opened from the record browser (getComparison): full texts, its datasets and run layers, every
// judgment (undone ones marked), every flag with its status, and the active models' scores (or why there are none).
import type { Result } from '../../../../../electron/api/contract';
import { ErrorAlert } from '../../../components/ErrorAlert';
import { fixed, formatDate, percent, verdictText } from '../../../lib/format';
import { useResource } from '../../../lib/useResource';
import { getClient } from '../../../lib/client';
import { kindLabel, statusLabels } from '../../flags/logic';

type Detail = Result<'getComparison'>;

function Body({ c }: { c: Detail }) {
  return (
    <>
      <dl className="records-facts">
        <dt>Datasets</dt>
        <dd>{c.datasets.map((d) => d.name).join(', ') || '—'}</dd>
        <dt>Layer field</dt>
        <dd>{c.layer ?? '—'}</dd>
        <dt>Run layers</dt>
        <dd>{c.layers.map((l) => `${l.run} · ${l.layer}${l.name ? ` (${l.name})` : ''}`).join('; ') || '—'}</dd>
        <dt>Ground truth</dt>
        <dd>{c.groundTruth ?? '—'}</dd>
        {c.metadata && (
          <>
            <dt>Metadata</dt>
            <dd>
              <code>{c.metadata}</code>
            </dd>
          </>
        )}
      </dl>
      <h4>Prompt</h4>
      <p className="records-text-block" data-testid="record-prompt">{c.prompt}</p>
      <div className="records-responses">
        <div>
          <h4>Response A</h4>
          <p className="records-text-block">{c.responseA}</p>
        </div>
        <div>
          <h4>Response B</h4>
          <p className="records-text-block">{c.responseB}</p>
        </div>
      </div>

      <h4>Judgments ({c.judgments.length})</h4>
      {c.judgments.length === 0 ? (
        <p className="muted">No one has judged this comparison.</p>
      ) : (
        <ul className="records-list" data-testid="record-judgments">
          {c.judgments.map((j) => (
            <li key={j.id} className={j.retractedAt ? 'is-retracted' : undefined} data-testid="record-judgment" data-retracted={j.retractedAt ? 'true' : 'false'}>
              <strong>{j.evaluator}</strong> — {verdictText(j.choice, j.leftSide)} <span className="muted">· {j.origin} · {formatDate(j.createdAt)}</span>
              {j.retractedAt && <span className="badge badge-warn">undone {formatDate(j.retractedAt)}</span>}
              {j.excludedAt && <span className="badge">excluded from training</span>}
              {j.rationale && <div className="muted records-rationale">{j.rationale}</div>}
            </li>
          ))}
        </ul>
      )}

      <h4>Flags ({c.flags.length})</h4>
      {c.flags.length === 0 ? (
        <p className="muted">No flags on this comparison.</p>
      ) : (
        <ul className="records-list" data-testid="record-flags">
          {c.flags.map((f) => (
            <li key={f.id}>
              {kindLabel(f.kind)} <span className={`badge status-${f.status}`}>{statusLabels[f.status] ?? f.status}</span>{' '}
              <span className="muted">severity {f.severity.toFixed(2)} · {formatDate(f.createdAt)}</span>
            </li>
          ))}
        </ul>
      )}

      <h4>Model scores</h4>
      {c.modelScores.length === 0 ? (
        <p className="muted" data-testid="record-no-model">{c.modelNote}</p>
      ) : (
        <table className="table records-scores" data-testid="record-scores">
          <thead>
            <tr>
              <th>Model</th>
              <th>Run · layer</th>
              <th className="num">Reward A</th>
              <th className="num">Reward B</th>
              <th className="num">P(A ≻ B)</th>
            </tr>
          </thead>
          <tbody>
            {c.modelScores.map((m) => (
              <tr key={`${m.modelId}-${m.run}-${m.layer}`}>
                <td>{m.modelName}</td>
                <td>{m.run === null ? 'no run' : `${m.run} · ${m.layer}`}</td>
                {m.note ? (
                  <td colSpan={3} className="muted">{m.note}</td>
                ) : (
                  <>
                    <td className="num">{fixed(m.rewardA)}</td>
                    <td className="num">{fixed(m.rewardB)}</td>
                    <td className="num">{percent(m.pA)}</td>
                  </>
                )}
              </tr>
            ))}
          </tbody>
        </table>
      )}
    </>
  );
}

export function RecordDetail({ id, onClose }: { id: string; onClose: () => void }) {
  const detail = useResource(() => getClient().getComparison({ id }), id);
  return (
    <section className="panel records-detail" aria-label="Comparison" data-testid="record-detail" data-comparison-id={id}>
      <div className="records-detail-head">
        <h3>
          Comparison <code>{id.slice(0, 8)}</code>
        </h3>
        <button type="button" className="button button-small" onClick={onClose} data-testid="record-close">
          Close
        </button>
      </div>
      {detail.error && <ErrorAlert title="Could not open this comparison." error={detail.error} onRetry={detail.reload} testId="record-error" />}
      {!detail.value && !detail.error && <p className="muted">Loading…</p>}
      {detail.value && detail.value.id === id && <Body c={detail.value} />}
    </section>
  );
}
