// Human verdicts judged against a truth, for the ladder's metrics and the Evaluators page: the truth of a verdict
// is the comparison's ground truth (A or B) where known, else the strict majority of the OTHER human verdicts on it
// (from the comparison's counts by choice); accuracy with a Wilson interval, and over-trust (following assistance
// that pointed to the wrong side).
import type { ChoiceCounts } from '../db/layer-tallies';
import { wilson } from './intervals';

export type Side = 'A' | 'B';

/** The strict majority (A or B) of these counts, as checks/verdicts.ts majority has it; null on a tie, a tie verdict or none. */
export function majoritySide({ nA, nB, nTie }: ChoiceCounts): Side | null {
  if (nA > nB && nA > nTie) return 'A';
  if (nB > nA && nB > nTie) return 'B';
  return null;
}

/** The truth of one verdict (`choice`; counts: its comparison's verdicts, this one included): ground truth A/B, none
 *  on a tie, else the majority of the comparison's other verdicts. */
export function truthOfVerdict(groundTruth: string | null, choice: string, { nA, nB, nTie }: ChoiceCounts): Side | null {
  if (groundTruth === 'tie') return null;
  if (groundTruth === 'A' || groundTruth === 'B') return groundTruth;
  return majoritySide({ nA: nA - (choice === 'A' ? 1 : 0), nB: nB - (choice === 'B' ? 1 : 0), nTie: nTie - (choice === 'tie' ? 1 : 0) });
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

export interface OverTrust {
  /** assisted verdicts that chose the side the assistance wrongly predicted */
  followedWrong: number;
  /** assisted verdicts (with a truth) where the assistance's predicted winner (pA ≥ 0.5 ⇒ A) was wrong */
  wrongShown: number;
  rate: number | null;
  interval: [number, number] | null;
}

/** Over-trust from its counts, with its rate and Wilson interval. */
export function overTrustOf(followedWrong: number, wrongShown: number): OverTrust {
  const p = proportion(followedWrong, wrongShown);
  return { followedWrong, wrongShown, rate: p?.rate ?? null, interval: p?.interval ?? null };
}
