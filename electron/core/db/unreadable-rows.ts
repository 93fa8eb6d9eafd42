// Stored rows a read cannot use (JSON that does not parse, or that no longer has its expected shape): the read skips
// them and names each once in the log, so one bad row never breaks a page. Migration 0010 repairs the known kind.
import type Database from 'better-sqlite3';

/** Rows already named in this process's log (bounded: past it, rows are still skipped but no longer named). */
const reported = new Set<string>();
const MAX_REPORTED = 10_000;

/** Names a skipped row in the log once: `rung: <table> <id>: <column> <problem>; <what the read did>`. */
export function reportUnreadable(table: string, id: string, column: string, problem: string, skipped: string): void {
  const key = `${table}\u0000${id}\u0000${column}\u0000${skipped}`;
  if (reported.has(key) || reported.size >= MAX_REPORTED) return;
  reported.add(key);
  console.warn(`rung: ${table} ${id}: ${column} ${problem}; ${skipped}`);
}

/** A stored JSON column's value, or null (reported) when it does not parse or `valid` refuses it. */
export function readStoredJson<T>(
  text: string,
  where: { table: string; id: string; column: string; skipped: string },
  valid: (value: unknown) => value is T,
): T | null {
  let value: unknown;
  try {
    value = JSON.parse(text);
  } catch {
    reportUnreadable(where.table, where.id, where.column, 'is not readable JSON', where.skipped);
    return null;
  }
  if (!valid(value)) {
    reportUnreadable(where.table, where.id, where.column, 'does not have the shape it should', where.skipped);
    return null;
  }
  return value;
}

/** SQL: the comparison's metadata where SQLite can read it as JSON, else NULL (no json_* call then fails on it). */
export const READABLE_METADATA_SQL = 'CASE WHEN json_valid(c.metadata) THEN c.metadata END';

/** Names in the log the comparisons (rowid in (from, through]) whose metadata SQLite cannot read, as skipped by `skipped`. */
export function reportUnreadableMetadata(db: Database.Database, from: number, through: number, skipped: string): void {
  const ids = db
    .prepare('SELECT id FROM comparisons WHERE rowid > ? AND rowid <= ? AND metadata IS NOT NULL AND NOT json_valid(metadata) LIMIT 100')
    .pluck()
    .all(from, through) as string[];
  for (const id of ids) reportUnreadable('comparison', id, 'metadata', 'is not readable JSON (malformed, or nested over 1,000 levels)', skipped);
}
