// Choosing the auto-label threshold with a risk-control guarantee: on held-out human-labelled pairs, the
// model auto-labels a pair when its confidence max(p, 1 − p) ≥ τ. Candidate thresholds are tested from the
// most confident down (fixed-sequence testing, starting at a label-independent count); each passes when the exact
// upper confidence bound on the auto-label error among pairs at or above it stays under the target. The lowest
// passing τ is chosen, so P(true error ≤ target) ≥ confidence holds for it without a multiple-testing correction.
import { clopperPearsonUpper } from '../metrics/intervals';

export interface HeldOutPair {
  /** The model's P(A ≻ B). */
  pA: number;
  /** The human consensus, decisive only ('A' or 'B'); ties are not auto-labelled. */
  human: 'A' | 'B';
}

export interface DeferralThreshold {
  /** Confidence at or above which pairs are auto-labelled; null when even the most confident pairs fail. */
  threshold: number | null;
  /** Held-out pairs at or above the threshold, and the errors among them. */
  covered: number;
  errors: number;
  /** Share of held-out pairs that would be auto-labelled. */
  coverage: number;
  /** Upper confidence bound on the auto-label error. */
  errorBound: number | null;
  target: number;
  confidence: number;
}

export function chooseThreshold(pairs: readonly HeldOutPair[], target = 0.05, confidence = 0.95, minCovered = 20): DeferralThreshold {
  if (!(target > 0 && target < 1)) throw new RangeError(`target must be in (0, 1), got ${target}`);
  const scored = pairs
    .map((p) => ({ confidence: Math.max(p.pA, 1 - p.pA), wrong: (p.pA >= 0.5 ? 'A' : 'B') !== p.human }))
    .sort((a, b) => b.confidence - a.confidence);
  const none: DeferralThreshold = { threshold: null, covered: 0, errors: 0, coverage: 0, errorBound: null, target, confidence };
  // The sequence starts at the smallest count where one error would still pass: starting where only zero errors
  // pass (59 pairs at 5% and 95%) lets a single wrong label among the most confident pairs — human labels are
  // noisy — stop the whole sequence. The start depends only on the target and confidence, never on the labels.
  const start = Math.max(minCovered, smallestCountPassing(1, target, confidence));
  let best = none;
  let errors = 0;
  for (let i = 0; i < scored.length; i++) {
    errors += scored[i].wrong ? 1 : 0;
    // Only test at the last pair of a run of equal confidences: a threshold cannot split ties.
    if (i + 1 < scored.length && scored[i + 1].confidence === scored[i].confidence) continue;
    const covered = i + 1;
    if (covered < start) continue;
    const bound = clopperPearsonUpper(errors, covered, confidence);
    if (bound > target) break; // fixed-sequence testing stops at the first failure
    best = { threshold: scored[i].confidence, covered, errors, coverage: covered / scored.length, errorBound: bound, target, confidence };
  }
  return best;
}

/** The smallest n at which `errors` errors in n still give an upper bound ≤ target. */
export function smallestCountPassing(errors: number, target: number, confidence: number): number {
  let n = Math.max(errors + 1, Math.ceil(Math.log(1 - confidence) / Math.log(1 - target)));
  while (clopperPearsonUpper(errors, n, confidence) > target) n++;
  return n;
}
