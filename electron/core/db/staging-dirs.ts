// The folders imports stage their files in (`rung-import-*` under the system's temp folder): each names its owning
// process and thread in an `owner` file, is removed when its import ends, when the process exits, when a signal stops
// it, or when its worker thread ends (the serving thread removes a thread's folders: removeThreadStagingDirs), and one
// whose owner is gone (a killed import) is removed at the next start (sweepStaleStagingDirs, from openStore).
import { mkdtempSync, readdirSync, readFileSync, rmSync, statSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { isMainThread, threadId } from 'node:worker_threads';

export const STAGING_PREFIX = 'rung-import-';
const OWNER_FILE = 'owner';
/** A folder from a Rung that wrote no owner file is removed once nothing in it has changed for this long. */
const OWNERLESS_AGE_MS = 3600_000;
const STOP_SIGNALS = ['SIGINT', 'SIGTERM', 'SIGHUP'] as const;

/** This thread's staging folders in use. */
const live = new Set<string>();

function removeLive(): void {
  for (const dir of live) rmSync(dir, { recursive: true, force: true });
  live.clear();
}

/** On a stop signal: the folders go, then the signal does what it would have done had we not listened (unless others listen). */
function onStopSignal(signal: NodeJS.Signals): void {
  removeLive();
  unlisten();
  if (process.listenerCount(signal) === 0) process.kill(process.pid, signal);
}

let listening = false;
function listen(): void {
  if (listening) return;
  listening = true;
  process.on('exit', removeLive);
  // signals reach only the main thread; a worker's folders go with its exit, or at the next start
  if (isMainThread) for (const signal of STOP_SIGNALS) process.on(signal, onStopSignal);
}
function unlisten(): void {
  if (!listening) return;
  listening = false;
  process.off('exit', removeLive);
  if (isMainThread) for (const signal of STOP_SIGNALS) process.off(signal, onStopSignal);
}

/** A new staging folder under `root`, owned by this process and removed when it exits. */
export function makeStagingDir(root: string = tmpdir()): string {
  // listening first: a signal that comes before its listener ends the process at once, leaving the folder behind
  listen();
  let dir: string;
  try {
    dir = mkdtempSync(join(root, STAGING_PREFIX));
  } catch (error) {
    if (live.size === 0) unlisten();
    throw error;
  }
  live.add(dir);
  writeFileSync(join(dir, OWNER_FILE), `${process.pid} ${threadId}\n`);
  return dir;
}

/** Removes a staging folder made by makeStagingDir. */
export function removeStagingDir(dir: string): void {
  rmSync(dir, { recursive: true, force: true });
  live.delete(dir);
  if (live.size === 0) unlisten();
}

function processAlive(pid: number): boolean {
  try {
    process.kill(pid, 0);
    return true;
  } catch (error) {
    return (error as NodeJS.ErrnoException).code === 'EPERM'; // another user's process: alive
  }
}

/** The newest modification time of a folder and the files in it. */
function lastChange(dir: string): number {
  let newest = statSync(dir).mtimeMs;
  for (const name of readdirSync(dir)) newest = Math.max(newest, statSync(join(dir, name)).mtimeMs);
  return newest;
}

interface StagingFolder {
  dir: string;
  /** Its owning process and thread (thread null: a Rung that wrote the process only), or null with no owner file. */
  owner: { pid: number; thread: number | null } | null;
}

/** The staging folders under `root` not in use by this thread, with their owners as their files say. */
function* stagingFoldersUnder(root: string): Generator<StagingFolder> {
  let names: string[];
  try {
    names = readdirSync(root).filter((name) => name.startsWith(STAGING_PREFIX));
  } catch {
    return;
  }
  for (const name of names) {
    const dir = join(root, name);
    try {
      if (!statSync(dir).isDirectory() || live.has(dir)) continue;
      let owner: StagingFolder['owner'] = null;
      try {
        const [pid, thread] = readFileSync(join(dir, OWNER_FILE), 'utf8').trim().split(/\s+/).map((word) => Number.parseInt(word, 10));
        if (Number.isInteger(pid) && pid > 0) owner = { pid, thread: Number.isInteger(thread) ? thread : null };
      } catch {
        owner = null;
      }
      yield { dir, owner };
    } catch {
      // another process removed it first, or it cannot be read: left alone
    }
  }
}

function removeFolder(dir: string, removed: string[]): void {
  try {
    rmSync(dir, { recursive: true, force: true });
    removed.push(dir);
  } catch {
    // another process removed it first: nothing to do
  }
}

/** Removes the staging folders under `root` whose owning process is gone (or, with no owner file, idle over an hour); returns them. */
export function sweepStaleStagingDirs(root: string = tmpdir(), now: number = Date.now()): string[] {
  const removed: string[] = [];
  for (const { dir, owner } of stagingFoldersUnder(root)) {
    try {
      const stale = owner !== null ? !processAlive(owner.pid) : now - lastChange(dir) > OWNERLESS_AGE_MS;
      if (stale) removeFolder(dir, removed);
    } catch {
      // it went away while being looked at: left alone
    }
  }
  return removed;
}

/**
 * Removes the staging folders under `root` that a thread of this process made; called by the serving thread once that
 * worker thread has ended (closed, ended by force, or crashed), which leaves its own exit listener unrun. Returns them.
 */
export function removeThreadStagingDirs(thread: number, root: string = tmpdir()): string[] {
  const removed: string[] = [];
  for (const { dir, owner } of stagingFoldersUnder(root)) if (owner?.pid === process.pid && owner.thread === thread) removeFolder(dir, removed);
  return removed;
}
