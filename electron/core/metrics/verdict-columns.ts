// Verdict columns (db/evaluator-verdicts.ts) for the agreement figures: a selection of their rows (a run's comparisons,
// the usable verdicts, the verdicts on a criterion with that choice) sharing the evaluator and comparison tables, the
// columns of plain verdict objects, and the majority of counted choices.
import { CHOICES, type VerdictColumns, type VerdictEvaluator } from '../db/evaluator-verdicts';

/** The rows `keep` keeps, in order, each with `choice(i)` as its choice when given. */
export function pickRows(columns: VerdictColumns, keep: (i: number) => boolean, choice?: (i: number) => number): VerdictColumns {
  const rows: number[] = [];
  for (let i = 0; i < columns.evaluator.length; i++) if (keep(i)) rows.push(i);
  const picked = new Uint8Array(rows.length);
  rows.forEach((i, k) => (picked[k] = choice ? choice(i) : columns.choice[i]));
  const take = <A extends Int32Array | Float64Array | Uint8Array | Int8Array>(column: A): A => {
    const out = new (column.constructor as new (n: number) => A)(rows.length);
    rows.forEach((i, k) => (out[k] = column[i]));
    return out;
  };
  return {
    evaluators: columns.evaluators,
    comparisonIds: columns.comparisonIds,
    groundTruth: columns.groundTruth,
    seq: take(columns.seq),
    evaluator: take(columns.evaluator),
    comparison: take(columns.comparison),
    choice: picked,
    durationMs: take(columns.durationMs),
    usable: take(columns.usable),
    predicted: take(columns.predicted),
  };
}

/** What the agreement figures need of a verdict given as an object (oldest first). */
export interface PlainVerdict {
  evaluatorId: string;
  evaluatorName: string;
  comparisonId: string;
  choice: (typeof CHOICES)[number];
  durationMs: number | null;
}

/** Plain verdicts as columns: usable, unassisted, without ground truth or judgment rowids. */
export function columnsOf(verdicts: readonly PlainVerdict[]): VerdictColumns {
  const evaluators: VerdictEvaluator[] = [];
  const evaluatorIndex = new Map<string, number>();
  const comparisonIndex = new Map<string, number>();
  const indexOf = (index: Map<string, number>, key: string, add: () => void) => {
    let k = index.get(key);
    if (k === undefined) {
      index.set(key, (k = index.size));
      add();
    }
    return k;
  };
  const n = verdicts.length;
  const evaluator = new Int32Array(n);
  const comparison = new Int32Array(n);
  const choice = new Uint8Array(n);
  const durationMs = new Float64Array(n);
  verdicts.forEach((v, i) => {
    evaluator[i] = indexOf(evaluatorIndex, v.evaluatorId, () => evaluators.push({ id: v.evaluatorId, name: v.evaluatorName, simulated: false }));
    comparison[i] = indexOf(comparisonIndex, v.comparisonId, () => undefined);
    choice[i] = CHOICES.indexOf(v.choice);
    durationMs[i] = v.durationMs ?? NaN;
  });
  return {
    evaluators,
    comparisonIds: [...comparisonIndex.keys()],
    groundTruth: new Int8Array(comparisonIndex.size).fill(-1),
    seq: new Float64Array(n),
    evaluator,
    comparison,
    choice,
    durationMs,
    usable: new Uint8Array(n).fill(1),
    predicted: new Int8Array(n).fill(-1),
  };
}

/** The choice (CHOICES index) counted strictly more often than each other one, or -1 when none is (no choice counted,
 *  or a tie at the top): checks/verdicts.ts majority, over counts. */
export function majorityOf(a: number, b: number, tie: number): number {
  const top = Math.max(a, b, tie);
  if (top === 0 || (a === top ? 1 : 0) + (b === top ? 1 : 0) + (tie === top ? 1 : 0) > 1) return -1;
  return a === top ? 0 : b === top ? 1 : 2;
}
