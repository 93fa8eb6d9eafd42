// Writes that meet another writer wait without blocking the thread: a call that fails with SQLITE_BUSY is retried
// after a short pause (the thread keeps answering other calls meanwhile) until a deadline, then fails with BUSY. While
// it waits it asks a long chunked writer (an import's copy) for a turn (db/waiting-writers.ts). Every contract call
// is wrapped in it (host/handler-busy-retry.ts), and so is a trained model's save.
import type Database from 'better-sqlite3';
import { RungError } from '../../api/errors';
import { announceWaitingWriter } from './waiting-writers';

const FIRST_PAUSE_MS = 2;
/** Short, so a turn given between a long writer's transactions is taken promptly. */
const LONGEST_PAUSE_MS = 5;

/** better-sqlite3 raises SqliteError with SQLite's extended code: SQLITE_BUSY, SQLITE_BUSY_SNAPSHOT, SQLITE_LOCKED... */
export function isBusy(error: unknown): boolean {
  const code = (error as { code?: unknown } | null)?.code;
  return typeof code === 'string' && (code.startsWith('SQLITE_BUSY') || code.startsWith('SQLITE_LOCKED'));
}

/** Runs one write transaction that fails at once with SQLITE_BUSY, instead of after the connection's busy timeout
 *  (a retry after a pause off the thread, or another route, is the caller's). */
export function withoutBusyWait<T>(db: Database.Database, write: () => T): T {
  const timeout = db.pragma('busy_timeout', { simple: true }) as number;
  db.pragma('busy_timeout = 0');
  try {
    return write();
  } finally {
    db.pragma(`busy_timeout = ${timeout}`);
  }
}

const pause = (ms: number) => new Promise<void>((resolve) => setTimeout(resolve, ms));

/**
 * Runs work, and again after a growing pause each time it fails because the database (at dbPath) is busy, until
 * deadlineMs have passed. Safe only for work that is one transaction (or idempotent): a busy failure rolled it back whole.
 * The BUSY error ends with `outcome`: what the caller's state is then.
 */
export async function retryWhileBusy<T>(what: string, work: () => T | Promise<T>, deadlineMs: number, dbPath: string, outcome = 'nothing was changed, try again'): Promise<T> {
  const started = Date.now();
  let withdraw: (() => void) | undefined;
  try {
    for (let wait = FIRST_PAUSE_MS; ; wait = Math.min(LONGEST_PAUSE_MS, wait * 2)) {
      try {
        return await work();
      } catch (error) {
        if (!isBusy(error)) throw error;
        if (Date.now() - started + wait > deadlineMs) {
          throw new RungError(
            'BUSY',
            `${what}: the database stayed busy for ${(deadlineMs / 1000).toFixed(deadlineMs < 10_000 ? 1 : 0)} s (another connection or process was writing to it, e.g. an import or a training job); ${outcome}`,
          );
        }
        withdraw ??= announceWaitingWriter(dbPath);
        await pause(wait);
      }
    }
  } finally {
    withdraw?.();
  }
}
