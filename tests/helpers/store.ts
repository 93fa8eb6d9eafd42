// Test helpers: a fresh store in its own temp folder per test, and the shared real-data folder.
import { existsSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { afterEach, beforeEach } from 'vitest';
import { openStore, type Store } from '../../electron/core/store';
import { sentUpload } from './uploads';

export interface TempStore {
  store: Store;
  dir: string;
  /** Writes a file in the temp folder and returns its path. */
  file(name: string, content: string | Buffer): string;
  cleanup(): void;
}

export function tempDir(prefix = 'rung-test-'): string {
  return mkdtempSync(join(tmpdir(), prefix));
}

export function tempStore(): TempStore {
  const dir = tempDir();
  const store = openStore(join(dir, 'rung.db'));
  return {
    store,
    dir,
    file(name, content) {
      const path = join(dir, name);
      writeFileSync(path, content);
      return path;
    },
    cleanup() {
      store.close();
      rmSync(dir, { recursive: true, force: true });
    },
  };
}

/** ../shared/data (or $RUNG_SHARED_DATA); null when absent, so tests can skip with a message. */
export function sharedDataDir(): string | null {
  const dir = process.env.RUNG_SHARED_DATA ?? resolve(__dirname, '..', '..', '..', 'shared', 'data');
  return existsSync(dir) ? dir : null;
}

export const jsonl = (rows: unknown[]): string => rows.map((r) => JSON.stringify(r)).join('\n') + '\n';

/** importDataset's `source` for rows sent as an uploaded JSONL file (used up by the call that takes it). */
export const uploadSource = (fileName: string, rows: unknown[]) => sentUpload(jsonl(rows), fileName);

/** Before each test of the calling file, a fresh temp folder and the path of a database in it (`rung.db`, not yet
 *  made), handed to `use`; the folder is removed after each test. */
export function tempDbEach(use: (dir: string, db: string) => void): void {
  let dir = '';
  beforeEach(() => {
    dir = tempDir();
    use(dir, join(dir, 'rung.db'));
  });
  afterEach(() => rmSync(dir, { recursive: true, force: true }));
}
