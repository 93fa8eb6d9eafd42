// The over-trust cell of the Evaluators page: how often an evaluator followed assistance that was wrong (rate,
// counts and 95% interval), or why there is no figure.
import type { Result } from '../../../../electron/api/contract';

type OverTrust = Result<'getEvaluatorStats'>['evaluators'][number]['overTrust'];

const pct = (x: number) => `${(x * 100).toFixed(0)}%`;

export function OverTrustCell({ overTrust: o }: { overTrust: OverTrust }) {
  if (o.wrongShown === 0 || o.rate === null)
    return (
      <span className="muted" title="No assisted judgment where the assistance pointed to the wrong side (against ground truth or the others' majority)">
        —
      </span>
    );
  return (
    <span title={`Followed wrong assistance ${o.followedWrong} of ${o.wrongShown} times${o.interval ? `; 95% interval ${pct(o.interval[0])}–${pct(o.interval[1])}` : ''}`}>
      {pct(o.rate)} <span className="muted">({o.followedWrong}/{o.wrongShown})</span>
    </span>
  );
}
