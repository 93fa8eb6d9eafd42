// The kept row counts of the big tables (migration 0017): read by the Data page's stats, moved by an import's copy
// in the transaction that inserts the rows (flags and deletes are kept by triggers).
import type Database from 'better-sqlite3';

export type KeptTable = 'prompts' | 'responses' | 'comparisons' | 'flags';

/** Adds rows just inserted into prompts, responses or comparisons (call it in the inserting transaction). */
export function addKeptRows(db: Database.Database, table: Exclude<KeptTable, 'flags'>, rows: number): void {
  if (rows !== 0) db.prepare('UPDATE row_counts SET rows = rows + ? WHERE name = ?').run(rows, table);
}

/** The four kept counts (migration 0017 made a row for each). */
export function keptRowCounts(db: Database.Database): Record<KeptTable, number> {
  const kept = db.prepare('SELECT name, rows FROM row_counts').all() as { name: KeptTable; rows: number }[];
  return Object.fromEntries(kept.map(({ name, rows }) => [name, rows])) as Record<KeptTable, number>;
}
