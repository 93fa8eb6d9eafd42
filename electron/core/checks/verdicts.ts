// The human verdicts the checks read: live (not retracted), not skipped, from evaluators of kind human,
// with the comparison's prompt and response ids so cycles can be traced across comparisons.
import type Database from 'better-sqlite3';

export type Verdict = 'A' | 'B' | 'tie';

export interface HumanVerdict {
  judgmentId: string;
  comparisonId: string;
  evaluatorId: string;
  evaluatorName: string;
  choice: Verdict;
  leftSide: 'A' | 'B' | null;
  repeatOf: string | null;
  durationMs: number | null;
  createdAt: string;
  promptId: string;
  responseAId: string;
  responseBId: string;
}

export function liveHumanVerdicts(db: Database.Database): HumanVerdict[] {
  return db
    .prepare(
      `SELECT j.id AS judgmentId, j.comparison_id AS comparisonId, j.evaluator_id AS evaluatorId, e.name AS evaluatorName,
              j.choice, j.left_side AS leftSide, j.repeat_of AS repeatOf, j.duration_ms AS durationMs, j.created_at AS createdAt,
              c.prompt_id AS promptId, c.response_a_id AS responseAId, c.response_b_id AS responseBId
       FROM judgments j
       JOIN evaluators e ON e.id = j.evaluator_id AND e.kind = 'human'
       JOIN comparisons c ON c.id = j.comparison_id
       WHERE j.retracted_at IS NULL AND j.choice <> 'skip'
       ORDER BY j.created_at, j.id`,
    )
    .all() as HumanVerdict[];
}

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
