// Self-consistency: an evaluator answers a comparison they judged before (a repeat, or a position check
// with the sides swapped) differently. One flag per evaluator and comparison.
import { checkSettings } from './settings';
import type { FlagCandidate } from '../db/flags';
import { groupBy, type HumanVerdict } from './verdicts';

export function selfInconsistencies(verdicts: readonly HumanVerdict[]): FlagCandidate[] {
  const flags: FlagCandidate[] = [];
  for (const group of groupBy(verdicts, (v) => `${v.evaluatorId}|${v.comparisonId}`).values()) {
    if (group.length < 2) continue;
    const choices = new Set(group.map((v) => v.choice));
    if (choices.size < 2) continue;
    const { evaluatorId, comparisonId, evaluatorName } = group[0];
    const opposite = choices.has('A') && choices.has('B');
    flags.push({
      kind: 'self-inconsistency',
      dedupeKey: `self-inconsistency:${evaluatorId}:${comparisonId}`,
      severity: opposite ? checkSettings.selfInconsistency.oppositeSeverity : checkSettings.selfInconsistency.tieSeverity,
      comparisonId,
      evaluatorIds: [evaluatorId],
      modelIds: [],
      evidence: {
        evaluatorId,
        evaluator: evaluatorName,
        answers: group.map((v) => ({ judgmentId: v.judgmentId, choice: v.choice, leftSide: v.leftSide, repeatOf: v.repeatOf, createdAt: v.createdAt })),
      },
    });
  }
  return flags;
}
