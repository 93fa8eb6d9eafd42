// Turns at the write lock between a long chunked writer (an import's copy) and short writers that met it (a verdict):
// SQLite's write lock has no queue, and a writer that commits and begins again at once keeps it for as long as it
// writes. A short writer that met SQLITE_BUSY leaves a small marker file beside the database while it retries; the long
// writer looks for markers between its transactions and, while one is there, lets the short writer go first. Files
// rather than memory, so a CLI import beside a running app gives way to the app's evaluators too.
import { readdirSync, rmSync, statSync, writeFileSync } from 'node:fs';
import { basename, dirname, join } from 'node:path';
import { threadId } from 'node:worker_threads';

/** A marker older than this belongs to a writer that died while waiting (every wait ends well before it). */
const STALE_MS = 120_000;
/** The longest a long writer stands aside for one round of waiting writers. */
const LONGEST_STAND_ASIDE_MS = 2_000;
const LOOK_AGAIN_MS = 2;

let markers = 0;
const markerPrefix = (dbPath: string) => `${basename(dbPath)}-wants-write-`;
const inMemory = (dbPath: string) => dbPath === ':memory:' || dbPath === '';

/** This thread's markers (`{pid}-{threadId}-`), after the database's prefix. */
const ownMarker = () => `${process.pid}-${threadId}-`;

/** Says that a writer is waiting for the write lock of the database at dbPath; the returned function withdraws it. */
export function announceWaitingWriter(dbPath: string): () => void {
  if (inMemory(dbPath)) return () => undefined;
  const marker = join(dirname(dbPath), `${markerPrefix(dbPath)}${ownMarker()}${++markers}`); // unique among threads too
  try {
    writeFileSync(marker, '');
  } catch {
    return () => undefined; // a read-only folder: the writer still retries, it only cannot ask for a turn
  }
  return () => rmSync(marker, { force: true });
}

/**
 * Whether a writer is waiting now for the database at dbPath (markers left by dead writers are ignored). A long
 * writer asks with `otherThreads`: a call of its own thread that waits, waits on someone else (the long writer holds
 * no lock between its transactions), and standing aside for it would only slow the long writer down.
 */
export function writersWaiting(dbPath: string, options: { otherThreads?: boolean } = {}): boolean {
  if (inMemory(dbPath)) return false;
  const folder = dirname(dbPath);
  const prefix = markerPrefix(dbPath);
  const own = prefix + ownMarker();
  let names: string[];
  try {
    names = readdirSync(folder);
  } catch {
    return false;
  }
  const now = Date.now();
  return names.some((name) => {
    if (!name.startsWith(prefix) || (options.otherThreads && name.startsWith(own))) return false;
    try {
      return now - statSync(join(folder, name)).mtimeMs < STALE_MS;
    } catch {
      return false; // withdrawn while we looked
    }
  });
}

const pause = (ms: number) => new Promise<void>((resolve) => setTimeout(resolve, ms));

/** Between two transactions of a long writer: while a writer of another thread waits (up to a bound), stand aside so it can write. */
export async function letWaitingWritersIn(dbPath: string): Promise<void> {
  const started = Date.now();
  while (writersWaiting(dbPath, { otherThreads: true }) && Date.now() - started < LONGEST_STAND_ASIDE_MS) await pause(LOOK_AGAIN_MS);
}
