// The kept row counts of the big tables (migration 0017): read by the Data page's stats, moved by an import's copy
// in the transaction that inserts the rows (flags and deletes are kept by triggers).
import type Database from 'better-sqlite3';

export const KEPT_TABLES = ['prompts', 'responses', 'comparisons', 'flags'] as const;
export type KeptTable = (typeof KEPT_TABLES)[number];

/** Adds rows just inserted into prompts, responses or comparisons (call it in the inserting transaction). */
export function addKeptRows(db: Database.Database, table: Exclude<KeptTable, 'flags'>, rows: number): void {
  if (rows !== 0) db.prepare('UPDATE row_counts SET rows = rows + ? WHERE name = ?').run(rows, table);
}

export function keptRowCounts(db: Database.Database): Record<KeptTable, number> {
  const kept = db.prepare('SELECT name, rows FROM row_counts').all() as { name: KeptTable; rows: number }[];
  const counts = Object.fromEntries(KEPT_TABLES.map((table) => [table, 0])) as Record<KeptTable, number>;
  for (const { name, rows } of kept) counts[name] = rows;
  return counts;
}
