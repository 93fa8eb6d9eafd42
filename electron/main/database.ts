// Where the desktop app keeps its database and how it opens it: RUNG_DB if set, else rung.db in
// Electron's userData folder, with the better-sqlite3 binding built for Electron when one is provided.
import { join, resolve } from 'node:path';
import type { ApiResult } from '../api';
import type { Transport } from '../api/caller';
import type { PushEvent } from '../api/events';

/** The domain as the shell sees it: contract calls in, results out; its database lives on worker threads. */
export interface Domain {
  call(method: string, params: unknown, transport: Transport): Promise<ApiResult<unknown>>;
  /** Hears what the page is pushed (imports' progress, training jobs); returns the unsubscribe. */
  onEvent(listener: (event: PushEvent) => void): () => void;
  close(): Promise<void>;
}

export interface OpenDomainOptions {
  nativeBinding: string | undefined;
  version: string;
}

export type OpenDomain = (path: string, options: OpenDomainOptions) => Promise<Domain>;

export function desktopDbPath(userDataDir: string, env: NodeJS.ProcessEnv): string {
  return env.RUNG_DB ? resolve(env.RUNG_DB) : join(userDataDir, 'rung.db');
}

/**
 * `npm start` sets RUNG_SQLITE_BINDING to its Electron-ABI build. A packaged app has one rebuilt in place and ignores
 * the variable: native code named by the environment is the injection the NODE_OPTIONS fuse exists to stop.
 */
export function openDesktopDomain(openDomain: OpenDomain, dbPath: string, env: NodeJS.ProcessEnv, version: string, packaged: boolean): Promise<Domain> {
  return openDomain(dbPath, { nativeBinding: packaged ? undefined : env.RUNG_SQLITE_BINDING || undefined, version });
}
