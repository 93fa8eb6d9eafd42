// Human verdicts judged against a truth, for the ladder's metrics and the Evaluators page: the truth of a verdict
// is the comparison's ground truth (A or B) where known, else the majority of the OTHER human verdicts on it;
// accuracy with a Wilson interval, and over-trust (following assistance that pointed to the wrong side).
// The verdicts are db/verdicts.ts loadJudgedVerdicts'.
import type { JudgedVerdict } from '../db/verdicts';
import { majority } from '../checks/verdicts';
import { wilson } from './intervals';

export type { JudgedVerdict } from '../db/verdicts';
export type Side = 'A' | 'B';

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

export interface Proportion {
  successes: number;
  total: number;
  rate: number;
  /** Wilson 95% interval */
  interval: [number, number];
}

export function proportion(successes: number, total: number): Proportion | null {
  const w = wilson(successes, total);
  return w ? { successes, total, rate: w.estimate, interval: [w.low, w.high] } : null;
}

/** Share of verdicts (with a truth) equal to it; a tie verdict is wrong against a decided truth. */
export function verdictAccuracy(verdicts: readonly JudgedVerdict[], truth: ReadonlyMap<string, Side>): Proportion | null {
  const judged = verdicts.filter((v) => truth.has(v.judgmentId));
  return proportion(judged.filter((v) => v.choice === truth.get(v.judgmentId)).length, judged.length);
}

export interface OverTrust {
  /** assisted verdicts that chose the side the assistance wrongly predicted */
  followedWrong: number;
  /** assisted verdicts (with a truth) where the assistance's predicted winner (pA ≥ 0.5 ⇒ A) was wrong */
  wrongShown: number;
  rate: number | null;
  interval: [number, number] | null;
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

/** Over-trust from its counts, with its rate and Wilson interval. */
export function overTrustOf(followedWrong: number, wrongShown: number): OverTrust {
  const p = proportion(followedWrong, wrongShown);
  return { followedWrong, wrongShown, rate: p?.rate ?? null, interval: p?.interval ?? null };
}
