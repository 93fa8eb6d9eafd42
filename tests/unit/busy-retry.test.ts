// A write that meets another writer: retried off the thread while the lock is held, stored once it is released;
// past the deadline a typed BUSY error naming the call, and nothing written; while it waits it asks for a turn.
import Database from 'better-sqlite3';
import { afterEach, describe, expect, it } from 'vitest';
import { RungError } from '../../electron/api/errors';
import { isBusy, retryWhileBusy } from '../../electron/core/db/busy-retry';
import { writersWaiting } from '../../electron/core/db/waiting-writers';
import { openStore } from '../../electron/core/store';
import { tempStore, type TempStore } from '../helpers/store';

let t: TempStore;
afterEach(() => t?.cleanup());

/** A second connection (as another process's import would be) holding the write lock until released. */
function holdWriteLock(path: string) {
  const other = new Database(path);
  other.exec('BEGIN IMMEDIATE');
  return { release: () => (other.exec('COMMIT'), other.close()) };
}

describe('retryWhileBusy', () => {
  it('waits for another writer without blocking the thread, then stores the write', async () => {
    t = tempStore();
    const writer = openStore(t.store.path, { busyTimeoutMs: 0 });
    const lock = holdWriteLock(t.store.path);
    let ticks = 0;
    const ticker = setInterval(() => ticks++, 5);
    const write = retryWhileBusy('updateSettings', () => writer.db.prepare("INSERT INTO settings (key, value, updated_at) VALUES ('probe', '1', 'now')").run(), 10_000, t.store.path);
    await new Promise((resolve) => setTimeout(resolve, 100));
    expect(writersWaiting(t.store.path)).toBe(true); // it asks a long writer for a turn while it waits
    setTimeout(lock.release, 200);
    await write;
    expect(writersWaiting(t.store.path)).toBe(false); // and withdraws the request once written
    clearInterval(ticker);
    expect(ticks).toBeGreaterThan(5); // the event loop kept turning while the write waited
    expect(t.store.db.prepare("SELECT value FROM settings WHERE key = 'probe'").get()).toEqual({ value: '1' });
    writer.close();
  });

  it('fails with BUSY naming the call once the deadline passes, and writes nothing', async () => {
    t = tempStore();
    const writer = openStore(t.store.path, { busyTimeoutMs: 0 });
    const lock = holdWriteLock(t.store.path);
    const attempt = retryWhileBusy('submitJudgment', () => writer.db.prepare("INSERT INTO settings (key, value, updated_at) VALUES ('probe', '1', 'now')").run(), 200, t.store.path);
    await expect(attempt).rejects.toThrow(RungError);
    await expect(attempt).rejects.toMatchObject({ code: 'BUSY', message: expect.stringMatching(/^submitJudgment: the database stayed busy/) });
    lock.release();
    expect(writersWaiting(t.store.path)).toBe(false);
    expect(t.store.db.prepare("SELECT value FROM settings WHERE key = 'probe'").get()).toBeUndefined();
    writer.close();
  });

  it('passes other errors through at once', async () => {
    t = tempStore();
    let calls = 0;
    const failing = retryWhileBusy('getStats', () => {
      calls++;
      throw new Error('no such table: nothing');
    }, 10_000, t.store.path);
    await expect(failing).rejects.toThrow('no such table: nothing');
    expect(calls).toBe(1);
    expect(isBusy({ code: 'SQLITE_BUSY_SNAPSHOT' })).toBe(true);
    expect(isBusy({ code: 'SQLITE_CONSTRAINT' })).toBe(false);
  });
});
