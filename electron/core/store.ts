// Opens the Rung SQLite store (db/connection.ts: WAL, full fsync on commit, foreign keys, migrations applied).
// Everything in core receives a Store; connections are opened only in core/db.
import type Database from 'better-sqlite3';
import { mkdirSync } from 'node:fs';
import { dirname } from 'node:path';
import { openDatabase, PAGE_CACHE_MIB } from './db/connection';
import { sweepStaleStagingDirs } from './db/staging-dirs';

export interface StoreOptions {
  /** Path of a better_sqlite3.node built for the current runtime's ABI (the desktop app passes Electron's). */
  nativeBinding?: string;
  /** How long one statement waits for another writer before SQLITE_BUSY (default 5 s). */
  busyTimeoutMs?: number;
  /** The most memory SQLite's page cache of this connection holds (default PAGE_CACHE_MIB.default). */
  cacheMiB?: number;
}

export { PAGE_CACHE_MIB };

export interface Store {
  readonly db: Database.Database;
  readonly path: string;
  /** The better-sqlite3 binding in use, for other connections this process opens (import staging). */
  readonly nativeBinding: string | undefined;
  close(): void;
}

export function openStore(path: string, options: StoreOptions = {}): Store {
  sweepStaleStagingDirs(); // staging copies of imports killed earlier (their process is gone)
  if (path !== ':memory:') mkdirSync(dirname(path), { recursive: true });
  const db = openDatabase(path, options.nativeBinding, options.busyTimeoutMs, options.cacheMiB);
  return {
    db,
    path,
    nativeBinding: options.nativeBinding,
    close: () => {
      if (db.open) db.close();
    },
  };
}
