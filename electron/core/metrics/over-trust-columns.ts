// Over-trust per evaluator over verdict columns (db/evaluator-verdicts.ts): the usable verdicts judged against their
// truth as metrics/judged-verdicts.ts judges them (ground truth A/B, else the strict majority, A or B, of the other
// usable verdicts on the comparison; a tie ground truth gives none), from one count of choices per comparison.
import type { VerdictColumns } from '../db/evaluator-verdicts';
import { majorityOf } from './verdict-columns';

export interface OverTrustCounts {
  /** Per evaluator (by index): assisted verdicts that chose the side the assistance wrongly predicted. */
  followedWrong: Int32Array;
  /** Assisted verdicts (with a truth) where the assistance's predicted winner (pA ≥ 0.5 ⇒ A) was wrong. */
  wrongShown: Int32Array;
  /** 1 for an evaluator with at least one of these verdicts. */
  judged: Uint8Array;
}

export function overTrustCounts(usable: VerdictColumns): OverTrustCounts {
  const evaluators = usable.evaluators.length;
  const out = { followedWrong: new Int32Array(evaluators), wrongShown: new Int32Array(evaluators), judged: new Uint8Array(evaluators) };
  const tally = new Int32Array(usable.comparisonIds.length * 3);
  for (let i = 0; i < usable.choice.length; i++) tally[usable.comparison[i] * 3 + usable.choice[i]]++;
  for (let i = 0; i < usable.choice.length; i++) {
    const e = usable.evaluator[i];
    out.judged[e] = 1;
    const predicted = usable.predicted[i];
    if (predicted < 0) continue;
    const c = usable.comparison[i];
    const choice = usable.choice[i];
    let truth = usable.groundTruth[c];
    if (truth === 2) continue;
    if (truth < 0) {
      const t = c * 3;
      truth = majorityOf(tally[t] - (choice === 0 ? 1 : 0), tally[t + 1] - (choice === 1 ? 1 : 0), tally[t + 2] - (choice === 2 ? 1 : 0));
      if (truth !== 0 && truth !== 1) continue;
    }
    if (predicted === truth) continue;
    out.wrongShown[e]++;
    if (choice === predicted) out.followedWrong[e]++;
  }
  return out;
}
