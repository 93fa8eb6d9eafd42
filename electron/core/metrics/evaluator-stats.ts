// Per-evaluator numbers for the Evaluators page: judgments, median time, agreement with the others'
// consensus (leave-one-out majority), self-consistency on repeats, over-trust in assistance, pairwise κ, the pool's α.
import { CONSENSUS_MIN_OTHERS, type consensusGaps } from '../../api/flags';
import { krippendorffAlpha, median, pairwiseKappas, type Rating } from './agreement';
import { overTrust, truthOfVerdicts, type JudgedVerdict, type OverTrust } from './judged-verdicts';
import { groupBy, latestPerEvaluator, majority, type HumanVerdict } from '../checks/verdicts';

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

/**
 * `judged` (loadJudgedVerdicts: usable verdicts with their assistance and ground truth) feeds over-trust and the
 * simulated mark; without it every evaluator has no over-trust data.
 */
/** What the agreement figures read of a verdict. */
export type AgreementVerdict = Pick<HumanVerdict, 'evaluatorId' | 'evaluatorName' | 'comparisonId' | 'choice' | 'durationMs'>;

export function agreementReport(verdicts: readonly AgreementVerdict[], judged: readonly JudgedVerdict[] = []): AgreementReport {
  const truth = truthOfVerdicts(judged);
  const judgedBy = groupBy(judged, (v) => v.evaluatorId);
  const latest = latestPerEvaluator(verdicts);
  const ratings: Rating[] = latest.map((v) => ({ unit: v.comparisonId, rater: v.evaluatorId, value: v.choice }));
  const byComparison = groupBy(latest, (v) => v.comparisonId);

  const evaluators: EvaluatorStats[] = [];
  for (const [evaluatorId, own] of groupBy(verdicts, (v) => v.evaluatorId)) {
    let shared = 0;
    let enoughOthers = 0;
    let compared = 0;
    let agreed = 0;
    for (const v of latestPerEvaluator(own)) {
      const others = (byComparison.get(v.comparisonId) ?? []).filter((o) => o.evaluatorId !== evaluatorId);
      if (others.length > 0) shared++;
      if (others.length < CONSENSUS_MIN_OTHERS) continue;
      enoughOthers++;
      const consensus = majority(others.map((o) => o.choice));
      if (consensus === null) continue;
      compared++;
      if (consensus === v.choice) agreed++;
    }
    const repeats = [...groupBy(own, (v) => v.comparisonId).values()].filter((g) => g.length > 1);
    const consistent = repeats.filter((g) => new Set(g.map((v) => v.choice)).size === 1).length;
    const durations = own.map((v) => v.durationMs).filter((d): d is number => d !== null);
    const ms = median(durations);
    evaluators.push({
      evaluatorId,
      evaluator: own[0].evaluatorName,
      judgments: own.length,
      medianSeconds: ms === null ? null : ms / 1000,
      consensusAgreement: compared ? agreed / compared : null,
      consensusCompared: compared,
      consensusGap: compared ? null : shared === 0 ? 'no-shared-items' : enoughOthers === 0 ? 'too-few-others' : 'others-split',
      selfConsistency: repeats.length ? consistent / repeats.length : null,
      repeatedComparisons: repeats.length,
      simulated: (judgedBy.get(evaluatorId) ?? []).some((v) => v.simulated),
      overTrust: overTrust(judgedBy.get(evaluatorId) ?? [], truth),
    });
  }
  evaluators.sort((x, y) => x.evaluator.localeCompare(y.evaluator));

  const pairs: PairKappa[] = [];
  const kappaOf = pairwiseKappas(ratings);
  for (let i = 0; i < evaluators.length; i++) {
    for (let j = i + 1; j < evaluators.length; j++) {
      const k = kappaOf(evaluators[i].evaluatorId, evaluators[j].evaluatorId);
      if (k.n > 0) pairs.push({ a: evaluators[i].evaluatorId, b: evaluators[j].evaluatorId, n: k.n, kappa: k.kappa });
    }
  }
  const alpha = krippendorffAlpha(ratings);
  return { evaluators, pairs, alpha: alpha.alpha, alphaUnits: alpha.units };
}
