// Test helper: simulated workstations, each its own temp database with the service on it, called through dispatch as
// the transports call it; snapshots of a database's content for "nothing was written" and "same database" checks.
import type Database from 'better-sqlite3';
import { rmSync } from 'node:fs';
import { join } from 'node:path';
import { dispatch, type Transport } from '../../electron/api';
import type { ApiResult } from '../../electron/api/errors';
import { createHandlers } from '../../electron/core/service';
import { openStore } from '../../electron/core/store';
import { tempDir, tempStore, type TempStore } from './store';
import { sentUpload } from './uploads';

export interface Workstation {
  t: TempStore;
  db: Database.Database;
  call(method: string, params?: unknown): Promise<ApiResult<any>>;
  value<T = any>(method: string, params?: unknown): Promise<T>;
  close(): void;
}

export function workstation(transport: Transport = 'ipc'): Workstation {
  return serve(tempStore(), transport);
}

/** A workstation on a copy of another's database as it is now (VACUUM INTO): a second lead, or a machine set up from a copy. */
export function copyOf(w: Workstation, transport: Transport = 'ipc'): Workstation {
  const dir = tempDir('rung-copy-');
  const path = join(dir, 'rung.db');
  w.db.exec(`VACUUM INTO '${path}'`);
  const store = openStore(path);
  return serve({ store, dir, file: () => '', cleanup: () => (store.close(), rmSync(dir, { recursive: true, force: true })) }, transport);
}

function serve(t: TempStore, transport: Transport): Workstation {
  const handlers = createHandlers(t.store, { mode: 'browser', version: 'test' });
  const call = (method: string, params: unknown = {}) => dispatch(handlers, method, params, () => undefined, { transport });
  return {
    t,
    db: t.store.db,
    call,
    async value<T = any>(method: string, params: unknown = {}): Promise<T> {
      const result = await call(method, params);
      if (!result.ok) throw new Error(`${method} failed: ${result.error.code} ${result.error.message}`);
      return result.value as T;
    },
    close: () => t.cleanup(),
  };
}

/** A bundle (its bytes, or their base64 as an export returns them) as an upload source, used up by the call that takes it. */
export const bundleUpload = (bytes: Buffer | string, fileName = 'b.rungbundle') => sentUpload(Buffer.isBuffer(bytes) ? bytes : Buffer.from(bytes, 'base64'), fileName);

/** Every row of every table (audit log aside when `withAudit` is false), in a stable order: equal snapshots, equal content. */
export function snapshot(db: Database.Database, options: { withAudit?: boolean; skip?: string[] } = {}): Record<string, unknown[]> {
  const tables = (db.prepare(`SELECT name FROM sqlite_master WHERE type = 'table' AND name NOT LIKE 'sqlite_%' ORDER BY name`).pluck().all() as string[]).filter(
    (t) => (options.withAudit !== false || t !== 'audit_log') && !options.skip?.includes(t),
  );
  return Object.fromEntries(tables.map((t) => [t, db.prepare(`SELECT * FROM "${t}" ORDER BY 1, 2`).all()]));
}
