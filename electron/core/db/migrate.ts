// Applies pending migrations in order, each in its own transaction, tracked by PRAGMA user_version.
// Refuses a database written by a newer Rung rather than guessing at its schema.
import type Database from 'better-sqlite3';
import { RungError } from '../../api/errors';
import { migrations, type Migration } from './migrations';

export const schemaVersion = (db: Database.Database): number => db.pragma('user_version', { simple: true }) as number;

/** The newest schema version of the list (versions increase; a branch may hold a later number before the ones between are merged). */
export const latestVersion = (list: readonly Migration[] = migrations): number => list[list.length - 1]?.version ?? 0;

export function migrate(db: Database.Database, upTo: number = latestVersion(), list: readonly Migration[] = migrations): void {
  const current = schemaVersion(db);
  if (current > latestVersion(list)) {
    throw new RungError(
      'CONFLICT',
      `${db.name}: database schema version ${current} is newer than this Rung supports (${latestVersion(list)}); update Rung`,
    );
  }
  for (const migration of list) {
    if (migration.version <= current || migration.version > upTo) continue;
    db.transaction(() => {
      db.exec(migration.sql);
      db.pragma(`user_version = ${migration.version}`);
    })();
  }
}
