// The verdict journal: a small SQLite file beside the store (`<store>-verdicts`) holding verdicts acknowledged while
// another writer (an import's copy, a report, another process) held the store's write lock. Its own write lock is held
// for one tiny transaction at a time, and each commit is fsynced (WAL, synchronous=FULL) before the verdict is
// acknowledged, so an acknowledged verdict survives a crash. Entries leave the journal once the store holds them;
// writing them into the store is idempotent (by judgment id), so any thread or process may move them, and moving the
// same ones twice changes nothing.
import Database from 'better-sqlite3';
import { existsSync } from 'node:fs';
import type { AcknowledgedVerdict } from './judgment-writes';

const SCHEMA_VERSION = 1;
/** Another thread's append or removal holds the journal's lock for a millisecond or so. */
const BUSY_TIMEOUT_MS = 2_000;

export const verdictJournalPath = (storePath: string) => `${storePath}-verdicts`;

export interface VerdictJournal {
  /** Adds a verdict; returns once the commit is on disk. */
  append(verdict: AcknowledgedVerdict): void;
  /** Every verdict in the journal, oldest first. */
  entries(): AcknowledgedVerdict[];
  /** Drops verdicts the store now holds. */
  remove(ids: readonly string[]): void;
  close(): void;
}

/** Whether the store at storePath has a journal file at all (none is made until a verdict first needs one). */
export const hasVerdictJournal = (storePath: string) => existsSync(verdictJournalPath(storePath));

export function openVerdictJournal(storePath: string, nativeBinding?: string): VerdictJournal {
  const path = verdictJournalPath(storePath);
  const db = new Database(path, nativeBinding ? { nativeBinding } : {});
  try {
    db.pragma(`busy_timeout = ${BUSY_TIMEOUT_MS}`);
    db.pragma('journal_mode = WAL');
    db.pragma('synchronous = FULL');
    const version = db.pragma('user_version', { simple: true }) as number;
    if (version > SCHEMA_VERSION) throw new Error(`${path}: verdict journal version ${version} is newer than this Rung reads (${SCHEMA_VERSION})`);
    // made once, by the first opener (a write, fsynced like any other: not on every open)
    if (version < SCHEMA_VERSION) db.exec(`CREATE TABLE IF NOT EXISTS verdicts (seq INTEGER PRIMARY KEY, id TEXT NOT NULL UNIQUE, verdict TEXT NOT NULL); PRAGMA user_version = ${SCHEMA_VERSION};`);
  } catch (error) {
    db.close();
    throw error;
  }
  const insert = db.prepare('INSERT OR IGNORE INTO verdicts (id, verdict) VALUES (?, ?)');
  const remove = db.prepare('DELETE FROM verdicts WHERE id = ?');
  return {
    append: (verdict) => void insert.run(verdict.id, JSON.stringify(verdict)),
    entries: () => (db.prepare('SELECT verdict FROM verdicts ORDER BY seq').pluck().all() as string[]).map((json) => JSON.parse(json) as AcknowledgedVerdict),
    remove: (ids) => db.transaction(() => ids.forEach((id) => remove.run(id)))(),
    close: () => {
      if (db.open) db.close();
    },
  };
}
