// Appends to the audit log (the table refuses updates and deletes). Call inside the change's own transaction.
import type Database from 'better-sqlite3';
import { nowIso } from '../ids';

export interface AuditEntry {
  actor: string;
  action: string;
  entity: string;
  entityId: string | null;
  details?: Record<string, unknown>;
}

export function appendAudit(db: Database.Database, entry: AuditEntry): void {
  db.prepare('INSERT INTO audit_log (at, actor, action, entity, entity_id, details) VALUES (?, ?, ?, ?, ?, ?)').run(
    nowIso(),
    entry.actor,
    entry.action,
    entry.entity,
    entry.entityId,
    JSON.stringify(entry.details ?? {}),
  );
}
