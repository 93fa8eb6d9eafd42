// Per-evaluator numbers for the Evaluators page: judgments, median time, agreement with the others'
// consensus (leave-one-out majority), self-consistency on repeats, over-trust in assistance, pairwise κ, the pool's α.
import type { consensusGaps } from '../../api/flags';
import type { VerdictColumns } from '../db/evaluator-verdicts';
import { median } from './agreement';
import { columnsAgreement } from './agreement-columns';
import { overTrustOf, type OverTrust } from './judged-verdicts';
import { overTrustCounts } from './over-trust-columns';
import { columnsOf, pickRows, type PlainVerdict } from './verdict-columns';

export interface EvaluatorStats {
  evaluatorId: string;
  evaluator: string;
  judgments: number;
  medianSeconds: number | null;
  /** Share of this evaluator's verdicts equal to the majority of the other evaluators (where one exists). */
  consensusAgreement: number | null;
  consensusCompared: number;
  /** Why consensusAgreement is null (null when it is not). */
  consensusGap: (typeof consensusGaps)[number] | null;
  /** Share of repeated comparisons this evaluator answered the same way every time. */
  selfConsistency: number | null;
  repeatedComparisons: number;
  /** A simulated evaluator (stands in for a person). */
  simulated: boolean;
  /** How often this evaluator followed assistance that pointed to the wrong side (metrics/judged-verdicts.ts). */
  overTrust: OverTrust;
}

export interface PairKappa {
  a: string;
  b: string;
  n: number;
  kappa: number | null;
}

export interface AgreementReport {
  evaluators: EvaluatorStats[];
  pairs: PairKappa[];
  alpha: number | null;
  alphaUnits: number;
}

/** What the agreement figures read of a verdict given as an object. */
export type AgreementVerdict = PlainVerdict;

/** The report over plain verdicts (oldest first), without over-trust data. */
export function agreementReport(verdicts: readonly AgreementVerdict[]): AgreementReport {
  const columns = columnsOf(verdicts);
  return columnsReport(columns, pickRows(columns, () => false));
}

/** The median of each evaluator's recorded durations (by index), or null for one without any. */
function medianDurations(columns: VerdictColumns): (number | null)[] {
  const evaluators = columns.evaluators.length;
  const start = new Int32Array(evaluators + 1);
  for (let i = 0; i < columns.durationMs.length; i++) if (!Number.isNaN(columns.durationMs[i])) start[columns.evaluator[i] + 1]++;
  for (let e = 0; e < evaluators; e++) start[e + 1] += start[e];
  const next = start.slice(0, evaluators);
  const durations = new Float64Array(start[evaluators]);
  for (let i = 0; i < columns.durationMs.length; i++) if (!Number.isNaN(columns.durationMs[i])) durations[next[columns.evaluator[i]]++] = columns.durationMs[i];
  // sorted here (numbers, natively) so median's own sort has nothing left to do
  return Array.from({ length: evaluators }, (_, e) => median(Array.from(durations.subarray(start[e], start[e + 1]).sort())));
}

/**
 * The report over verdict columns: `verdicts` (oldest first) for agreement, self-consistency, judgments and time;
 * `usable` (the usable ones: not excluded, not a position-check repeat, with their assistance and ground truth) for
 * over-trust and the simulated mark. Both share one table of evaluators.
 */
export function columnsReport(verdicts: VerdictColumns, usable: VerdictColumns): AgreementReport {
  const agreement = columnsAgreement(verdicts);
  const trust = overTrustCounts(usable);
  const medians = medianDurations(verdicts);
  const judgments = new Int32Array(verdicts.evaluators.length);
  const inOrder: number[] = []; // evaluators in the order of their first verdict
  for (let i = 0; i < verdicts.evaluator.length; i++) if (judgments[verdicts.evaluator[i]]++ === 0) inOrder.push(verdicts.evaluator[i]);
  const c = agreement.counts;
  const rows = inOrder.map((e): { index: number; stats: EvaluatorStats } => {
    const ms = medians[e];
    const stats: EvaluatorStats = {
      evaluatorId: verdicts.evaluators[e].id,
      evaluator: verdicts.evaluators[e].name,
      judgments: judgments[e],
      medianSeconds: ms === null ? null : ms / 1000,
      consensusAgreement: c.compared[e] ? c.agreed[e] / c.compared[e] : null,
      consensusCompared: c.compared[e],
      consensusGap: c.compared[e] ? null : c.shared[e] === 0 ? 'no-shared-items' : c.enoughOthers[e] === 0 ? 'too-few-others' : 'others-split',
      selfConsistency: c.repeated[e] ? c.consistent[e] / c.repeated[e] : null,
      repeatedComparisons: c.repeated[e],
      simulated: verdicts.evaluators[e].simulated && trust.judged[e] === 1,
      overTrust: overTrustOf(trust.followedWrong[e], trust.wrongShown[e]),
    };
    return { index: e, stats };
  });
  rows.sort((x, y) => x.stats.evaluator.localeCompare(y.stats.evaluator));

  const pairs: PairKappa[] = [];
  for (let i = 0; i < rows.length; i++) {
    for (let j = i + 1; j < rows.length; j++) {
      const k = agreement.kappa(rows[i].index, rows[j].index);
      if (k.n > 0) pairs.push({ a: rows[i].stats.evaluatorId, b: rows[j].stats.evaluatorId, n: k.n, kappa: k.kappa });
    }
  }
  return { evaluators: rows.map((r) => r.stats), pairs, alpha: agreement.alpha, alphaUnits: agreement.alphaUnits };
}
