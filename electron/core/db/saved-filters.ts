// The saved_filters table (migration 0027): the record browser's filters kept by name (the filter as JSON), written,
// listed, read and deleted, each change audited; the assignments drawn from each.
import type Database from 'better-sqlite3';
import { nowIso } from '../ids';
import { appendAudit } from './audit';

export interface SavedFilterRow {
  name: string;
  /** listComparisons' filter fields, as saved. */
  filter: Record<string, unknown>;
  savedBy: string;
  savedAt: string;
}

interface Stored {
  name: string;
  filter: string;
  savedBy: string;
  savedAt: string;
}

const SELECT = 'SELECT name, filter, saved_by AS savedBy, saved_at AS savedAt FROM saved_filters';
const parsed = (row: Stored): SavedFilterRow => ({ ...row, filter: JSON.parse(row.filter) as Record<string, unknown> });

export function savedFilterRow(db: Database.Database, name: string): SavedFilterRow | null {
  const row = db.prepare(`${SELECT} WHERE name = ?`).get(name) as Stored | undefined;
  return row ? parsed(row) : null;
}

/** Every saved filter, by name. */
export function savedFilterRows(db: Database.Database): SavedFilterRow[] {
  return (db.prepare(`${SELECT} ORDER BY name`).all() as Stored[]).map(parsed);
}

/** Stores a filter under its name (replacing one of that name), audited with the old and the new filter. */
export function writeSavedFilter(db: Database.Database, name: string, filter: Record<string, unknown>, actor: string): SavedFilterRow {
  return db.transaction(() => {
    const old = savedFilterRow(db, name);
    const row: SavedFilterRow = { name, filter, savedBy: actor, savedAt: nowIso() };
    db.prepare('INSERT INTO saved_filters (name, filter, saved_by, saved_at) VALUES (?, ?, ?, ?) ON CONFLICT (name) DO UPDATE SET filter = excluded.filter, saved_by = excluded.saved_by, saved_at = excluded.saved_at').run(
      name,
      JSON.stringify(filter),
      actor,
      row.savedAt,
    );
    appendAudit(db, { actor, action: old ? 'replace' : 'save', entity: 'saved-filter', entityId: name, details: { from: old?.filter ?? null, to: filter } });
    return row;
  })();
}

/** Deletes a saved filter (audited); false when there is none of that name. */
export function deleteSavedFilter(db: Database.Database, name: string, actor: string): boolean {
  return db.transaction(() => {
    const old = savedFilterRow(db, name);
    if (!old) return false;
    db.prepare('DELETE FROM saved_filters WHERE name = ?').run(name);
    appendAudit(db, { actor, action: 'delete', entity: 'saved-filter', entityId: name, details: { filter: old.filter } });
    return true;
  })();
}

/** The names of the assignments drawn from each saved filter name, oldest first (assignments.filter_name). */
export function assignmentsByFilterName(db: Database.Database): Map<string, string[]> {
  const byName = new Map<string, string[]>();
  for (const row of db.prepare('SELECT filter_name AS filterName, name FROM assignments WHERE filter_name IS NOT NULL ORDER BY rowid').all() as { filterName: string; name: string }[]) {
    byName.set(row.filterName, [...(byName.get(row.filterName) ?? []), row.name]);
  }
  return byName;
}
