// Rung at scale, as the served app: a database of RUNG_BENCH_SCALE comparisons (default 1,000,000) with as many
// judgments by 20 evaluators (a tenth of them second opinions, so agreement has pairs; layers 1 and 2 assisted or
// control trials; every tenth layer-0 comparison with ground truth), 3 runs of 3 layers and trained RM0s; the
// stored reports' computation (what the pages' reports cost in the background) and p50/p95 of every call the pages
// make on load and of next + submit, idle, during a 200,000-record import (its time with the checks on what it added)
// and during a training job with a check run; the serving thread's event-loop delay (max, p99) in each phase, the
// process's peak RSS (over the run, and in each phase; the setup's bulk fill runs in a child process) and any
// verdict the server refused (a busy database past its deadline). Prints figures, asserts nothing on time.
import { cpus } from 'node:os';
import { join } from 'node:path';
import { PerformanceObserver, monitorEventLoopDelay } from 'node:perf_hooks';
import { spawnSync } from 'node:child_process';
import { it } from 'vitest';
import type { ApiResult } from '../../electron/api';
import type { Transport } from '../../electron/api/caller';
import { startDomainHost, type DomainHost } from '../../electron/core/host/domain-host';
import { projectRoot } from '../helpers/cli';
import { tempDir } from '../helpers/store';
import { fmt, percentile, report } from './stats';

const SCALE = Number(process.env.RUNG_BENCH_SCALE ?? 1_000_000);
const IMPORT_RECORDS = Number(process.env.RUNG_BENCH_IMPORT ?? 200_000);
const EVALUATORS = 20;
const workerScript = join(projectRoot, 'out', 'node', 'domain-worker.js');

async function value<T = any>(host: DomainHost, method: string, params: unknown = {}, transport: Transport = 'http'): Promise<T> {
  const result: ApiResult<unknown> = await host.call(method, params, transport);
  if (!result.ok) throw new Error(`${method}: ${result.error.code} ${result.error.message}`);
  return result.value as T;
}

/** Waits for a training job to end; throws unless it is done. */
async function trainingDone(host: DomainHost, jobId: string, what: string): Promise<void> {
  let state = await value(host, 'getTrainingJob', { jobId });
  for (; state.status === 'running'; state = await value(host, 'getTrainingJob', { jobId })) await new Promise((resolve) => setTimeout(resolve, 500));
  if (state.status !== 'done') throw new Error(`training ${what}: ${state.status} ${state.error}`);
}

type Sample = Map<string, number[]>;

function record(samples: Sample, name: string, ms: number) {
  if (!samples.has(name)) samples.set(name, []);
  samples.get(name)!.push(ms);
}

/** The call the bench is waiting on (one at a time), named in the stalls below. */
let inFlight = 'none';

async function timed(samples: Sample, name: string, work: () => Promise<unknown>) {
  const started = performance.now();
  inFlight = name;
  await work();
  record(samples, name, performance.now() - started);
}

/** A gap of the serving thread's timer beyond STALL_MS: when, how long, the call in flight, and the garbage
 *  collection of this thread that overlapped it (a stall with no GC is work or scheduling). */
const STALL_MS = 35;
interface Stall { atMs: number; gapMs: number; call: string; gcMs: number }

function stallTracer() {
  const stalls: Stall[] = [];
  const gcs: { start: number; end: number }[] = [];
  const observer = new PerformanceObserver((list) => {
    for (const entry of list.getEntries()) gcs.push({ start: entry.startTime, end: entry.startTime + entry.duration });
    if (gcs.length > 500) gcs.splice(0, gcs.length - 500);
  });
  observer.observe({ entryTypes: ['gc'] });
  let last = performance.now();
  const timer = setInterval(() => {
    const now = performance.now();
    const gap = now - last - 5;
    if (gap > STALL_MS) {
      const gcMs = gcs.reduce((sum, gc) => sum + Math.max(0, Math.min(gc.end, now) - Math.max(gc.start, last)), 0);
      stalls.push({ atMs: now, gapMs: gap, call: inFlight, gcMs });
    }
    last = now;
  }, 5);
  return {
    stop(): Stall[] {
      clearInterval(timer);
      observer.disconnect();
      return stalls;
    },
  };
}

