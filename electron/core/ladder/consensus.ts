// How several verdicts on one comparison combine into a consensus: each counts with its strength (unspecified 2)
// times its evaluator's weight (1 under 'majority'; its leave-one-out reliability under 'reliability'), and the
// heavier side wins (0.5 when ties outweigh both sides or A and B are level). Rules in ladder/training-data.ts.

/** Consensus of a comparison's (weighted) votes: 0.5 when ties outweigh both sides or A and B are level, else the heavier side (1 for A, 0 for B). */
export function consensusTarget(votesA: number, votesB: number, votesTie: number): number {
  if (votesTie > Math.max(votesA, votesB) || votesA === votesB) return 0.5;
  return votesA > votesB ? 1 : 0;
}

export type Combine = 'majority' | 'reliability';
export type Source = 'human' | 'simulated' | 'model';

export interface Verdict {
  judgmentId: string;
  comparisonId: string;
  evaluatorId: string;
  choice: 'A' | 'B' | 'tie';
  /** 1..3; unspecified counts as 2 */
  strength: number;
  source: Source;
}

/** Pseudo-items of perfect agreement added to each evaluator's record (shrinks weights towards 1 when few items are shared). */
export const RELIABILITY_PRIOR_ITEMS = 5;

/**
 * Reliability weight of each evaluator, from leave-one-out agreement: on every comparison the evaluator shares
 * with others, the others' strength-weighted consensus (without this evaluator) is compared with their verdict —
 * agreement 1 when both pick the same side, 0 when opposite sides, ½ when exactly one of them is a tie;
 * comparisons where the others reach no side (consensus ½) are skipped. With agreement rate a over n such items,
 * informativeness is max(0, 2a − 1) (0 for a coin flip or a contrarian, 1 for perfect agreement), and the weight
 * is (n · max(0, 2a − 1) + m) / (n + m) with m = RELIABILITY_PRIOR_ITEMS, so an evaluator with few shared items
 * keeps a weight near 1.
 */
export function evaluatorReliability(verdicts: readonly Verdict[]): Map<string, number> {
  const byComparison = new Map<string, Verdict[]>();
  for (const v of verdicts) {
    const list = byComparison.get(v.comparisonId);
    if (list) list.push(v);
    else byComparison.set(v.comparisonId, [v]);
  }
  const record = new Map<string, { agree: number; n: number }>();
  const side = (x: number) => (x > 0.5 ? 'A' : x < 0.5 ? 'B' : 'tie');
  for (const list of byComparison.values()) {
    for (const v of list) {
      const w = { A: 0, B: 0, tie: 0 };
      for (const o of list) if (o.evaluatorId !== v.evaluatorId) w[o.choice] += o.strength;
      const others = w.A + w.B + w.tie > 0 ? consensusTarget(w.A, w.B, w.tie) : NaN;
      const r = record.get(v.evaluatorId) ?? { agree: 0, n: 0 };
      record.set(v.evaluatorId, r);
      if (Number.isNaN(others) || others === 0.5) continue;
      r.n++;
      r.agree += v.choice === side(others) ? 1 : v.choice === 'tie' ? 0.5 : 0;
    }
  }
  const weights = new Map<string, number>();
  for (const [evaluator, { agree, n }] of record) {
    const informativeness = n ? Math.max(0, (2 * agree) / n - 1) : 1;
    weights.set(evaluator, (n * informativeness + RELIABILITY_PRIOR_ITEMS) / (n + RELIABILITY_PRIOR_ITEMS));
  }
  return weights;
}
