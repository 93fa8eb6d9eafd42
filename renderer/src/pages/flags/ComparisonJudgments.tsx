// The verdicts on one comparison (listJudgments by comparison): opened from a step of a cycle.
import { getClient } from '../../lib/client';
import { ErrorAlert } from '../../components/ErrorAlert';
import { formatDate, verdictText } from '../../lib/format';
import { useResource } from '../../lib/useResource';

export function ComparisonJudgments({ comparisonId }: { comparisonId: string }) {
  const judgments = useResource(() => getClient().listJudgments({ comparisonId, limit: 100 }), comparisonId);
  return (
    <div className="subpanel" data-testid="comparison-judgments" data-comparison-id={comparisonId}>
      <h4>
        Verdicts on comparison <code>{comparisonId.slice(0, 8)}</code>
      </h4>
      {judgments.error && <ErrorAlert error={judgments.error} onRetry={judgments.reload} />}
      {!judgments.value && !judgments.error && <p className="muted">Loading…</p>}
      {judgments.value && judgments.value.rows.length === 0 && <p className="muted">No verdicts on this comparison.</p>}
      {judgments.value && judgments.value.rows.length > 0 && (
        <ul className="evidence-list">
          {judgments.value.rows.map((j) => (
            <li key={j.id}>
              <strong>{j.evaluator}</strong> — {verdictText(j.choice, j.leftSide)} <span className="muted">· {formatDate(j.createdAt)}</span>
              {j.retractedAt && <span className="badge badge-warn">retracted</span>}
            </li>
          ))}
        </ul>
      )}
    </div>
  );
}