it(`the served app at ${SCALE.toLocaleString('en-US')} comparisons: page loads and next+submit, idle and during jobs`, async () => {
  const dir = tempDir('rung-scale-');
  const dbPath = join(dir, 'rung.db');
  const setupStarted = performance.now();
  // The fill, and the file imported below, are written by a child process: the serving process's RSS and garbage
  // collections below are then the app's own, not the fill's leftovers.
  const incoming = join(dir, 'incoming.jsonl');
  const child = spawnSync(process.execPath, [join(projectRoot, 'node_modules', 'jiti', 'lib', 'jiti-cli.mjs'), join(__dirname, 'scale-fill-child.ts'), dbPath, String(SCALE), String(EVALUATORS), incoming, String(IMPORT_RECORDS)], {
    encoding: 'utf8',
    maxBuffer: 1 << 24,
  });
  if (child.status !== 0) throw new Error(`the fill failed: ${child.stderr}`);
  const fill = JSON.parse(child.stdout) as { evaluatorIds: string[]; seconds: number; peakRssKb: number };
  const evaluatorIds = fill.evaluatorIds;
  const host = await startDomainHost({ dbPath, mode: 'browser', version: 'bench', workerScript });
  const runs = [];
  for (let r = 0; r < 3; r++) {
    const layers =
      r === 1
        ? [
            { name: 'short', rule: { kind: 'length', maxChars: 40 } },
            { name: 'medium', rule: { kind: 'length', minChars: 41, maxChars: 200 } },
            { name: 'long', rule: { kind: 'length', minChars: 201 } },
          ]
        : [0, 1, 2].map((layer) => ({ name: `layer ${layer}`, rule: { kind: 'field', layer } }));
    runs.push(await value(host, 'createRun', { name: `Run ${r + 1}`, description: 'scale bench', layers, actor: 'bench' }));
  }
  for (const run of runs) {
    const job = await value(host, 'startTraining', { runId: run.id, layer: 0, holdout: 0.2, seed: 1, device: 'cpu', actor: 'bench' });
    await trainingDone(host, job.id, `RM0 of ${run.name}`);
  }
  const setupSeconds = (performance.now() - setupStarted) / 1000;
  const evaluatorId = evaluatorIds[0];
  const run = runs[0];

  /** Every call a page makes when it opens (Compare, Queue, Ladder, Flags, Evaluators, Data). */
  const pageLoads: [string, unknown][] = [
    ['getAppInfo', {}],
    ['getStats', {}],
    ['listDatasets', {}],
    ['listEvaluators', {}],
    ['getSettings', {}],
    ['listRuns', {}],
    ['listLayers', {}],
    ['getProgress', { evaluatorId, runId: run.id, layer: 1 }],
    ['nextComparisons', { evaluatorId, runId: run.id, layer: 1, count: 5 }],
    ['listModels', { runId: run.id }],
    ['listTrainingJobs', { runId: run.id }],
    ['getLayerMetricsReport', { runId: run.id }],
    ['getDrift', { runId: run.id }],
    ['getQueueStatusReport', { runId: run.id, layer: 1 }],
    ['listFlags', {}],
    ['getEvaluatorStatsReport', {}],
    ['listJudgments', { evaluatorId, limit: 100 }],
  ];

  const phases: { name: string; samples: Sample; loopMaxMs: number; loopP99Ms: number; refused: string[]; rssStart: number; rssPeak: number; stalls: Stall[]; renewals: number }[] = [];
  /** What the bench is doing (the RSS peak is reported with the stage it fell in). */
  let stage = 'the stored reports and the fresh heavy calls';
  let peakRss = process.memoryUsage().rss;
  let peakStage = stage;
  let phasePeakRss = peakRss;
  const rssTimer = setInterval(() => {
    const rss = process.memoryUsage().rss;
    if (rss > peakRss) [peakRss, peakStage] = [rss, stage];
    phasePeakRss = Math.max(phasePeakRss, rss);
  }, 100);
  let judged = 0;

  /** Rounds of page loads and next+submit until `busy` settles (or `rounds` for the idle phase). */
  async function measure(name: string, busy: Promise<unknown> | null, rounds: number) {
    const samples: Sample = new Map();
    const refused: string[] = [];
    const rssStart = process.memoryUsage().rss;
    phasePeakRss = rssStart;
    stage = name;
    const loop = monitorEventLoopDelay({ resolution: 10 });
    loop.enable();
    const tracer = stallTracer();
    const renewalsBefore = host.jobThreadRenewals();
    const phaseStarted = performance.now();
    let running = busy !== null;
    void busy?.finally(() => (running = false));
    for (let round = 0; round < rounds || running; round++) {
      for (const [method, params] of pageLoads) await timed(samples, method, () => value(host, method, params));
      for (let k = 0; k < 20; k++) {
        const started = performance.now();
        inFlight = 'next + submit';
        const [item] = await value(host, 'nextComparisons', { evaluatorId: evaluatorIds[19], count: 1, exclude: [] });
        const submitted = item
          ? await host.call('submitJudgment', { comparisonId: item.comparison.id, evaluatorId: evaluatorIds[19], choice: 'A', leftSide: item.leftSide, durationMs: 700, ...(item.repeatOf ? { repeatOf: item.repeatOf } : {}) })
          : null;
        // A refused verdict (the database busy past its deadline) is counted apart, with how long it waited: the run goes on.
        if (submitted && !submitted.ok) refused.push(`${submitted.error.code} after ${fmt((performance.now() - started) / 1000, 1)} s`);
        else record(samples, 'next + submit', performance.now() - started);
        judged++;
      }
      if (!running && round + 1 >= rounds) break;
    }
    await busy;
    loop.disable();
    const stalls = tracer.stop().map((stall) => ({ ...stall, atMs: stall.atMs - phaseStarted }));
    const renewals = host.jobThreadRenewals() - renewalsBefore;
    phases.push({ name, samples, loopMaxMs: loop.max / 1e6, loopP99Ms: loop.percentile(99) / 1e6, refused, rssStart, rssPeak: phasePeakRss, stalls, renewals });
  }

  // The pages' stored reports, computed once before measuring (as an earlier visit would have): what each costs when
  // it is recomputed in the background, and the fresh calls they stand in for (the CLI's, the exports').
  const computations: Sample = new Map();
  const computationsRssStart = process.memoryUsage().rss;
  const reports = [
    ['layer-metrics', { kind: 'layer-metrics', runId: run.id }],
    ['queue-status', { kind: 'queue-status', runId: run.id, layer: 1 }],
    ['evaluator-stats', { kind: 'evaluator-stats' }],
  ] as const;
  for (const [name, report] of reports) await timed(computations, `recomputeReport (${name})`, () => value(host, 'recomputeReport', { report }));
  for (let k = 0; k < 3; k++) {
    await timed(computations, 'getLayerMetrics (fresh)', () => value(host, 'getLayerMetrics', { runId: run.id }));
    await timed(computations, 'getQueueStatus (fresh)', () => value(host, 'getQueueStatus', { runId: run.id, layer: 1 }));
    await timed(computations, 'getEvaluatorStats (fresh)', () => value(host, 'getEvaluatorStats', {}));
  }
  const computationsRssPeak = phasePeakRss;

  await measure('idle', null, 5);
  const importStarted = performance.now();
  const imported = value(host, 'importDataset', { source: { kind: 'path', path: incoming } }, 'ipc').then(() => record(computations, 'importDataset with its checks', performance.now() - importStarted));
  await measure(`during a ${IMPORT_RECORDS.toLocaleString('en-US')}-record import`, imported, 1);
  // RM1 of the third run trains on layers 0 and 1 (half the store), then its checks run; beside it, a full check run.
  const training = await value(host, 'startTraining', { runId: runs[2].id, layer: 1, holdout: 0.2, seed: 2, device: 'cpu', actor: 'bench' });
  const trainingStarted = performance.now();
  const trained = trainingDone(host, training.id, `RM1 of ${runs[2].name}`).then(() => record(computations, 'training RM1 (layers 0-1) with its checks', performance.now() - trainingStarted));
  const checksStarted = performance.now();
  const checks = value(host, 'runChecks', {}).then(() => record(computations, 'runChecks (everything)', performance.now() - checksStarted));
  await measure('during a training job and a check run', Promise.all([trained, checks]), 1);
  clearInterval(rssTimer);
  await host.close();

  const rows: [string, string][] = [
    ['CPU', `${cpus()[0]?.model ?? 'unknown'} × ${cpus().length}`],
    ['setup (fill, judgments, runs, 3 RM0 trainings)', `${fmt(setupSeconds, 1)} s`],
    ['   the fill, in a child process: its time and peak RSS', `${fmt(fill.seconds, 1)} s, ${fmt(fill.peakRssKb / 1024)} MiB`],
    ['verdicts submitted while measuring', fmt(judged)],
    ['peak RSS of the serving process (all threads), and when', `${fmt(peakRss / 2 ** 20)} MiB, in ${peakStage}`],
    ['-- computations (background or on request)', `RSS at the start ${fmt(computationsRssStart / 2 ** 20)} MiB, peak in the stored reports and fresh calls ${fmt(computationsRssPeak / 2 ** 20)} MiB`],
  ];
  for (const [name, values] of computations) {
    values.sort((a, b) => a - b);
    rows.push([`   ${name}`, `p50 ${fmt(percentile(values, 50), 1)} ms, p95 ${fmt(percentile(values, 95), 1)} ms (n=${values.length})`]);
  }
  for (const phase of phases) {
    rows.push([`-- ${phase.name}`, `event-loop delay max ${fmt(phase.loopMaxMs, 1)} ms, p99 ${fmt(phase.loopP99Ms, 1)} ms (target max ≤ 50)`]);
    rows.push(['   RSS at the start, and its peak, in this phase', `${fmt(phase.rssStart / 2 ** 20)} MiB, ${fmt(phase.rssPeak / 2 ** 20)} MiB`]);
    rows.push(['   long-call threads renewed for their heap size', fmt(phase.renewals)]);
    const longest = [...phase.stalls].sort((a, b) => b.gapMs - a.gapMs).slice(0, 5);
    rows.push([`   timer gaps over ${STALL_MS} ms (longest 5: at s, gap, call in flight, GC in it)`, `${phase.stalls.length}${longest.map((s) => `; ${fmt(s.atMs / 1000, 1)} s ${fmt(s.gapMs, 1)} ms ${s.call} gc ${fmt(s.gcMs, 1)} ms`).join('')}`]);
    if (phase.refused.length > 0) rows.push(['   verdicts refused (target: none)', `${phase.refused.length}: ${phase.refused.join(', ')}`]);
    for (const [method, values] of phase.samples) {
      values.sort((a, b) => a - b);
      const target = method === 'next + submit' ? (phase.name === 'idle' ? 5 : 20) : phase.name === 'idle' ? 100 : 250;
      const p95 = percentile(values, 95);
      rows.push([`   ${method}`, `p50 ${fmt(percentile(values, 50), 1)} ms, p95 ${fmt(p95, 1)} ms (n=${values.length}; target p95 ≤ ${target}: ${p95 <= target ? 'met' : 'NOT met'})`]);
    }
  }
  report(`the served app at ${fmt(SCALE)} comparisons and ${fmt(SCALE)} judgments by ${EVALUATORS} evaluators (db at ${dbPath})`, rows);
});
