// Excluding a judgment from training (it stays, and stays visible), within the caller's transaction: the row's mark and
// its audit entry. The Flags page's action and a relabel answer that changes the verdict both write it here.
import type Database from 'better-sqlite3';
import { appendAudit } from './audit';

export function writeExclusion(db: Database.Database, judgmentId: string, at: string, actor: string, reason: string, details: Record<string, unknown> = {}): void {
  db.prepare('UPDATE judgments SET excluded_at = ?, excluded_reason = ? WHERE id = ?').run(at, reason, judgmentId);
  appendAudit(db, { actor, action: 'exclude-from-training', entity: 'judgment', entityId: judgmentId, details: { reason, ...details } });
}
