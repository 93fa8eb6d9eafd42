// The flags store: checks record candidate flags by a dedupe key (re-running a check adds nothing and never
// reopens a resolved flag); counts of open flags per kind; every change goes to the audit log.
import type Database from 'better-sqlite3';
import { appendAudit } from '../db/audit';
import { newId, nowIso } from '../ids';

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
