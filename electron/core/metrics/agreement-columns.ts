// The agreement figures over verdict columns (db/evaluator-verdicts.ts) in one pass over the comparisons, in the order
// each was first judged: an evaluator's latest verdict on a comparison feeds the others' consensus, Cohen's κ for
// every pair of evaluators and Krippendorff's α; all of an evaluator's verdicts on it feed self-consistency. Counts
// sit in typed arrays per evaluator and per pair; κ and α are the ones metrics/agreement.ts computes from ratings
// (pairwiseKappas, krippendorffAlpha), their sums taken in the same order, so equal to the last bit.
import { CONSENSUS_MIN_OTHERS } from '../../api/flags';
import type { VerdictColumns } from '../db/evaluator-verdicts';
import { majorityOf } from './verdict-columns';

/** Per evaluator (by index), over the comparisons they judged. */
export interface EvaluatorCounts {
  /** Comparisons someone else judged too; with at least CONSENSUS_MIN_OTHERS others; where those others had a
   *  majority; where the evaluator's latest verdict was that majority. */
  shared: Int32Array;
  enoughOthers: Int32Array;
  compared: Int32Array;
  agreed: Int32Array;
  /** Comparisons the evaluator judged more than once; of those, always the same way. */
  repeated: Int32Array;
  consistent: Int32Array;
}

export interface ColumnsAgreement {
  counts: EvaluatorCounts;
  /** Cohen's κ of two evaluators (by index) over the comparisons both judged (their latest verdicts); n 0 when none. */
  kappa(a: number, b: number): { n: number; kappa: number | null };
  alpha: number | null;
  /** Comparisons with at least two evaluators' verdicts: what α rests on. */
  alphaUnits: number;
}

/** The rows of each comparison, oldest first, comparisons in the order of their first verdict. */
function rowsByComparison(columns: VerdictColumns): { start: Int32Array; rows: Int32Array } {
  const n = columns.comparison.length;
  const unitOfComparison = new Int32Array(columns.comparisonIds.length).fill(-1);
  const unit = new Int32Array(n);
  let units = 0;
  for (let i = 0; i < n; i++) {
    const c = columns.comparison[i];
    if (unitOfComparison[c] < 0) unitOfComparison[c] = units++;
    unit[i] = unitOfComparison[c];
  }
  const start = new Int32Array(units + 1);
  for (let i = 0; i < n; i++) start[unit[i] + 1]++;
  for (let u = 0; u < units; u++) start[u + 1] += start[u];
  const next = start.slice(0, units);
  const rows = new Int32Array(n);
  for (let i = 0; i < n; i++) rows[next[unit[i]]++] = i;
  return { start, rows };
}

/** Each pair's counts over the comparisons both judged: of its first evaluator (lower id in code-unit order) and of its
 *  second, and the order the first's values were first seen in (κ's expected agreement is summed in that order). */
class PairCounts {
  private readonly slotOf = new Map<number, number>();
  private readonly n: number[] = [];
  private readonly agree: number[] = [];
  /** 3 per slot: the first's counts of A, B, tie; the second's; the first's values in the order first seen. */
  private readonly first: number[] = [];
  private readonly second: number[] = [];
  private readonly seen: number[] = [];
  private readonly seenCount: number[] = [];

  constructor(private readonly evaluators: number) {}

  add(lo: number, hi: number, loValue: number, hiValue: number): void {
    const key = lo * this.evaluators + hi;
    let slot = this.slotOf.get(key);
    if (slot === undefined) {
      slot = this.n.length;
      this.slotOf.set(key, slot);
      this.n.push(0);
      this.agree.push(0);
      this.first.push(0, 0, 0);
      this.second.push(0, 0, 0);
      this.seen.push(0, 0, 0);
      this.seenCount.push(0);
    }
    this.n[slot]++;
    if (loValue === hiValue) this.agree[slot]++;
    if (this.first[slot * 3 + loValue]++ === 0) this.seen[slot * 3 + this.seenCount[slot]++] = loValue;
    this.second[slot * 3 + hiValue]++;
  }

  kappa(lo: number, hi: number): { n: number; kappa: number | null } {
    const slot = this.slotOf.get(lo * this.evaluators + hi);
    if (slot === undefined) return { n: 0, kappa: null };
    const n = this.n[slot];
    const observed = this.agree[slot] / n;
    let expected = 0;
    for (let k = slot * 3; k < slot * 3 + this.seenCount[slot]; k++) {
      const value = this.seen[k];
      expected += (this.first[slot * 3 + value] / n) * (this.second[slot * 3 + value] / n);
    }
    return { n, kappa: expected === 1 ? null : (observed - expected) / (1 - expected) };
  }
}

