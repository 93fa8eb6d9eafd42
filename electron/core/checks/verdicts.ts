// Helpers over the human verdicts the checks read (db/verdicts.ts liveHumanVerdicts: live, not skipped, from evaluators
// of kind human, with the comparison's prompt and response ids so cycles can be traced across comparisons).
import type { HumanVerdict, Verdict } from '../db/verdicts';

export type { HumanVerdict, Verdict } from '../db/verdicts';

/** Groups items by a key, keeping their order. */
export function groupBy<T>(items: readonly T[], key: (item: T) => string): Map<string, T[]> {
  const groups = new Map<string, T[]>();
  for (const item of items) {
    const k = key(item);
    const group = groups.get(k);
    if (group) group.push(item);
    else groups.set(k, [item]);
  }
  return groups;
}

/** Each evaluator's latest verdict on a comparison (a repeat supersedes the earlier answer for consensus). */
export function latestPerEvaluator<V extends Pick<HumanVerdict, 'evaluatorId' | 'comparisonId'>>(verdicts: readonly V[]): V[] {
  const latest = new Map<string, V>();
  for (const v of verdicts) latest.set(`${v.evaluatorId}|${v.comparisonId}`, v);
  return [...latest.values()];
}

/** The majority verdict among several, or null when there is no strict majority. */
export function majority(choices: readonly Verdict[]): Verdict | null {
  const counts = new Map<Verdict, number>();
  for (const c of choices) counts.set(c, (counts.get(c) ?? 0) + 1);
  let best: Verdict | null = null;
  let bestCount = 0;
  let tied = false;
  for (const [choice, n] of counts) {
    if (n > bestCount) {
      best = choice;
      bestCount = n;
      tied = false;
    } else if (n === bestCount) tied = true;
  }
  return tied ? null : best;
}
