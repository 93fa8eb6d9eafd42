// Relabel requests (from the flags explorer): a comparison goes back to the front of the human queue — for one
// evaluator or for anyone — with who asked and why. The answer is stored beside that evaluator's earlier verdict, which
// stays (the request keeps both); an answer that is a verdict excludes the earlier one from training in its favour
// (audited, naming the requests; a kept choice so counts once, not twice), and the request's flag becomes 'relabelled' (db/flags.ts). Undoing the answer undoes all of that.
import type Database from 'better-sqlite3';
import { appendAudit } from './audit';
import { writeExclusion } from './exclusion';
import { settleRelabelFlags } from './flags';

/** Who asked for a relabel and why: shown to the evaluator above the comparison. */
export interface RelabelNote {
  requestedBy: string;
  reason: string;
}

/**
 * SQL: judgment `j` is an earlier verdict that a relabel answer stands in for (kept beside it by an answered request).
 * The checks and a bundle's conflict test read the answer instead (it used to be retracted); training reads exclusions.
 */
export const replacedByRelabel = (j: string): string => `EXISTS (SELECT 1 FROM relabel_requests rr WHERE rr.original_judgment_id = ${j}.id)`;

/** Open requests this evaluator should answer: addressed to them or to anyone, not answered by them since. */
const OPEN_FOR = `
  SELECT r.id, r.comparison_id AS comparisonId, r.requested_by AS requestedBy, r.reason, r.created_at AS createdAt FROM relabel_requests r
  WHERE r.done_at IS NULL AND (r.evaluator_id IS NULL OR r.evaluator_id = @evaluatorId)
    AND NOT EXISTS (SELECT 1 FROM live_judgments j WHERE j.comparison_id = r.comparison_id AND j.evaluator_id = @evaluatorId
                    AND j.created_at >= r.created_at)`;

/** The comparisons with requests open for this evaluator, oldest request first, each with that request's note. */
export function openRelabelComparisons(db: Database.Database, evaluatorId: string, filterSql: string, filter: object): { comparisonId: string; note: RelabelNote }[] {
  // SQLite takes the bare columns of an aggregate query with one min() from the row that holds the minimum.
  const rows = db
    .prepare(
      `SELECT o.comparisonId, o.requestedBy, o.reason, min(o.createdAt) AS first FROM (${OPEN_FOR}) o JOIN comparisons c ON c.id = o.comparisonId
       WHERE ${filterSql} GROUP BY o.comparisonId ORDER BY first, o.comparisonId`,
    )
    .all({ evaluatorId, ...filter }) as { comparisonId: string; requestedBy: string; reason: string }[];
  return rows.map((r) => ({ comparisonId: r.comparisonId, note: { requestedBy: r.requestedBy, reason: r.reason } }));
}

/** The open requests a verdict by this evaluator on this comparison would answer. */
export function openRelabelRequests(db: Database.Database, evaluatorId: string, comparisonId: string): string[] {
  return (db.prepare(`SELECT o.id FROM (${OPEN_FOR}) o WHERE o.comparisonId = @comparisonId`).all({ evaluatorId, comparisonId }) as { id: string }[]).map((r) => r.id);
}

/** A verdict answering relabel requests, as writeVerdict stored it. */
export interface RelabelAnswer {
  id: string;
  comparisonId: string;
  evaluatorId: string;
  evaluatorName: string;
  choice: string;
  at: string;
}

/** The exclusion reason an answer gives the earlier verdict it stands in for: it names the requests; undo finds it by it. */
const exclusionReason = (requestIds: readonly string[], original: string, answer: string): string =>
  `relabelled: ${original === answer ? `kept ${original}` : `${original} → ${answer}`} (relabel request ${[...requestIds].sort().join(', ')})`;

/**
 * Within the submit transaction, after the answer is written: completes the requests it answers (openRelabelRequests,
 * read before it was written) and keeps the evaluator's latest earlier verdict with them; when the answer is a verdict
 * (not a skip), that one is excluded from training — the answer counts once in its place, whether it kept or changed
 * the earlier choice. The requests' flags settle (db/flags.ts).
 */
export function answerRelabel(db: Database.Database, requestIds: readonly string[], answer: RelabelAnswer): void {
  if (requestIds.length === 0) return;
  const original = db
    .prepare(
      `SELECT id, choice, excluded_at AS excludedAt FROM live_judgments WHERE evaluator_id = ? AND comparison_id = ? AND repeat_of IS NULL
         AND choice IN ('A', 'B', 'tie') AND id <> ? ORDER BY seq DESC LIMIT 1`,
    )
    .get(answer.evaluatorId, answer.comparisonId, answer.id) as { id: string; choice: string; excludedAt: string | null } | undefined;
  const done = db.prepare('UPDATE relabel_requests SET done_at = ?, done_judgment_id = ?, original_judgment_id = ? WHERE id = ?');
  for (const id of requestIds) done.run(answer.at, answer.id, original?.id ?? null, id);
  if (original && original.excludedAt === null && answer.choice !== 'skip') {
    const reason = exclusionReason(requestIds, original.choice, answer.choice);
    writeExclusion(db, original.id, answer.at, answer.evaluatorName, reason, { relabelRequests: [...requestIds].sort(), answer: answer.id });
  }
  settleRelabelFlags(db, flagsOf(db, requestIds), answer.at);
}

const flagsOf = (db: Database.Database, requestIds: readonly string[]): string[] =>
  db.prepare('SELECT DISTINCT flag_id FROM relabel_requests WHERE id IN (SELECT value FROM json_each(?)) AND flag_id IS NOT NULL').pluck().all(JSON.stringify(requestIds)) as string[];

/**
 * Within undo's transaction, for the verdict just retracted: when it answered relabel requests, they are open again,
 * the earlier verdict it excluded is included again (audited) and their flags settle. The note of the first of them
 * (the comparison goes back to the queue as a relabel), or null when it answered none.
 */
export function reopenRelabel(db: Database.Database, answer: Pick<RelabelAnswer, 'id' | 'choice' | 'evaluatorName' | 'at'>): RelabelNote | null {
  const requests = db
    .prepare('SELECT id, original_judgment_id AS originalId, requested_by AS requestedBy, reason FROM relabel_requests WHERE done_judgment_id = ? ORDER BY created_at, id')
    .all(answer.id) as { id: string; originalId: string | null; requestedBy: string; reason: string }[];
  if (requests.length === 0) return null;
  const requestIds = requests.map((r) => r.id);
  const flags = flagsOf(db, requestIds);
  db.prepare('UPDATE relabel_requests SET done_at = NULL, done_judgment_id = NULL, original_judgment_id = NULL WHERE done_judgment_id = ?').run(answer.id);
  const original = requests[0].originalId;
  const originalChoice = original && (db.prepare('SELECT choice FROM judgments WHERE id = ?').pluck().get(original) as string);
  if (original && originalChoice) {
    const included = db
      .prepare('UPDATE judgments SET excluded_at = NULL, excluded_reason = NULL WHERE id = ? AND excluded_reason = ?')
      .run(original, exclusionReason(requestIds, originalChoice, answer.choice)).changes;
    if (included === 1) {
      appendAudit(db, {
        actor: answer.evaluatorName,
        action: 'include-in-training',
        entity: 'judgment',
        entityId: original,
        details: { reason: 'the relabel answer that excluded it was undone', answer: answer.id, relabelRequests: [...requestIds].sort() },
      });
    }
  }
  settleRelabelFlags(db, flags, answer.at);
  return { requestedBy: requests[0].requestedBy, reason: requests[0].reason };
}
