// Stored reports (migration 0009): each report's last computed value with its time, whether something it depends on
// changed since (set by triggers), and a lease while a thread recomputes it, so two threads do not both start.
import type Database from 'better-sqlite3';

export interface StoredReport {
  value: string | null;
  computedAt: string | null;
  durationMs: number | null;
  stale: boolean;
  computingSince: string | null;
}

/** A report as stored, or null when it was never asked for. */
export function readReport(db: Database.Database, key: string): StoredReport | null {
  const row = db.prepare('SELECT value, computed_at AS computedAt, duration_ms AS durationMs, stale, computing_since AS computingSince FROM report_cache WHERE key = ?').get(key) as
    | (Omit<StoredReport, 'stale'> & { stale: number })
    | undefined;
  return row ? { ...row, stale: row.stale === 1 } : null;
}

/**
 * Takes the lease to recompute a report, now: the row is created if new and marked fresh, so a write made while the
 * computation runs marks it stale again. With `onlyIfNeeded`, only a stale or never computed report whose lease is
 * free (or older than `abandonedBefore`) is taken. Returns whether the lease was taken.
 */
export function claimReport(db: Database.Database, key: string, now: string, options: { onlyIfNeeded: boolean; abandonedBefore: string }): boolean {
  return db
    .transaction(() => {
      db.prepare('INSERT OR IGNORE INTO report_cache (key) VALUES (?)').run(key);
      const condition = options.onlyIfNeeded ? 'AND (stale = 1 OR value IS NULL) AND (computing_since IS NULL OR computing_since < ?)' : '';
      const params = options.onlyIfNeeded ? [now, key, options.abandonedBefore] : [now, key];
      return db.prepare(`UPDATE report_cache SET stale = 0, computing_since = ? WHERE key = ? ${condition}`).run(...params).changes === 1;
    })
    .immediate();
}

/** Stores a computed report as of `computedAt` (when its computation began), how long it took, and releases the lease. */
export function storeReport(db: Database.Database, key: string, value: string, computedAt: string, durationMs: number): void {
  db.prepare('UPDATE report_cache SET value = ?, computed_at = ?, duration_ms = ?, computing_since = NULL WHERE key = ?').run(value, computedAt, Math.round(durationMs), key);
}

/** A computation failed: the lease is released and the report left stale, to be tried again when next asked for. */
export function abandonReport(db: Database.Database, key: string): void {
  db.prepare('UPDATE report_cache SET stale = 1, computing_since = NULL WHERE key = ?').run(key);
}
