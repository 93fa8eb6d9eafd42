// Choosing the auto-label threshold with a risk-control guarantee (Learn-then-Test, Angelopoulos, Bates, Candès,
// Jordan & Lei 2021, with fixed-sequence tests split by Bonferroni): on held-out human-labelled pairs the model
// auto-labels a pair when its confidence max(p, 1 − p) ≥ τ. Candidate thresholds are tested in at most four
// fixed sequences, starting at the N, N/2, N/4 and N/8 most confident of the N pairs (never fewer than 20) and
// moving to less confident pairs until the sequence's first failure. A threshold passes when the exact upper
// bound (Clopper–Pearson) on the error among the pairs at or above it, at confidence 1 − (1 − c)/K for K
// sequences, stays under the target. The lowest passing τ is chosen: P(true error ≤ target) ≥ c holds for it.
// Neither the starts nor the bounds depend on the target, so a looser target passes every threshold a stricter
// one passed, and every target at or above a certified bound passes: monotone in the target by construction.
import { clopperPearsonUpper } from '../metrics/intervals';

export interface HeldOutPair {
  /** The model's P(A ≻ B). */
  pA: number;
  /** The human consensus, decisive only ('A' or 'B'); ties are not auto-labelled. */
  human: 'A' | 'B';
}

export interface DeferralThreshold {
  /** Confidence at or above which pairs are auto-labelled; null when no threshold passed. */
  threshold: number | null;
  /** Held-out pairs at or above the threshold, and the errors among them (null when no threshold passed). */
  covered: number | null;
  errors: number | null;
  /** Share of held-out pairs that would be auto-labelled. */
  coverage: number;
  /** Certified upper bound on the auto-label error: the largest Clopper–Pearson bound (at the per-sequence confidence)
   *  on the sequence's way to the threshold, so any target at or above it certifies too; null when none passed. */
  errorBound: number | null;
  target: number;
  confidence: number;
  /** Held-out pairs available, and the fewest a perfect model would need to certify this target at this confidence. */
  pairs: number;
  pairsNeeded: number;
  /** The smallest target these pairs certify at this confidence (the lowest bound a sequence starts with); null under 20 pairs. */
  smallestTarget: number | null;
}

/** The smallest number of pairs a test sequence starts at. */
export const MIN_COVERED = 20;
/** At most this many test sequences (their starts: N, N/2, N/4, N/8). */
const MAX_SEQUENCES = 4;

/** Where the test sequences start for n pairs (counts, largest first): n, n/2, n/4, n/8, none under MIN_COVERED. */
export function sequenceStarts(n: number): number[] {
  const starts: number[] = [];
  for (let s = n, i = 0; i < MAX_SEQUENCES && s >= MIN_COVERED; i++, s = Math.floor(s / 2)) starts.push(s);
  return starts;
}

/** The confidence each of the sequences for n pairs is tested at (Bonferroni over the sequences). */
export function perSequenceConfidence(n: number, confidence: number): number {
  return 1 - (1 - confidence) / Math.max(1, sequenceStarts(n).length);
}

export function chooseThreshold(pairs: readonly HeldOutPair[], target = 0.05, confidence = 0.95): DeferralThreshold {
  if (!(target > 0 && target < 1)) throw new RangeError(`target must be in (0, 1), got ${target}`);
  const scored = pairs
    .map((p) => ({ confidence: Math.max(p.pA, 1 - p.pA), wrong: (p.pA >= 0.5 ? 'A' : 'B') !== p.human }))
    .sort((a, b) => b.confidence - a.confidence);
  const n = scored.length;
  const level = perSequenceConfidence(n, confidence);
  // errorsAt[i]: errors among the i + 1 most confident pairs; a threshold cannot split ties, so only the last pair of
  // a run of equal confidences is a candidate.
  const errorsAt: number[] = [];
  scored.forEach((s, i) => errorsAt.push((i ? errorsAt[i - 1] : 0) + (s.wrong ? 1 : 0)));
  const isCandidate = (i: number) => i + 1 === n || scored[i + 1].confidence !== scored[i].confidence;
  const boundAt = (i: number) => clopperPearsonUpper(errorsAt[i], i + 1, level);

  // Each passing threshold's certified bound is the largest bound on its sequence's way to it: every target at or
  // above that bound passes the same way, so a target never fails where a looser one certified a bound under it.
  let lowest = -1; // index of the least confident pair at or above the lowest passing threshold
  let lowestBound = 1;
  let smallestTarget: number | null = null;
  for (const start of sequenceStarts(n)) {
    let wayBound = 0;
    for (let i = start - 1; i < n; i++) {
      if (!isCandidate(i)) continue;
      if (wayBound === 0) smallestTarget = Math.min(smallestTarget ?? 1, boundAt(i));
      wayBound = Math.max(wayBound, boundAt(i));
      if (wayBound > target) break; // a fixed sequence stops at its first failure
      if (i > lowest || (i === lowest && wayBound < lowestBound)) [lowest, lowestBound] = [i, wayBound];
    }
  }
  const base = { target, confidence, pairs: n, pairsNeeded: calibrationPairsNeeded(target, confidence), smallestTarget };
  if (lowest < 0) return { ...base, threshold: null, covered: null, errors: null, coverage: 0, errorBound: null };
  return { ...base, threshold: scored[lowest].confidence, covered: lowest + 1, errors: errorsAt[lowest], coverage: (lowest + 1) / n, errorBound: lowestBound };
}

/**
 * The fewest held-out pairs on which this procedure can certify `target` at `confidence`: the smallest n for which n
 * pairs without a single error pass (never under MIN_COVERED; the per-sequence confidence depends on n through the number of sequences).
 */
export function calibrationPairsNeeded(target: number, confidence: number): number {
  // n pairs without an error pass when 1 − (δ/K)^(1/n) ≤ target, i.e. n ≥ ln(δ/K) / ln(1 − target), and K grows with n:
  // iterate to the smallest fixed point, then confirm with the bound chooseThreshold uses.
  const countFor = (n: number) => Math.max(MIN_COVERED, Math.ceil(Math.log((1 - confidence) / Math.max(1, sequenceStarts(n).length)) / Math.log(1 - target)));
  let n = countFor(1);
  while (countFor(n) > n) n = countFor(n);
  while (clopperPearsonUpper(0, n, perSequenceConfidence(n, confidence)) > target) n++;
  return n;
}
