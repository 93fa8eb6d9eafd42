// Acting on flags: confirm, dismiss with a reason, request a relabel (the comparison goes back to the human
// queue, optionally for one evaluator), reopen; and excluding a judgment from future training. Each change
// is one transaction with its audit entry.
import type Database from 'better-sqlite3';
import { RungError } from '../../api/errors';
import { appendAudit } from '../db/audit';
import { newId, nowIso } from '../ids';
import { getFlagRow } from './flag-queries';

export type FlagAction = 'confirm' | 'dismiss' | 'request-relabel' | 'reopen';

const STATUS: Record<FlagAction, string> = { confirm: 'confirmed', dismiss: 'dismissed', 'request-relabel': 'relabel_requested', reopen: 'open' };

export function updateFlag(
  db: Database.Database,
  request: { id: string; action: FlagAction; actor: string; reason?: string; relabelEvaluatorId?: string },
) {
  db.transaction(() => {
    const { row } = getFlagRow(db, request.id);
    const now = nowIso();
    if (request.action === 'dismiss' && !request.reason) throw new RungError('INVALID_PARAMS', 'a dismissal needs a reason');
    if (request.action === 'request-relabel') {
      if (!row.comparisonId) throw new RungError('CONFLICT', 'this flag concerns no single comparison to relabel');
      if (request.relabelEvaluatorId) {
        const evaluator = db.prepare('SELECT kind FROM evaluators WHERE id = ?').get(request.relabelEvaluatorId) as { kind: string } | undefined;
        if (!evaluator) throw new RungError('NOT_FOUND', `no evaluator with id ${request.relabelEvaluatorId}`);
        if (evaluator.kind !== 'human') throw new RungError('CONFLICT', 'a relabel can only be requested from a human evaluator');
      }
      db.prepare(
        `INSERT INTO relabel_requests (id, comparison_id, evaluator_id, flag_id, requested_by, reason, created_at) VALUES (?, ?, ?, ?, ?, ?, ?)`,
      ).run(newId(), row.comparisonId, request.relabelEvaluatorId ?? null, request.id, request.actor, request.reason ?? '', now);
    }
    const resolved = request.action === 'reopen' ? { by: null, at: null } : { by: request.actor, at: now };
    const notes = request.reason ? (row.notes ? `${row.notes}\n${request.action}: ${request.reason}` : `${request.action}: ${request.reason}`) : row.notes;
    db.prepare('UPDATE flags SET status = ?, notes = ?, resolved_by = ?, resolved_at = ?, updated_at = ? WHERE id = ?').run(
      STATUS[request.action],
      notes,
      resolved.by,
      resolved.at,
      now,
      request.id,
    );
    appendAudit(db, {
      actor: request.actor,
      action: request.action,
      entity: 'flag',
      entityId: request.id,
      details: { from: row.status, to: STATUS[request.action], reason: request.reason ?? null, relabelEvaluatorId: request.relabelEvaluatorId ?? null },
    });
  }).immediate();
  return getFlagRow(db, request.id).row;
}

/** Marks a judgment as excluded from future training (it stays, and stays visible). */
export function excludeJudgment(db: Database.Database, judgmentId: string, actor: string, reason: string) {
  const excludedAt = nowIso();
  db.transaction(() => {
    const judgment = db.prepare('SELECT excluded_at AS excludedAt FROM judgments WHERE id = ?').get(judgmentId) as { excludedAt: string | null } | undefined;
    if (!judgment) throw new RungError('NOT_FOUND', `no judgment with id ${judgmentId}`);
    if (judgment.excludedAt) throw new RungError('CONFLICT', `judgment ${judgmentId} is already excluded from training`);
    db.prepare('UPDATE judgments SET excluded_at = ?, excluded_reason = ? WHERE id = ?').run(excludedAt, reason, judgmentId);
    appendAudit(db, { actor, action: 'exclude-from-training', entity: 'judgment', entityId: judgmentId, details: { reason } });
  }).immediate();
  return { judgmentId, excludedAt };
}
