// Opens SQLite connections: the store's (WAL, full fsync on commit, foreign keys, migrations applied, statements kept
// compiled) and a scratch
// file's (no journal, no fsync: its content is rebuilt from the source if lost).
import Database from 'better-sqlite3';
import { migrate } from './migrate';
import { cacheStatements } from './statement-cache';

/** SQLite's page cache per connection: the default (the interactive thread's: the evaluator's hot pages), and that of
 *  a connection doing long work, which scans the store once a call while the OS's file cache serves it. */
export const PAGE_CACHE_MIB = { default: 64, longWork: 16 } as const;

/** The store's connection, migrated to the latest schema; closed again if any of that fails. */
export function openDatabase(path: string, nativeBinding?: string, busyTimeoutMs = 5000, cacheMiB: number = PAGE_CACHE_MIB.default): Database.Database {
  const db = new Database(path, nativeBinding ? { nativeBinding } : {});
  try {
    // 16 KiB pages for a new file (ignored for an existing one): rows hold long texts, and bulk imports run ~12% faster.
    db.pragma('page_size = 16384');
    db.pragma('journal_mode = WAL');
    // FULL: a commit is fsynced before it returns, so an acknowledged judgment survives a crash or power cut.
    db.pragma('synchronous = FULL');
    db.pragma('foreign_keys = ON');
    db.pragma(`busy_timeout = ${Math.max(0, Math.floor(busyTimeoutMs))}`);
    db.pragma(`cache_size = -${Math.max(1, Math.floor(cacheMiB)) * 1024}`);
    migrate(db);
    cacheStatements(db);
  } catch (error) {
    db.close();
    throw error;
  }
  return db;
}

/** A scratch file's connection (import staging): nothing journaled or fsynced, held exclusively, `schema` applied. */
export function openScratchDatabase(path: string, schema: string, nativeBinding?: string): Database.Database {
  const db = new Database(path, nativeBinding ? { nativeBinding } : {});
  db.pragma('journal_mode = OFF');
  db.pragma('synchronous = OFF');
  db.pragma('cache_size = -32768');
  db.pragma('locking_mode = EXCLUSIVE');
  db.exec(schema);
  return db;
}
