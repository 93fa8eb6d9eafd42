// An import's copy into the store runs in short transactions: a writer waiting for the lock is let in between them,
// readers see the dataset marked not complete until the last one, and a copy cut short is finished by importing the
// same file again (nothing copied twice, the dataset then complete). A transaction that meets another process's
// writer waits for it off the thread; past the copy's deadline the import fails with BUSY, never INTERNAL.
import Database from 'better-sqlite3';
import { readdirSync, rmSync, utimesSync, writeFileSync } from 'node:fs';
import { basename, dirname, join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { RungError } from '../../electron/api/errors';
import { importDataset } from '../../electron/core/datasets/import';
import { listDatasets } from '../../electron/core/db/datasets';
import { countRows } from '../../electron/core/db/stats';
import { openStore } from '../../electron/core/store';
import { announceWaitingWriter, letWaitingWritersIn, writersWaiting } from '../../electron/core/db/waiting-writers';
import { jsonl, tempStore, type TempStore } from '../helpers/store';

let t: TempStore;
beforeEach(() => {
  t = tempStore();
});
afterEach(() => t.cleanup());

/** n records on ten prompts, every third with two people's verdicts. */
const records = (n: number) =>
  Array.from({ length: n }, (_, i) => ({
    prompt: `question ${i % 10}`,
    response_a: `first answer ${i}`,
    response_b: `second answer ${i}`,
    ...(i % 3 === 0 ? { judgments: [{ evaluator: 'ann', choice: 'A' }, { evaluator: 'bo', choice: i % 2 ? 'A' : 'B' }] } : {}),
  }));

const tick = () => new Promise((resolve) => setTimeout(resolve, 1));

/** A waiting writer of another process (as a verdict of the app met by a `rung import`): its marker, and its withdrawal. */
function otherProcessWaits(dbPath: string): () => void {
  const marker = join(dirname(dbPath), `${basename(dbPath)}-wants-write-999999-0-1`);
  writeFileSync(marker, '');
  return () => rmSync(marker, { force: true });
}

describe('waiting writers', () => {
  it("a marker says a writer waits until withdrawn; a long writer stands aside only while another thread's waits", async () => {
    const path = t.store.path;
    expect(writersWaiting(path)).toBe(false);
    await letWaitingWritersIn(path); // nobody waits: it goes on at once
    // A call of the long writer's own thread waits on someone else: the long writer does not stand aside for it.
    const withdrawOwn = announceWaitingWriter(path);
    expect(writersWaiting(path)).toBe(true);
    expect(writersWaiting(path, { otherThreads: true })).toBe(false);
    await letWaitingWritersIn(path);
    withdrawOwn();
    const withdraw = otherProcessWaits(path);
    expect(writersWaiting(path, { otherThreads: true })).toBe(true);
    let resumed = false;
    const standingAside = letWaitingWritersIn(path).then(() => (resumed = true));
    for (let i = 0; i < 20; i++) await tick();
    expect(resumed).toBe(false);
    withdraw();
    await standingAside;
    expect(writersWaiting(path)).toBe(false);
  });

  it('ignores a marker left by a writer that died while it waited', () => {
    announceWaitingWriter(t.store.path); // never withdrawn
    const folder = dirname(t.store.path);
    const marker = readdirSync(folder).find((name) => name.includes('-wants-write-'))!;
    const longAgo = new Date(Date.now() - 3600_000);
    utimesSync(join(folder, marker), longAgo, longAgo);
    expect(writersWaiting(t.store.path)).toBe(false);
  });
});

describe('the copy', () => {
  it('commits in short transactions, lets a waiting writer in between them, and marks the dataset complete last', async () => {
    const n = 6_000;
    const file = t.file('big.jsonl', jsonl(records(n)));
    const observer = new Database(t.store.path, { timeout: 0 }); // as another connection (the serving thread) reads and writes
    const seen = () => observer.prepare('SELECT (SELECT complete FROM datasets) AS complete, (SELECT count(*) FROM comparisons) AS comparisons').get() as { complete: number | null; comparisons: number };
    const kept = () => observer.prepare(`SELECT rows FROM row_counts WHERE name = 'comparisons'`).pluck().get();
    const withdraw = otherProcessWaits(t.store.path);
    let done = false;
    const imported = importDataset(t.store, { path: file }).finally(() => (done = true));
    // While a writer waits the copy stands aside after each transaction: a part of the file is in, marked not complete.
    let partial: { complete: number | null; comparisons: number } | undefined;
    while (!done && !partial) {
      await tick();
      const now = seen();
      if (now.complete === 0 && now.comparisons > 0 && now.comparisons < n) partial = now;
    }
    expect(partial).toBeDefined();
    expect(kept()).toBe(seen().comparisons); // the kept count moves in the transaction that adds the rows
    expect(listDatasets(t.store.db)).toMatchObject([{ complete: false }]);
    // and a write of another connection, which cannot wait at all (timeout 0), gets the lock
    observer.prepare(`INSERT INTO settings (key, value, updated_at) VALUES ('probe', '1', 'now')`).run();
    withdraw();
    const summary = await imported;
    expect(summary).toMatchObject({ comparisonsAdded: n, judgmentsAdded: (2 * n) / 3, evaluatorsAdded: 2 });
    expect(seen()).toEqual({ complete: 1, comparisons: n });
    expect(listDatasets(t.store.db)).toMatchObject([{ complete: true, comparisons: n, judgments: (2 * n) / 3 }]);
    expect(t.store.db.prepare(`SELECT count(*) FROM audit_log WHERE action = 'import'`).pluck().get()).toBe(1); // written by the last transaction
    // the connection is as it was: foreign keys checked, every commit fsynced, checkpoints on commit
    expect([t.store.db.pragma('foreign_keys', { simple: true }), t.store.db.pragma('synchronous', { simple: true }), t.store.db.pragma('wal_autocheckpoint', { simple: true })]).toEqual([1, 2, 1000]);
    expect(t.store.db.prepare('PRAGMA database_list').all().map((d) => (d as { name: string }).name)).toEqual(['main']);
    observer.close();
  });

  it('a copy cut short is finished by importing the same file again', async () => {
    const file = t.file('cut.jsonl', jsonl(records(300)));
    const first = await importDataset(t.store, { path: file });
    const db = t.store.db;
    // As if the process died after the comparisons were copied: the judgments and the final mark are missing.
    db.prepare('DELETE FROM judgments').run();
    db.prepare('UPDATE datasets SET complete = 0').run();
    const audited = () => db.prepare(`SELECT count(*) FROM audit_log WHERE action = 'import'`).pluck().get();
    expect(audited()).toBe(1);
    expect(listDatasets(db)).toMatchObject([{ id: first.datasetId, complete: false, comparisons: 300, judgments: 0 }]);

    const again = await importDataset(t.store, { path: file });
    expect(again).toMatchObject({ datasetId: first.datasetId, alreadyImported: false, comparisonsAdded: 0, comparisonsExisting: 300, judgmentsAdded: 200, evaluatorsAdded: 0 });
    expect(listDatasets(db)).toMatchObject([{ id: first.datasetId, complete: true, comparisons: 300, judgments: 200 }]);
    expect(audited()).toBe(2); // the finishing copy is audited with what it added
    // A finished import of the same file is recognised as such.
    expect(await importDataset(t.store, { path: file })).toMatchObject({ alreadyImported: true, comparisonsAdded: 0 });
  });
});

describe("the copy's page cache", () => {
  it('is at least 64 MiB while the copy writes, and as it was after (a long-call connection has 16 MiB)', async () => {
    const importer = openStore(t.store.path, { cacheMiB: 16 });
    const seen: number[] = [];
    await importDataset(importer, { path: t.file('cache.jsonl', jsonl(records(50))) }, {
      onProgress: (p) => {
        if (p.phase === 'writing' && p.written !== undefined) seen.push(importer.db.pragma('cache_size', { simple: true }) as number);
      },
    });
    expect(seen.length).toBeGreaterThan(0);
    expect(new Set(seen)).toEqual(new Set([-64 * 1024]));
    expect(importer.db.pragma('cache_size', { simple: true })).toBe(-16 * 1024);
    importer.close();
  });
});

describe('a copy that meets another writer', () => {
  /**
   * Starts an import of n records through a connection that waits 20 ms for a lock, and once part of the file is in,
   * takes the write lock from another connection (as another process's import would) and keeps it.
   */
  async function importMeetingALock(n: number, busyDeadlineMs: number) {
    const file = t.file('locked.jsonl', jsonl(records(n)));
    const importer = openStore(t.store.path, { busyTimeoutMs: 20 });
    const other = new Database(t.store.path, { timeout: 0 });
    const comparisons = () => other.prepare('SELECT count(*) FROM comparisons').pluck().get() as number;
    const withdraw = otherProcessWaits(t.store.path); // the copy stands aside after its first transaction
    let settled = false;
    const imported = importDataset(importer, { path: file }, { busyDeadlineMs }).finally(() => (settled = true));
    imported.catch(() => undefined);
    while (!settled && !(comparisons() > 0)) await tick();
    other.exec('BEGIN IMMEDIATE');
    const partial = comparisons();
    withdraw();
    return { file, importer, other, imported, partial, settled: () => settled };
  }

  it('waits for the lock without blocking the thread, then finishes the copy with the right counts', async () => {
    const n = 6_000;
    const { importer, other, imported, partial, settled } = await importMeetingALock(n, 60_000);
    expect(partial).toBeGreaterThan(0);
    expect(partial).toBeLessThan(n);
    let ticks = 0;
    const ticker = setInterval(() => ticks++, 5);
    await new Promise((resolve) => setTimeout(resolve, 300));
    expect(settled()).toBe(false); // still waiting on the lock
    expect(ticks).toBeGreaterThan(10); // and the event loop kept turning
    other.exec('COMMIT');
    const summary = await imported;
    clearInterval(ticker);
    expect(summary).toMatchObject({ comparisonsAdded: n, judgmentsAdded: (2 * n) / 3, evaluatorsAdded: 2 }); // nothing counted twice or lost
    expect(listDatasets(t.store.db)).toMatchObject([{ complete: true, comparisons: n, judgments: (2 * n) / 3 }]);
    other.close();
    importer.close();
  });

  it('fails with BUSY naming the file past its deadline, keeps what it copied, and importing again finishes it', async () => {
    const n = 6_000;
    const { file, importer, other, imported, partial } = await importMeetingALock(n, 300);
    const failure = await imported.then(() => null, (error: unknown) => error);
    expect(failure).toBeInstanceOf(RungError);
    expect(failure).toMatchObject({
      code: 'BUSY',
      message: expect.stringMatching(/^\S*locked\.jsonl: copying into the store: the database stayed busy for 0\.3 s .*the records copied so far are kept, and importing the file again finishes the copy$/),
    });
    other.exec('COMMIT');
    expect(listDatasets(t.store.db)).toMatchObject([{ complete: false, comparisons: partial }]);
    const again = await importDataset(importer, { path: file });
    expect(again).toMatchObject({ alreadyImported: false, comparisonsAdded: n - partial, comparisonsExisting: partial });
    expect(listDatasets(t.store.db)).toMatchObject([{ complete: true, comparisons: n, judgments: (2 * n) / 3 }]);
    other.close();
    importer.close();
  });
});

describe('the kept row counts (migration 0017)', () => {
  const counted = (db: Database.Database) =>
    Object.fromEntries(['prompts', 'responses', 'comparisons', 'flags'].map((table) => [table, db.prepare(`SELECT count(*) FROM ${table}`).pluck().get()]));
  const kept = (db: Database.Database) => {
    const { prompts, responses, comparisons, flags } = countRows(db);
    return { prompts, responses, comparisons, flags };
  };

  it('count what each import adds, nothing for what it shares with earlier ones, and flags both ways', async () => {
    const db = t.store.db;
    await importDataset(t.store, { path: t.file('first.jsonl', jsonl(records(120))) });
    expect(kept(db)).toEqual({ prompts: 10, responses: 240, comparisons: 120, flags: 0 });
    // a second file sharing 60 records (and all ten prompts) with the first, and a copy of a file cut short then finished
    const overlapping = records(180).slice(60);
    await importDataset(t.store, { path: t.file('second.jsonl', jsonl(overlapping)) });
    expect(kept(db)).toEqual({ prompts: 10, responses: 360, comparisons: 180, flags: 0 });
    const cut = t.file('cut.jsonl', jsonl(records(200).slice(180).map((r) => ({ ...r, prompt: `${r.prompt}, again` }))));
    await importDataset(t.store, { path: cut });
    db.prepare('UPDATE datasets SET complete = 0 WHERE file_name = ?').run('cut.jsonl');
    await importDataset(t.store, { path: cut });
    expect(kept(db)).toEqual(counted(db));
    expect(kept(db)).toMatchObject({ prompts: 20, comparisons: 200 });
    db.exec(`INSERT INTO flags (id, kind, dedupe_key, severity, status, created_at) VALUES ('f1', 'transitivity', 'k1', 0.5, 'open', 't'), ('f2', 'transitivity', 'k2', 0.5, 'open', 't')`);
    db.exec(`INSERT OR IGNORE INTO flags (id, kind, dedupe_key, severity, status, created_at) VALUES ('f1', 'transitivity', 'k1', 0.5, 'open', 't')`);
    expect(kept(db).flags).toBe(2);
    db.exec(`DELETE FROM flags WHERE id = 'f1'; DELETE FROM comparisons WHERE rowid = (SELECT max(rowid) FROM comparisons WHERE id NOT IN (SELECT comparison_id FROM judgments) AND id NOT IN (SELECT comparison_id FROM dataset_items))`);
    expect(kept(db)).toEqual(counted(db));
    expect(kept(db)).toMatchObject({ comparisons: 199, flags: 1 });
  });
});
