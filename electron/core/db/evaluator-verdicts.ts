// One read of the judgments for the Evaluators page: every live human verdict that is not a skip (nor replaced by a relabel answer), with what the
// agreement figures and over-trust need, in (created_at, id) order, as columns (typed arrays; evaluators and
// comparisons by index into tables read once) rather than an object per verdict. SQLite hands each column over as one
// JSON array (a row per verdict costs better-sqlite3 far more than SQLite's own scan) read in storage order, and the
// time order as their rowids (SQLite's sort; an index on (created_at, id) would spare it but cost imports more, about a
// fifth of a 200,000-row import's CPU time); ground truth comes from one scan of the comparisons that have it.
import type Database from 'better-sqlite3';
import { ASSISTANCE_MODE_SQL } from './assistance-sql';
import { replacedByRelabel } from './relabel';

/** A verdict's choice as its index here: 0 A, 1 B, 2 tie. */
export const CHOICES = ['A', 'B', 'tie'] as const;

export interface VerdictEvaluator {
  id: string;
  name: string;
  /** A simulated evaluator (stands in for a person). */
  simulated: boolean;
}

/** Verdicts as columns: entry i of each per-verdict array is the i-th verdict, oldest first. */
export interface VerdictColumns {
  /** The evaluators and the comparisons the verdicts point at by index (shared by every selection of the verdicts). */
  evaluators: readonly VerdictEvaluator[];
  comparisonIds: readonly string[];
  /** Each comparison's ground truth as a CHOICES index, or -1 when it has none. */
  groundTruth: Int8Array;
  /** Each verdict's judgment rowid. */
  seq: Float64Array;
  evaluator: Int32Array;
  comparison: Int32Array;
  /** CHOICES index. */
  choice: Uint8Array;
  /** NaN when no duration was recorded. */
  durationMs: Float64Array;
  /** 1 when neither excluded from training by a researcher nor a position-check repeat. */
  usable: Uint8Array;
  /** Where the assistance's mode was 'assisted' and its pA (P(A ≻ B)) a number, the side it predicted as a CHOICES
   *  index (A when pA ≥ 0.5, else B); -1 otherwise. */
  predicted: Int8Array;
}

/** The verdicts read: live, not skips, of evaluators of kind human, and not an earlier verdict a relabel answer stands
 *  in for (as liveHumanVerdicts reads them for the checks: the answer is the person's verdict now). The range of every
 *  rowid has SQLite read the table in storage order instead of walking the partial index judgments_evaluator_live and
 *  looking each row up. */
const VERDICTS = `FROM live_judgments j CROSS JOIN evaluators e ON e.id = j.evaluator_id AND e.kind = 'human'
 WHERE j.seq >= -9223372036854775808 AND j.choice IN ('A', 'B', 'tie') AND NOT ${replacedByRelabel('j')}`;
const PA = `json_extract(j.assistance, '$.pA')`;

type Arrays = [seq: number[], evaluator: number[], comparisonId: string[], choice: number[], durationMs: (number | null)[], usable: number[], predicted: number[]];

interface Read {
  evaluators: { rowid: number; id: string; name: string; simulated: number }[];
  arrays: Arrays;
  timeOrder: number[];
  truths: [comparisonId: string, truth: number][];
}

/** Everything the columns are made of, read in one transaction. */
function read(db: Database.Database): Read {
  return db.transaction(() => ({
    evaluators: db.prepare(`SELECT rowid, id, name, simulated IS NOT NULL AS simulated FROM evaluators WHERE kind = 'human'`).all() as {
      rowid: number;
      id: string;
      name: string;
      simulated: number;
    }[],
    arrays: (
      db
        .prepare(
          `SELECT json_group_array(j.seq), json_group_array(e.rowid), json_group_array(j.comparison_id),
                  json_group_array(CASE j.choice WHEN 'A' THEN 0 WHEN 'B' THEN 1 ELSE 2 END), json_group_array(j.duration_ms),
                  json_group_array(j.excluded_at IS NULL AND j.repeat_of IS NULL),
                  json_group_array(CASE WHEN ${ASSISTANCE_MODE_SQL} = 'assisted' THEN CASE WHEN typeof(${PA}) IN ('integer', 'real') THEN ${PA} < 0.5 ELSE -1 END ELSE -1 END)
             ${VERDICTS}`,
        )
        .raw()
        .get() as string[]
    ).map((text) => JSON.parse(text)) as Arrays,
    timeOrder: db.prepare(`SELECT j.seq ${VERDICTS} ORDER BY j.created_at, j.id`).pluck().all() as number[],
    truths: db.prepare(`SELECT id, CASE ground_truth WHEN 'A' THEN 0 WHEN 'B' THEN 1 ELSE 2 END FROM comparisons WHERE ground_truth IS NOT NULL`).raw().all() as [string, number][],
  }))();
}

export function loadEvaluatorVerdicts(db: Database.Database): VerdictColumns {
  const { evaluators, arrays, timeOrder, truths } = read(db);
  const [seqs, evaluatorRowids, comparisonIds, choices, durations, usables, predictions] = arrays;
  const evaluatorIndex = new Map(evaluators.map((e, k) => [e.rowid, k]));
  const n = seqs.length;
  // Each verdict's place in time order.
  const rowOf = new Map<number, number>();
  for (let r = 0; r < n; r++) rowOf.set(seqs[r], r);
  const position = new Int32Array(n);
  timeOrder.forEach((seq, k) => (position[rowOf.get(seq)!] = k));
  const columns = {
    evaluators: evaluators.map((e) => ({ id: e.id, name: e.name, simulated: e.simulated === 1 })),
    comparisonIds: [] as string[],
    seq: Float64Array.from(timeOrder),
    evaluator: new Int32Array(n),
    comparison: new Int32Array(n),
    choice: new Uint8Array(n),
    durationMs: new Float64Array(n),
    usable: new Uint8Array(n),
    predicted: new Int8Array(n),
  };
  const comparisonIndex = new Map<string, number>();
  for (let r = 0; r < n; r++) {
    const i = position[r];
    let c = comparisonIndex.get(comparisonIds[r]);
    if (c === undefined) comparisonIndex.set(comparisonIds[r], (c = comparisonIndex.size));
    columns.evaluator[i] = evaluatorIndex.get(evaluatorRowids[r])!;
    columns.comparison[i] = c;
    columns.choice[i] = choices[r];
    columns.durationMs[i] = durations[r] ?? NaN;
    columns.usable[i] = usables[r];
    columns.predicted[i] = predictions[r];
  }
  columns.comparisonIds = [...comparisonIndex.keys()];
  const groundTruth = new Int8Array(comparisonIndex.size).fill(-1);
  for (const [comparisonId, truth] of truths) {
    const c = comparisonIndex.get(comparisonId);
    if (c !== undefined) groundTruth[c] = truth;
  }
  return { ...columns, groundTruth };
}

/** One criterion's verdicts in one run as CHOICES indexes, by the judgment's rowid (the verdict columns' seq). */
export function criterionChoicesBySeq(db: Database.Database, runId: string, criterion: string): Map<number, number> {
  const rows = db
    .prepare(
      `SELECT j.rowid, CASE jc.choice WHEN 'A' THEN 0 WHEN 'B' THEN 1 ELSE 2 END
         FROM judgment_criteria jc JOIN judgments j ON j.id = jc.judgment_id
        WHERE jc.run_id = ? AND jc.criterion = ?`,
    )
    .raw()
    .all(runId, criterion) as [number, number][];
  return new Map(rows);
}
