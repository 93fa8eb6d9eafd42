// Where the desktop app keeps its database and how it opens it: RUNG_DB if set, else rung.db in
// Electron's userData folder, with the better-sqlite3 binding built for Electron when one is provided.
import { join, resolve } from 'node:path';
import type { Store, StoreOptions } from '../core/store';

export type OpenStore = (path: string, options: StoreOptions) => Store;

export function desktopDbPath(userDataDir: string, env: NodeJS.ProcessEnv): string {
  return env.RUNG_DB ? resolve(env.RUNG_DB) : join(userDataDir, 'rung.db');
}

/** `npm start` sets RUNG_SQLITE_BINDING to its Electron-ABI build; a packaged app has one rebuilt in place and needs none. */
export function openDesktopStore(openStore: OpenStore, dbPath: string, env: NodeJS.ProcessEnv): Store {
  return openStore(dbPath, { nativeBinding: env.RUNG_SQLITE_BINDING || undefined });
}
