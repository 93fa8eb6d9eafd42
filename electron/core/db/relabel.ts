// Relabel requests (from the flags explorer): a comparison goes back to the front of the human queue — for
// one evaluator or for anyone. The new verdict supersedes that evaluator's earlier one, which is retracted
// (kept, with an audit entry), and completes the request.
import type Database from 'better-sqlite3';
import { appendAudit } from './audit';
import { nowIso } from '../ids';

/** Open requests this evaluator should answer: addressed to them or to anyone, not answered by them since. */
const OPEN_FOR = `
  SELECT r.id, r.comparison_id AS comparisonId FROM relabel_requests r
  WHERE r.done_at IS NULL AND (r.evaluator_id IS NULL OR r.evaluator_id = @evaluatorId)
    AND NOT EXISTS (SELECT 1 FROM live_judgments j WHERE j.comparison_id = r.comparison_id AND j.evaluator_id = @evaluatorId
                    AND j.created_at >= r.created_at)`;

export function openRelabelComparisons(db: Database.Database, evaluatorId: string, filterSql: string, filter: object): string[] {
  return (
    db
      .prepare(`SELECT o.comparisonId FROM (${OPEN_FOR}) o JOIN comparisons c ON c.id = o.comparisonId WHERE ${filterSql} GROUP BY o.comparisonId ORDER BY min(o.id)`)
      .all({ evaluatorId, ...filter }) as { comparisonId: string }[]
  ).map((r) => r.comparisonId);
}

/** The open requests a verdict by this evaluator on this comparison would answer. */
export function openRelabelRequests(db: Database.Database, evaluatorId: string, comparisonId: string): string[] {
  return (db.prepare(`SELECT o.id FROM (${OPEN_FOR}) o WHERE o.comparisonId = @comparisonId`).all({ evaluatorId, comparisonId }) as { id: string }[]).map((r) => r.id);
}

/** Within the submit transaction: the open requests this verdict answers; retracts the evaluator's earlier verdicts. */
export function answerRelabel(db: Database.Database, evaluatorId: string, evaluatorName: string, comparisonId: string): string[] {
  const requests = openRelabelRequests(db, evaluatorId, comparisonId);
  if (requests.length === 0) return [];
  const earlier = db
    .prepare(`SELECT id FROM live_judgments WHERE evaluator_id = ? AND comparison_id = ? AND repeat_of IS NULL`)
    .all(evaluatorId, comparisonId) as { id: string }[];
  const now = nowIso();
  for (const { id } of earlier) {
    db.prepare('UPDATE judgments SET retracted_at = ? WHERE id = ?').run(now, id);
    appendAudit(db, { actor: evaluatorName, action: 'retract', entity: 'judgment', entityId: id, details: { comparisonId, reason: 'relabel', requests } });
  }
  return requests;
}

export function completeRelabel(db: Database.Database, requestIds: readonly string[], judgmentId: string): void {
  const now = nowIso();
  for (const id of requestIds) db.prepare('UPDATE relabel_requests SET done_at = ?, done_judgment_id = ? WHERE id = ?').run(now, judgmentId, id);
}
