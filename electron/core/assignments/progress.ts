// The lab lead's view of an assignment, per evaluator: assigned, done (a live A/B/tie verdict), skipped, remaining,
// median seconds per done item, and agreement so far with the other people who judged the same items.
import type Database from 'better-sqlite3';
import { assignedVerdicts, peopleVerdictsOnAssigned } from '../db/assignments';
import { median } from '../metrics/agreement';

/** When the last bundle naming an evaluator was received here (ISO), or null: the bundle receipts' reader. */
export type LastBundleReceived = (evaluatorId: string) => string | null;

export interface ProgressRow {
  evaluatorId: string;
  name: string;
  assigned: number;
  done: number;
  skipped: number;
  remaining: number;
  medianSeconds: number | null;
  agreement: number | null;
  agreementPairs: number;
  lastBundleReceivedAt: string | null;
}

export function assignmentProgress(
  db: Database.Database,
  evaluators: readonly { evaluatorId: string; name: string; assigned: number }[],
  assignmentId: string,
  lastBundleReceived: LastBundleReceived,
): ProgressRow[] {
  const verdicts = assignedVerdicts(db, assignmentId);
  const byComparison = new Map<string, Map<string, string>>();
  for (const v of peopleVerdictsOnAssigned(db, assignmentId)) {
    if (!byComparison.has(v.comparisonId)) byComparison.set(v.comparisonId, new Map());
    byComparison.get(v.comparisonId)!.set(v.evaluatorId, v.choice);
  }
  return evaluators.map((e) => {
    const mine = verdicts.filter((v) => v.evaluatorId === e.evaluatorId);
    const done = mine.filter((v) => v.choice !== null && v.choice !== 'skip');
    const skipped = mine.filter((v) => v.choice === 'skip').length;
    let pairs = 0;
    let agreeing = 0;
    for (const v of done) {
      for (const [other, choice] of byComparison.get(v.comparisonId) ?? []) {
        if (other === e.evaluatorId) continue;
        pairs += 1;
        if (choice === v.choice) agreeing += 1;
      }
    }
    const seconds = median(done.filter((v) => v.durationMs !== null).map((v) => v.durationMs! / 1000));
    return {
      evaluatorId: e.evaluatorId,
      name: e.name,
      assigned: e.assigned,
      done: done.length,
      skipped,
      remaining: e.assigned - done.length,
      medianSeconds: seconds === null ? null : Math.round(seconds * 10) / 10,
      agreement: pairs === 0 ? null : agreeing / pairs,
      agreementPairs: pairs,
      lastBundleReceivedAt: lastBundleReceived(e.evaluatorId),
    };
  });
}
