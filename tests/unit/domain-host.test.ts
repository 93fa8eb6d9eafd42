// The domain on worker threads (the built out/node/domain-worker.js): a cheap call answers promptly while a long
// import runs in the same server; verdicts submitted while another process imports are stored, not refused; a
// worker that dies answers UNAVAILABLE for its calls, is restarted, and no acknowledged verdict is lost; a stale
// stored report is recomputed on a job thread without being asked; an import's staging folder does not outlive its thread;
// a long-call thread whose heap has grown is renewed without losing a call; on Linux the stored reports' thread runs at
// a lower priority than the others.
import { spawn } from 'node:child_process';
import { existsSync, readFileSync, readdirSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterEach, beforeAll, describe, expect, it } from 'vitest';
import type { ApiResult } from '../../electron/api';
import { STAGING_PREFIX } from '../../electron/core/db/staging-dirs';
import { BACKGROUND_NICE } from '../../electron/core/host/background-priority';
import { startDomainHost, type DomainHost, type DomainHostInternals } from '../../electron/core/host/domain-host';
import { assertBuilt, cliPath, projectRoot } from '../helpers/cli';
import { tempDir } from '../helpers/store';

const workerScript = join(projectRoot, 'out', 'node', 'domain-worker.js');
let host: (DomainHost & DomainHostInternals) | undefined;

beforeAll(() => {
  assertBuilt();
  if (!existsSync(workerScript)) throw new Error(`${workerScript} is missing: run \`npm run build\` first (npm test does)`);
});
afterEach(async () => {
  await host?.close();
  host = undefined;
});

function value<T>(result: ApiResult<unknown>, what: string): T {
  if (!result.ok) throw new Error(`${what}: ${result.error.code} ${result.error.message}`);
  return result.value as T;
}

/** A TRL file of n records with distinct prompts: long enough to import for a few seconds. */
function trlFile(dir: string, n: number): string {
  const lines: string[] = [];
  for (let i = 0; i < n; i++) lines.push(JSON.stringify({ prompt: `question ${i} about topic ${i % 97}`, chosen: `a careful answer ${i} with detail ${i * 7}`, rejected: `a short answer ${i}` }));
  const path = join(dir, `big-${n}.jsonl`);
  writeFileSync(path, `${lines.join('\n')}\n`);
  return path;
}

async function startHost(dbPath: string, renewJobThreadAboveBytes?: number) {
  host = await startDomainHost({ dbPath, mode: 'browser', version: 'test', workerScript, log: () => undefined, jobThreads: 1, renewJobThreadAboveBytes });
  return host;
}

/** Loads the demo and creates an evaluator: something to judge. */
async function judgeable(h: DomainHost) {
  value(await h.call('loadDemo', {}), 'loadDemo');
  const evaluator = value<{ id: string }>(await h.call('createEvaluator', { name: 'Ada' }), 'createEvaluator');
  const items = value<{ comparison: { id: string } }[]>(await h.call('nextComparisons', { evaluatorId: evaluator.id, count: 50 }), 'nextComparisons');
  return { evaluatorId: evaluator.id, comparisonIds: items.map((item) => item.comparison.id) };
}

/** The nice value of each thread of this process, by thread id (field 19 of /proc/self/task/TID/stat). */
function threadNices(): Map<number, number> {
  const nices = new Map<number, number>();
  for (const tid of readdirSync('/proc/self/task')) {
    const stat = readFileSync(`/proc/self/task/${tid}/stat`, 'utf8');
    nices.set(Number(tid), Number(stat.slice(stat.lastIndexOf(')') + 2).split(' ')[16]));
  }
  return nices;
}

