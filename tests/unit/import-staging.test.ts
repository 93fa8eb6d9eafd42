// Killed imports leave no staging copies behind for long (#17.3): a staging folder names its owning process, is removed
// when that process exits or is stopped by a signal, and a folder whose owner is gone is removed at the next start;
// an import that cannot fit on the disk is refused before anything is written.
import { spawn, spawnSync } from 'node:child_process';
import { existsSync, mkdirSync, readdirSync, utimesSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { gzipSync } from 'node:zlib';
import { threadId } from 'node:worker_threads';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { importDataset } from '../../electron/core/datasets/import';
import { countRows } from '../../electron/core/db/stats';
import { makeStagingDir, removeStagingDir, removeThreadStagingDirs, STAGING_PREFIX, sweepStaleStagingDirs } from '../../electron/core/db/staging-dirs';
import { cliPath, assertBuilt } from '../helpers/cli';
import { jsonl, tempDir, tempStore, type TempStore } from '../helpers/store';

let t: TempStore;
beforeEach(() => {
  t = tempStore();
});
afterEach(() => t.cleanup());

const stagingDirs = (root: string) => readdirSync(root).filter((name) => name.startsWith(STAGING_PREFIX));

/** The pid of a process that has exited. */
const deadPid = (): number => spawnSync(process.execPath, ['-e', '0']).pid!;

describe('staging folders', () => {
  it('a folder whose owner has exited is removed at the next start; a live owner keeps its folder', () => {
    const root = tempDir('rung-staging-root-');
    const mine = makeStagingDir(root);
    const orphan = join(root, `${STAGING_PREFIX}orphan`);
    mkdirSync(orphan);
    writeFileSync(join(orphan, 'owner'), `${deadPid()}\n`);
    writeFileSync(join(orphan, 'staging.db'), Buffer.alloc(1024));
    // folders from a Rung that wrote no owner file: removed once an hour has passed without a write
    const oldLegacy = join(root, `${STAGING_PREFIX}old`);
    const newLegacy = join(root, `${STAGING_PREFIX}new`);
    for (const dir of [oldLegacy, newLegacy]) {
      mkdirSync(dir);
      writeFileSync(join(dir, 'staging.db'), 'x');
    }
    const twoHoursAgo = new Date(Date.now() - 2 * 3600_000);
    utimesSync(join(oldLegacy, 'staging.db'), twoHoursAgo, twoHoursAgo);
    utimesSync(oldLegacy, twoHoursAgo, twoHoursAgo);
    writeFileSync(join(root, `${STAGING_PREFIX}not-a-folder`), 'kept');

    expect(sweepStaleStagingDirs(root).sort()).toEqual([oldLegacy, orphan].sort());
    expect(stagingDirs(root).sort()).toEqual([`${STAGING_PREFIX}new`, `${STAGING_PREFIX}not-a-folder`, mine.slice(root.length + 1)].sort());
    removeStagingDir(mine);
    expect(existsSync(mine)).toBe(false);
  });

  it('an import leaves no staging folder, whether it succeeds or is refused', async () => {
    const before = stagingDirs(tmpdir());
    await importDataset(t.store, { path: t.file('ok.jsonl', jsonl([{ prompt: 'p', chosen: 'a', rejected: 'b' }])) });
    await expect(importDataset(t.store, { path: t.file('bad.jsonl', '{"prompt": 1}\n') })).rejects.toThrow();
    expect(stagingDirs(tmpdir())).toEqual(before);
  });
});

describe('a killed `rung import`', () => {
  /** Starts `rung import` of a file large enough to be caught while staging, with its own TMPDIR; resolves when its staging folder exists. */
  async function importInChild(root: string) {
    assertBuilt();
    const rows = Array.from({ length: 150_000 }, (_, i) => ({ prompt: `prompt ${i} ${'x'.repeat(60)}`, chosen: `a ${i}`, rejected: `b ${i}` }));
    const file = t.file('big.jsonl', jsonl(rows));
    const child = spawn(process.execPath, [cliPath, 'import', file, '--db', join(t.dir, 'child.db')], { env: { ...process.env, TMPDIR: root }, stdio: 'ignore' });
    const exited = new Promise<void>((resolve) => child.once('exit', () => resolve()));
    const deadline = Date.now() + 60_000;
    while (stagingDirs(root).length === 0) {
      if (Date.now() > deadline || child.exitCode !== null) throw new Error('the import never made its staging folder');
      await new Promise((resolve) => setTimeout(resolve, 10));
    }
    return { child, exited };
  }

  it('SIGKILL leaves the folder; the next start of rung removes it', async () => {
    const root = tempDir('rung-kill-');
    const { child, exited } = await importInChild(root);
    child.kill('SIGKILL');
    await exited;
    expect(stagingDirs(root)).toHaveLength(1);
    const next = spawnSync(process.execPath, [cliPath, 'stats', '--db', join(t.dir, 'child.db')], { env: { ...process.env, TMPDIR: root }, encoding: 'utf8' });
    expect(next.status).toBe(0);
    expect(stagingDirs(root)).toEqual([]);
  }, 120_000);

  it("an ended worker thread's folders are removed by the serving thread: its own only, not another thread's or process's", () => {
    const root = tempDir('rung-thread-root-');
    const own = (thread: number, name: string) => {
      const dir = join(root, `${STAGING_PREFIX}${name}`);
      mkdirSync(dir);
      writeFileSync(join(dir, 'owner'), `${process.pid} ${thread}\n`);
      return dir;
    };
    const ended = own(threadId + 1000, 'ended-thread');
    const otherThread = own(threadId + 1001, 'other-thread');
    const otherProcess = join(root, `${STAGING_PREFIX}other-process`);
    mkdirSync(otherProcess);
    writeFileSync(join(otherProcess, 'owner'), `${process.pid + 1} ${threadId + 1000}\n`);
    const legacy = join(root, `${STAGING_PREFIX}legacy`);
    mkdirSync(legacy);
    writeFileSync(join(legacy, 'owner'), `${process.pid}\n`); // a Rung that named the process only: left to the sweep
    const mine = makeStagingDir(root); // this thread's, in use
    expect(removeThreadStagingDirs(threadId + 1000, root)).toEqual([ended]);
    expect(stagingDirs(root).sort()).toEqual([otherThread, otherProcess, legacy, mine].map((dir) => dir.slice(root.length + 1)).sort());
    expect(removeThreadStagingDirs(threadId, root)).toEqual([]); // in use by this thread: not touched
    removeStagingDir(mine);
  });

  it('SIGTERM and SIGINT remove the folder on the way out', async () => {
    for (const signal of ['SIGTERM', 'SIGINT'] as const) {
      const root = tempDir('rung-term-');
      const { child, exited } = await importInChild(root);
      child.kill(signal);
      await exited;
      expect(child.signalCode, signal).toBe(signal);
      expect(stagingDirs(root), signal).toEqual([]);
    }
  }, 120_000);
});

describe('free disk space', () => {
  it('an import that cannot fit is refused before anything is written, naming the space needed and free', async () => {
    const path = t.file('fits-not.jsonl.gz', gzipSync(jsonl(Array.from({ length: 2000 }, (_, i) => ({ prompt: `p${i}`, chosen: 'a'.repeat(500), rejected: 'b' })))));
    const before = countRows(t.store.db);
    const freeBytes = () => 100 * 1024;
    await expect(importDataset(t.store, { path }, { freeBytes })).rejects.toMatchObject({
      code: 'BAD_INPUT',
      message: expect.stringMatching(/fits-not\.jsonl\.gz: not enough free disk space to import it: about [\d.]+ MB needed in .+ \(the staging copy\), 0\.1 MB free$/),
    });
    expect(countRows(t.store.db)).toEqual(before);
    // with room on the staging disk but not on the database's, the database's disk is named
    const byDir = (dir: string) => (dir.startsWith(t.dir) ? 1024 : 1e12);
    await expect(importDataset(t.store, { path }, { freeBytes: byDir })).rejects.toThrow(/needed in .+ \(the database\), 0\.0 MB free$/);
    expect((await importDataset(t.store, { path }, { freeBytes: () => 1e12 })).comparisonsAdded).toBe(2000);
  });
});
