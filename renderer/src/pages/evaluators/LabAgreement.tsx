// The lab's overall agreement in the lead view (getLabAgreement, computed on the job thread): Krippendorff's α and the
// pairwise Cohen's κ summary on the chosen assignment's comparisons or on every comparison here, with what they rest on.
import { useState } from 'react';
import { ErrorAlert } from '../../components/ErrorAlert';
import { getClient } from '../../lib/client';
import { fixed, plural } from '../../lib/format';
import { useResource } from '../../lib/useResource';

interface Props {
  assignmentId: string;
  /** Changes when the figures may have changed (a new assignment, Refresh). */
  reloadKey: string;
}

export function LabAgreement({ assignmentId, reloadKey }: Props) {
  const [scope, setScope] = useState<'assignment' | 'all'>('assignment');
  const params = scope === 'assignment' ? { assignmentId } : {};
  const lab = useResource(() => getClient().getLabAgreement(params), `${scope}:${assignmentId}:${reloadKey}`);
  const value = lab.value && lab.value.assignmentId === (scope === 'assignment' ? assignmentId : null) ? lab.value : undefined;

  return (
    <section className="lab-agreement" aria-labelledby="lab-agreement-heading" data-testid="lab-agreement">
      <div className="form-actions">
        <h3 id="lab-agreement-heading">Lab agreement</h3>
        <select value={scope} onChange={(e) => setScope(e.target.value as 'assignment' | 'all')} aria-label="Agreement over" data-testid="lab-agreement-scope">
          <option value="assignment">This assignment's comparisons</option>
          <option value="all">Every comparison here</option>
        </select>
      </div>
      {lab.error && <ErrorAlert title="Could not compute the lab's agreement." error={lab.error} onRetry={lab.reload} testId="lab-agreement-error" />}
      {!value && !lab.error && <p className="muted">Computing…</p>}
      {value && (
        <dl className="summary">
          <div>
            <dt title="Krippendorff's α (nominal; A, B and tie as categories, skips left out) over the items with at least two people's verdicts">Krippendorff's α</dt>
            <dd data-testid="lab-alpha">{value.alpha === null ? 'not enough overlap' : fixed(value.alpha)}</dd>
          </div>
          <div>
            <dt title={`Cohen's κ of each pair of people sharing at least ${value.minShared} items`}>Pairwise κ</dt>
            <dd data-testid="lab-kappa">
              {value.kappa === null
                ? 'not enough overlap'
                : `mean ${fixed(value.kappa.mean)}, range ${fixed(value.kappa.min)} to ${fixed(value.kappa.max)} (${plural(value.kappa.pairs, 'pair')} with ≥ ${value.minShared} shared items)`}
            </dd>
          </div>
          <div>
            <dt>Rests on</dt>
            <dd data-testid="lab-basis">{`${plural(value.items, 'item')} judged by two or more, ${plural(value.evaluators, 'evaluator')}`}</dd>
          </div>
        </dl>
      )}
    </section>
  );
}