export function columnsAgreement(columns: VerdictColumns): ColumnsAgreement {
  const evaluators = columns.evaluators.length;
  const zeros = () => new Int32Array(evaluators);
  const counts: EvaluatorCounts = { shared: zeros(), enoughOthers: zeros(), compared: zeros(), agreed: zeros(), repeated: zeros(), consistent: zeros() };
  // Evaluators by id in code-unit order: a pair is counted with its lower id first.
  const idRank = new Int32Array(evaluators);
  [...columns.evaluators.keys()].sort((x, y) => (columns.evaluators[x].id < columns.evaluators[y].id ? -1 : 1)).forEach((e, rank) => (idRank[e] = rank));
  const pairs = new PairCounts(evaluators);
  // Per comparison: who judged it (first-verdict order), each one's verdicts on it, first and latest choice.
  const unitOf = new Int32Array(evaluators).fill(-1);
  const verdicts = zeros();
  const firstChoice = new Uint8Array(evaluators);
  const latest = new Uint8Array(evaluators);
  const mixed = new Uint8Array(evaluators);
  const judges = zeros();
  const tally = [0, 0, 0];
  const totals = [0, 0, 0];
  let pairable = 0;
  let values = 0;
  let observedDisagreement = 0;
  const { start, rows } = rowsByComparison(columns);
  for (let u = 0; u + 1 < start.length; u++) {
    let m = 0;
    for (let k = start[u]; k < start[u + 1]; k++) {
      const i = rows[k];
      const e = columns.evaluator[i];
      const choice = columns.choice[i];
      if (unitOf[e] !== u) {
        unitOf[e] = u;
        judges[m++] = e;
        verdicts[e] = 1;
        firstChoice[e] = choice;
        mixed[e] = 0;
      } else {
        verdicts[e]++;
        if (choice !== firstChoice[e]) mixed[e] = 1;
      }
      latest[e] = choice;
    }
    tally[0] = tally[1] = tally[2] = 0;
    for (let p = 0; p < m; p++) tally[latest[judges[p]]]++;
    for (let p = 0; p < m; p++) {
      const e = judges[p];
      if (verdicts[e] > 1) {
        counts.repeated[e]++;
        if (!mixed[e]) counts.consistent[e]++;
      }
      if (m > 1) counts.shared[e]++;
      if (m - 1 < CONSENSUS_MIN_OTHERS) continue;
      counts.enoughOthers[e]++;
      const own = latest[e];
      const consensus = majorityOf(tally[0] - (own === 0 ? 1 : 0), tally[1] - (own === 1 ? 1 : 0), tally[2] - (own === 2 ? 1 : 0));
      if (consensus < 0) continue;
      counts.compared[e]++;
      if (consensus === own) counts.agreed[e]++;
    }
    if (m < 2) continue;
    // α: ordered pairs of different values within the comparison, weighted 1/(m−1).
    pairable++;
    values += m;
    let differentPairs = 0;
    for (let v = 0; v < 3; v++) {
      totals[v] += tally[v];
      differentPairs += tally[v] * (m - tally[v]);
    }
    observedDisagreement += differentPairs / (m - 1);
    // κ: every pair of the comparison's judges, lower id first.
    const sorted = judges.subarray(0, m).sort((x, y) => idRank[x] - idRank[y]);
    for (let a = 0; a < m; a++) for (let b = a + 1; b < m; b++) pairs.add(sorted[a], sorted[b], latest[sorted[a]], latest[sorted[b]]);
  }
  let alpha: number | null = null;
  if (values >= 2) {
    const expectedPairs = totals.reduce((sum, c) => sum + c * (values - c), 0);
    const dExpected = expectedPairs / (values * (values - 1));
    alpha = dExpected === 0 ? null : 1 - observedDisagreement / values / dExpected;
  }
  return {
    counts,
    kappa: (a, b) => (a === b ? { n: 0, kappa: null } : idRank[a] < idRank[b] ? pairs.kappa(a, b) : pairs.kappa(b, a)),
    alpha,
    alphaUnits: pairable,
  };
}
