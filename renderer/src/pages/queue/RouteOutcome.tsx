// The Queue page's words about deferral: a routing round's outcome (a success when a threshold was certified, a warning
// — never a success — naming the held-out pairs the target needs and those there are when nothing was), and what the
// audited auto-label error rests on. A model trained on a rubric criterion was calibrated on people's verdicts on it: said.
import type { Result } from '../../../../electron/api/contract';
import { calibrationScopeText, routedCriterionText } from '../../../../electron/api/queue';

export const pct = (x: number | null | undefined, digits = 1) => (x === null || x === undefined ? 'n/a' : `${(x * 100).toFixed(digits)}%`);

export function RouteOutcome({ result }: { result: Result<'routeLayer'> }) {
  const pairs = `${result.calibrationPairs} held-out pairs ${calibrationScopeText(result)}${routedCriterionText(result)}; a ${pct(result.target)} target at ${pct(result.confidence, 0)} confidence needs at least ${result.calibrationPairsNeeded}`;
  // An external model scores only what its file covered: the rest is not routed and stays with people.
  const unscored = result.unscored > 0 ? ` ${result.unscored} more pending comparison${result.unscored === 1 ? '' : 's'} ${result.modelName} has no score of stayed with people, unrouted.` : '';
  if (result.threshold === null) {
    return (
      <p className="alert alert-warning" role="status" data-testid="queue-route-result">
        Nothing certified: no threshold keeps the auto-label error ≤ {pct(result.target)} at {pct(result.confidence, 0)} confidence ({pairs}; the smallest target they certify: {pct(result.smallestCertifiableTarget)}). All {result.pending} pending comparisons went to
        people.{unscored}
      </p>
    );
  }
  return (
    <p className="alert alert-success" role="status" data-testid="queue-route-result">
      Routed {result.pending} pending comparisons with {result.modelName}: {result.autoLabelled} auto-labelled ({result.audit} of them audited),{' '}
      {result.human} to people; error ≤ {pct(result.errorBound)} at {pct(result.confidence, 0)} confidence ({result.coveredErrors} errors in the{' '}
      {result.coveredPairs} of {pairs}).{unscored}
    </p>
  );
}

/** What the audited error rests on: audits answered with a decided verdict, the wrong ones, and those answered undecided. */
export function auditHint(s: Result<'getQueueStatus'>, confidence: number): string {
  const undecided = s.auditUndecided ? `${s.auditUndecided} answered with a tie or a split verdict, not counted` : '';
  if (s.auditAnswered === 0) return undecided ? `no decided audit yet; ${undecided}` : 'no audit answered yet';
  const counted = `${s.auditErrors} of ${s.auditAnswered} audits wrong; ≤ ${pct(s.estimatedErrorBound)} at ${pct(confidence, 0)} confidence`;
  return undecided ? `${counted}; ${undecided}` : counted;
}
