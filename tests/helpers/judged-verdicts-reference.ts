// The whole-list forms of the verdict-truth rules (metrics/judged-verdicts.ts computes them from a comparison's counts):
// as the layer metrics and evaluator statistics used them before they were paged, kept as the references their tests
// compare the paged code with.
import { majority } from '../../electron/core/checks/verdicts';
import type { JudgedVerdict } from '../../electron/core/db/verdicts';
import { overTrustOf, proportion, type OverTrust, type Proportion, type Side } from '../../electron/core/metrics/judged-verdicts';

/** Truth of each verdict (by judgment id): ground truth A/B, else the strict majority (A or B) of the other verdicts; absent when neither. */
export function truthOfVerdicts(verdicts: readonly JudgedVerdict[]): Map<string, Side> {
  const byComparison = new Map<string, JudgedVerdict[]>();
  for (const v of verdicts) {
    const list = byComparison.get(v.comparisonId);
    if (list) list.push(v);
    else byComparison.set(v.comparisonId, [v]);
  }
  const truth = new Map<string, Side>();
  for (const v of verdicts) {
    if (v.groundTruth === 'tie') continue;
    if (v.groundTruth) {
      truth.set(v.judgmentId, v.groundTruth);
      continue;
    }
    const others = byComparison.get(v.comparisonId)!.filter((o) => o.judgmentId !== v.judgmentId).map((o) => o.choice);
    const m = others.length ? majority(others) : null;
    if (m === 'A' || m === 'B') truth.set(v.judgmentId, m);
  }
  return truth;
}

/** Share of verdicts (with a truth) equal to it; a tie verdict is wrong against a decided truth. */
export function verdictAccuracy(verdicts: readonly JudgedVerdict[], truth: ReadonlyMap<string, Side>): Proportion | null {
  const judged = verdicts.filter((v) => truth.has(v.judgmentId));
  return proportion(judged.filter((v) => v.choice === truth.get(v.judgmentId)).length, judged.length);
}

export function overTrust(verdicts: readonly JudgedVerdict[], truth: ReadonlyMap<string, Side>): OverTrust {
  let followedWrong = 0, wrongShown = 0;
  for (const v of verdicts) {
    const t = truth.get(v.judgmentId);
    if (v.mode !== 'assisted' || v.pA === null || !t) continue;
    const predicted: Side = v.pA >= 0.5 ? 'A' : 'B';
    if (predicted === t) continue;
    wrongShown++;
    if (v.choice === predicted) followedWrong++;
  }
  return overTrustOf(followedWrong, wrongShown);
}
