// Evaluator vs evaluator: human evaluators' verdicts on one comparison differ. One flag per comparison.
// Severity is the minority's share of the verdicts, raised by half when both A and B were chosen.
import { checkSettings } from './settings';
import type { FlagCandidate } from '../db/flags';
import { groupBy, latestPerEvaluator, type HumanVerdict } from './verdicts';

export function evaluatorDisagreements(verdicts: readonly HumanVerdict[]): FlagCandidate[] {
  const flags: FlagCandidate[] = [];
  for (const [comparisonId, group] of groupBy(latestPerEvaluator(verdicts), (v) => v.comparisonId)) {
    if (group.length < checkSettings.evaluatorDisagreement.minEvaluators) continue;
    const choices = new Set(group.map((v) => v.choice));
    if (choices.size < 2) continue;
    const counts = [...choices].map((c) => group.filter((v) => v.choice === c).length);
    const minorityShare = 1 - Math.max(...counts) / group.length;
    const opposite = choices.has('A') && choices.has('B');
    flags.push({
      kind: 'evaluator-disagreement',
      dedupeKey: `evaluator-disagreement:${comparisonId}`,
      severity: Math.min(1, minorityShare * (opposite ? 1.5 : 1) * 2),
      comparisonId,
      evaluatorIds: group.map((v) => v.evaluatorId),
      modelIds: [],
      evidence: {
        verdicts: group.map((v) => ({ judgmentId: v.judgmentId, evaluatorId: v.evaluatorId, evaluator: v.evaluatorName, choice: v.choice })),
      },
    });
  }
  return flags;
}
