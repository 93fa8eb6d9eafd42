// App-wide settings in the settings table (JSON values), with defaults for keys never set.
import type Database from 'better-sqlite3';
import { nowIso } from '../ids';
import { appendAudit } from './audit';

export interface Settings {
  /** Share of judged comparisons shown again later with sides swapped (0 turns position checks off). */
  positionCheckShare: number;
  /** Share of assisted-layer comparisons shown without assistance, as control trials (0..1). */
  controlShare: number;
}

export const defaultSettings: Settings = { positionCheckShare: 0.05, controlShare: 0.1 };

export function getSettings(db: Database.Database): Settings {
  const rows = db.prepare('SELECT key, value FROM settings').all() as { key: string; value: string }[];
  const settings: Settings = { ...defaultSettings };
  for (const row of rows) {
    if (row.key in settings) (settings as unknown as Record<string, unknown>)[row.key] = JSON.parse(row.value);
  }
  return settings;
}

export function updateSettings(db: Database.Database, changes: Partial<Settings>, actor = 'user'): Settings {
  db.transaction(() => {
    const upsert = db.prepare(
      'INSERT INTO settings (key, value, updated_at) VALUES (?, ?, ?) ON CONFLICT(key) DO UPDATE SET value = excluded.value, updated_at = excluded.updated_at',
    );
    for (const [key, value] of Object.entries(changes)) {
      if (value === undefined || !(key in defaultSettings)) continue;
      upsert.run(key, JSON.stringify(value), nowIso());
    }
    appendAudit(db, { actor, action: 'update', entity: 'settings', entityId: null, details: changes });
  }).immediate();
  return getSettings(db);
}
