// Acting on flags: confirm, dismiss with a reason, request a relabel (the comparison goes back to the human
// queue, optionally for one person: never an imported label source), reopen. Each change is one transaction with its audit entry (db/flags.ts);
// excluding a judgment from future training is db/judgment-writes.ts excludeJudgment.
import type Database from 'better-sqlite3';
import { RungError } from '../../api/errors';
import { requireEvaluator } from '../db/evaluators';
import { changeFlag } from '../db/flags';
import { getFlagRow } from './flag-queries';

export type FlagAction = 'confirm' | 'dismiss' | 'request-relabel' | 'reopen';

const STATUS = { confirm: 'confirmed', dismiss: 'dismissed', 'request-relabel': 'relabel_requested', reopen: 'open' } as const satisfies Record<FlagAction, string>;

export function updateFlag(
  db: Database.Database,
  request: { id: string; action: FlagAction; actor: string; reason?: string; relabelEvaluatorId?: string },
) {
  changeFlag(db, request.id, (row, now) => {
    if (request.action === 'dismiss' && !request.reason) throw new RungError('INVALID_PARAMS', 'a dismissal needs a reason');
    let relabel;
    if (request.action === 'request-relabel') {
      if (!row.comparisonId) throw new RungError('CONFLICT', 'this flag concerns no single comparison to relabel');
      const target = request.relabelEvaluatorId ? requireEvaluator(db, request.relabelEvaluatorId) : null;
      if (target && target.kind !== 'human') throw new RungError('CONFLICT', 'a relabel can only be requested from a human evaluator');
      if (target?.labelSource) throw new RungError('CONFLICT', `"${target.name}" is an imported label source, not a person: a relabel can only be requested from a person`);
      relabel = { comparisonId: row.comparisonId, evaluatorId: request.relabelEvaluatorId ?? null, requestedBy: request.actor, reason: request.reason ?? '' };
    }
    const resolved = request.action === 'reopen' ? { by: null, at: null } : { by: request.actor, at: now };
    const notes = request.reason ? (row.notes ? `${row.notes}\n${request.action}: ${request.reason}` : `${request.action}: ${request.reason}`) : row.notes;
    return {
      status: STATUS[request.action],
      notes,
      resolvedBy: resolved.by,
      resolvedAt: resolved.at,
      relabel,
      audit: {
        actor: request.actor,
        action: request.action,
        entity: 'flag',
        entityId: request.id,
        details: { from: row.status, to: STATUS[request.action], reason: request.reason ?? null, relabelEvaluatorId: request.relabelEvaluatorId ?? null },
      },
    };
  });
  return getFlagRow(db, request.id).row;
}