describe('the domain host', () => {
  it.runIf(process.platform === 'linux')("runs its stored reports' thread at a lower priority than the others", async () => {
    const before = threadNices();
    const h = await startHost(join(tempDir(), 'rung.db'));
    const started = [...threadNices()].filter(([tid]) => !before.has(tid));
    // jobThreads 1: the stored reports' thread is lowered; the long-call thread (imports, checks: writers), the
    // interactive thread and this (serving) thread are not.
    const base = threadNices().get(process.pid)!; // this process's own nice (0, unless the tests were started niced)
    expect(started.filter(([, nice]) => nice === BACKGROUND_NICE)).toHaveLength(1);
    expect(started.filter(([, nice]) => nice === base).length).toBeGreaterThanOrEqual(2);
    expect(base).toBeLessThan(BACKGROUND_NICE);
    expect((await h.call('getStats', {})).ok).toBe(true); // (the lowered thread's own work: the stale-report test below)
  });

  it('answers a cheap call promptly while a long import runs in the same server', async () => {
    const dir = tempDir();
    const h = await startHost(join(dir, 'rung.db'));
    const file = trlFile(dir, 60_000);
    let importing = true;
    // A path, as the desktop app's file dialog gives one (over HTTP only uploads are taken).
    const imported = h.call('importDataset', { source: { kind: 'path', path: file } }, 'ipc').finally(() => (importing = false));
    const latencies: number[] = [];
    while (importing) {
      const started = performance.now();
      value(await h.call('getStats', {}), 'getStats');
      if (importing) latencies.push(performance.now() - started);
      await new Promise((resolve) => setTimeout(resolve, 20));
    }
    expect(value<{ comparisonsAdded: number }>(await imported, 'importDataset').comparisonsAdded).toBe(60_000);
    expect(latencies.length).toBeGreaterThan(10); // the import ran long enough to measure beside it
    // Generous for a loaded CI machine; on one thread the same call waited for the whole import (seconds).
    expect(Math.max(...latencies)).toBeLessThan(1_500);
  });

  it('stores every verdict submitted while another process imports into the same database', async () => {
    const dir = tempDir();
    const dbPath = join(dir, 'rung.db');
    const h = await startHost(dbPath);
    const { evaluatorId, comparisonIds } = await judgeable(h);
    const file = trlFile(dir, 80_000);
    const child = spawn(process.execPath, [cliPath, 'import', file, '--db', dbPath], { stdio: 'ignore' });
    const importDone = new Promise<number | null>((resolve) => child.once('exit', resolve));
    let running = true;
    void importDone.then(() => (running = false));
    const acknowledged: string[] = [];
    for (const comparisonId of comparisonIds) {
      const ack = await h.call('submitJudgment', { comparisonId, evaluatorId, choice: 'A', leftSide: 'A', durationMs: 900 });
      acknowledged.push(value<{ id: string }>(ack, 'submitJudgment (during the import)').id);
      if (!running) break;
      await new Promise((resolve) => setTimeout(resolve, 25));
    }
    expect(await importDone).toBe(0);
    expect(acknowledged.length).toBeGreaterThan(5);
    const stats = value<{ judgments: number; comparisons: number }>(await h.call('getStats', {}), 'getStats');
    expect(stats.comparisons).toBe(240 + 80_000);
    const mine = value<{ rows: { id: string }[] }>(await h.call('listJudgments', { evaluatorId, limit: 500 }), 'listJudgments');
    expect(new Set(mine.rows.map((j) => j.id))).toEqual(new Set(acknowledged));
  });

  it('answers UNAVAILABLE when its worker dies, restarts it, and loses no acknowledged verdict', async () => {
    const dir = tempDir();
    const h = await startHost(join(dir, 'rung.db'));
    const { evaluatorId, comparisonIds } = await judgeable(h);
    const acknowledged = [];
    for (const comparisonId of comparisonIds.slice(0, 5)) {
      acknowledged.push(value<{ id: string }>(await h.call('submitJudgment', { comparisonId, evaluatorId, choice: 'B', leftSide: 'A' }), 'submitJudgment').id);
    }
    const inFlight = h.call('nextComparisons', { evaluatorId, count: 50 });
    await h.crashInteractive();
    const answer = await inFlight;
    if (!answer.ok) expect(answer.error).toMatchObject({ code: 'UNAVAILABLE', message: expect.stringContaining('restarted') });
    let after: ApiResult<unknown> = { ok: false, error: { code: 'UNAVAILABLE', message: 'not yet' } };
    for (let tries = 0; tries < 100 && !after.ok; tries++) {
      after = await h.call('listJudgments', { evaluatorId, limit: 50 });
      if (!after.ok) await new Promise((resolve) => setTimeout(resolve, 100));
    }
    const items = value<{ rows: { id: string }[] }>(after, "listJudgments after the restart").rows;
    expect(items.map((j) => j.id).sort()).toEqual([...acknowledged].sort());
  });

  it('recomputes a stale stored report on a job thread by itself, and serves the stored copy meanwhile', async () => {
    const dir = tempDir();
    const h = await startHost(join(dir, 'rung.db'));
    const { evaluatorId, comparisonIds } = await judgeable(h);
    type Served = { stats: unknown; computedAt: string | null; stale: boolean; computing: boolean };
    const served = async () => value<Served>(await h.call('getEvaluatorStatsReport', {}), 'getEvaluatorStatsReport');
    const settled = async () => {
      for (let tries = 0; tries < 300; tries++) {
        const now = await served();
        if (!now.computing) return now;
        await new Promise((resolve) => setTimeout(resolve, 50));
      }
      throw new Error('the stored report was not recomputed');
    };
    expect(await served()).toEqual({ stats: null, computedAt: null, stale: false, computing: true });
    const first = await settled();
    expect(first.stats).toEqual(value(await h.call('getEvaluatorStats', {}), 'getEvaluatorStats'));
    value(await h.call('submitJudgment', { comparisonId: comparisonIds[0], evaluatorId, choice: 'A', leftSide: 'A', durationMs: 800 }), 'submitJudgment');
    expect(await served()).toMatchObject({ stats: first.stats, computedAt: first.computedAt, stale: true });
    const second = await settled();
    expect(second.stale).toBe(false);
    expect(second.stats).toEqual(value(await h.call('getEvaluatorStats', {}), 'getEvaluatorStats'));
    expect(second.stats).not.toEqual(first.stats);
  });

  it('removes the staging folder of an import whose thread is ended by shutdown', async () => {
    const dir = tempDir();
    const staging = tempDir('rung-host-staging-'); // the workers' temp folder: they copy TMPDIR when they start
    const savedTmp = process.env.TMPDIR;
    process.env.TMPDIR = staging;
    try {
      const h = await startHost(join(dir, 'rung.db'));
      const file = trlFile(dir, 300_000); // longer to read than shutdown waits (5 s) before it ends the thread
      const imported = h.call('importDataset', { source: { kind: 'path', path: file } }, 'ipc');
      const folders = () => readdirSync(staging).filter((name) => name.startsWith(STAGING_PREFIX));
      while (folders().length === 0) await new Promise((resolve) => setTimeout(resolve, 20));
      const started = Date.now();
      await h.close();
      host = undefined;
      expect(await imported).toMatchObject({ ok: false, error: { code: 'UNAVAILABLE' } });
      expect(Date.now() - started).toBeGreaterThanOrEqual(4_000); // ended by force, not finished
      expect(folders()).toEqual([]);
    } finally {
      if (savedTmp === undefined) delete process.env.TMPDIR;
      else process.env.TMPDIR = savedTmp;
    }
  }, 120_000);

  it('renews a long-call thread whose heap has grown, without losing or delaying a call', async () => {
    const dir = tempDir();
    const h = await startHost(join(dir, 'rung.db'), 1); // every heap is over 1 byte: each long call renews its thread
    value(await h.call('loadDemo', {}), 'loadDemo');
    // One renewal after each long call made once the previous renewal is done.
    for (let renewed = 1; renewed <= 3; renewed++) {
      if (renewed > 1) value(await h.call('listRuns', {}), 'listRuns');
      await expect.poll(() => h.jobThreadRenewals(), { timeout: 20_000 }).toBeGreaterThanOrEqual(renewed);
    }
    // Several long calls at once, some of them while a thread is being renewed, are all answered.
    for (let round = 0; round < 3; round++) {
      const together = await Promise.all([h.call('runChecks', {}), h.call('listRuns', {}), h.call('getEvaluatorStats', {}), h.call('listRuns', {})]);
      together.forEach((result, i) => value(result, `round ${round}, call ${i}`));
    }
    // The renewed threads write and read the same database: a run created now is listed by the next thread.
    const layers = [{ name: 'layer 0', rule: { kind: 'field', layer: 0 } }];
    value(await h.call('createRun', { name: 'after renewal', layers }), 'createRun');
    const runs = value<{ name: string }[]>(await h.call('listRuns', {}), 'listRuns');
    expect(runs.map((r) => r.name)).toContain('after renewal');
  });

  it('keeps its long-call thread while the heap stays small', async () => {
    const dir = tempDir();
    const h = await startHost(join(dir, 'rung.db'));
    value(await h.call('loadDemo', {}), 'loadDemo');
    for (let k = 0; k < 3; k++) value(await h.call('listRuns', {}), 'listRuns');
    expect(h.jobThreadRenewals()).toBe(0);
  });

  it('says why when the database cannot be opened', async () => {
    const dir = tempDir();
    const notADatabase = join(dir, 'notes.txt');
    writeFileSync(notADatabase, 'these are my notes, not a database '.repeat(200));
    await expect(startDomainHost({ dbPath: notADatabase, mode: 'browser', version: 'test', workerScript, log: () => undefined })).rejects.toThrow(
      /cannot open the database .*notes\.txt: file is not a database/,
    );
  });
});
