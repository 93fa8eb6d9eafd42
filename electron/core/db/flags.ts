// The flags store: checks record candidate flags by a dedupe key (re-running a check adds nothing and never
// reopens a resolved flag); counts of open flags per kind; a flag's status changes; every change goes to the audit log.
import type Database from 'better-sqlite3';
import { RungError } from '../../api/errors';
import { newId, nowIso } from '../ids';
import { appendAudit, type AuditEntry } from './audit';
import { rawFlag, type RawFlag } from './flag-queries';

export interface FlagCandidate {
  kind: string;
  /** One flag per subject and kind: e.g. `evaluator-disagreement:<comparison id>`. */
  dedupeKey: string;
  severity: number;
  comparisonId: string | null;
  /** The evaluators and models the flag concerns, for filtering. */
  evaluatorIds: string[];
  modelIds: string[];
  evidence: Record<string, unknown>;
}

export function recordFlags(db: Database.Database, candidates: readonly FlagCandidate[], actor: string): { added: number; existing: number } {
  const insert = db.prepare(
    `INSERT OR IGNORE INTO flags (id, kind, dedupe_key, severity, comparison_id, evidence, evaluator_ids, model_ids, status, notes, created_at)
     VALUES (?, ?, ?, ?, ?, ?, ?, ?, 'open', '', ?)`,
  );
  let added = 0;
  db.transaction(() => {
    const now = nowIso();
    for (const c of candidates) {
      const id = newId();
      const severity = Math.min(1, Math.max(0, c.severity));
      const inserted = insert.run(id, c.kind, c.dedupeKey, severity, c.comparisonId, JSON.stringify(c.evidence), JSON.stringify([...new Set(c.evaluatorIds)]), JSON.stringify([...new Set(c.modelIds)]), now);
      if (inserted.changes === 1) {
        added++;
        appendAudit(db, { actor, action: 'flag', entity: 'flag', entityId: id, details: { kind: c.kind, dedupeKey: c.dedupeKey } });
      }
    }
  }).immediate();
  return { added, existing: candidates.length - added };
}

export function openFlagsByKind(db: Database.Database): Record<string, number> {
  const rows = db.prepare(`SELECT kind, count(*) AS n FROM flags WHERE status = 'open' GROUP BY kind ORDER BY kind`).all() as { kind: string; n: number }[];
  return Object.fromEntries(rows.map((r) => [r.kind, r.n]));
}

/** The kind of every flag on these comparisons, whatever its status (a comparison may have several). */
export function flagKindsOfComparisons(db: Database.Database, comparisonIds: readonly string[]): { comparisonId: string; kind: string }[] {
  return db
    .prepare(`SELECT comparison_id AS comparisonId, kind FROM flags WHERE comparison_id IN (SELECT value FROM json_each(?)) ORDER BY kind`)
    .all(JSON.stringify(comparisonIds)) as { comparisonId: string; kind: string }[];
}

/** A change of a flag's status (and notes), with the relabel request it makes, if any, and its audit entry. */
export interface FlagChange {
  status: RawFlag['status'];
  notes: string;
  resolvedBy: string | null;
  resolvedAt: string | null;
  relabel?: { comparisonId: string; evaluatorId: string | null; requestedBy: string; reason: string };
  audit: AuditEntry;
}

/**
 * Changes a flag in one transaction: `decide` sees the flag as stored and the time of the change (it may refuse by
 * throwing). NOT_FOUND for an unknown flag.
 */
export function changeFlag(db: Database.Database, flagId: string, decide: (flag: RawFlag, now: string) => FlagChange): void {
  db.transaction(() => {
    const flag = rawFlag(db, flagId);
    if (!flag) throw new RungError('NOT_FOUND', `no flag with id ${flagId}`);
    const now = nowIso();
    const change = decide(flag, now);
    if (change.relabel) {
      const r = change.relabel;
      db.prepare(
        `INSERT INTO relabel_requests (id, comparison_id, evaluator_id, flag_id, requested_by, reason, created_at) VALUES (?, ?, ?, ?, ?, ?, ?)`,
      ).run(newId(), r.comparisonId, r.evaluatorId, flagId, r.requestedBy, r.reason, now);
    }
    db.prepare('UPDATE flags SET status = ?, notes = ?, resolved_by = ?, resolved_at = ?, updated_at = ? WHERE id = ?').run(
      change.status,
      change.notes,
      change.resolvedBy,
      change.resolvedAt,
      now,
      flagId,
    );
    appendAudit(db, change.audit);
  }).immediate();
}

/**
 * Settles flags that asked for relabels, after an answer was stored, undone or merged from a bundle: by the flag's
 * latest request, 'relabelled' by whoever answered it (when), else 'relabel_requested' by whoever made it. It reads the
 * requests alone, so bundles merged in any order agree; a flag confirmed, dismissed or reopened since is left as it is.
 */
export function settleRelabelFlags(db: Database.Database, flagIds: readonly string[], now: string): void {
  for (const flagId of new Set(flagIds)) {
    const flag = db.prepare('SELECT status, resolved_by AS resolvedBy, resolved_at AS resolvedAt FROM flags WHERE id = ?').get(flagId) as
      | { status: string; resolvedBy: string | null; resolvedAt: string | null }
      | undefined;
    if (!flag || (flag.status !== 'relabel_requested' && flag.status !== 'relabelled')) continue;
    const latest = db
      .prepare(
        `SELECT r.requested_by AS requestedBy, r.created_at AS createdAt, r.done_at AS doneAt, r.done_judgment_id AS answer, e.name AS answeredBy
         FROM relabel_requests r LEFT JOIN judgments j ON j.id = r.done_judgment_id LEFT JOIN evaluators e ON e.id = j.evaluator_id
         WHERE r.flag_id = ? ORDER BY r.created_at DESC, r.id DESC LIMIT 1`,
      )
      .get(flagId) as { requestedBy: string; createdAt: string; doneAt: string | null; answer: string | null; answeredBy: string | null } | undefined;
    if (!latest) continue;
    const next =
      latest.answer !== null && latest.answeredBy !== null && latest.doneAt !== null
        ? { status: 'relabelled', by: latest.answeredBy, at: latest.doneAt }
        : { status: 'relabel_requested', by: latest.requestedBy, at: latest.createdAt };
    if (next.status === flag.status && next.by === flag.resolvedBy && next.at === flag.resolvedAt) continue;
    db.prepare('UPDATE flags SET status = ?, resolved_by = ?, resolved_at = ?, updated_at = ? WHERE id = ?').run(next.status, next.by, next.at, now, flagId);
    appendAudit(db, {
      actor: next.by,
      action: next.status === 'relabelled' ? 'relabelled' : 'relabel-reopened',
      entity: 'flag',
      entityId: flagId,
      details: { from: flag.status, to: next.status, answer: latest.answer },
    });
  }
}
