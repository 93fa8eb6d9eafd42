// Experiment jobs for the Experiments page: a preset of simulated ladders runs off the JS thread that answers the
// pages (on a thread of its own in the served app: host/experiment-thread.ts), one at a time, with its progress
// (runs done of all) pushed as it goes; a cancel stops it after the run in progress, and nothing is written. The
// report lands beside the database (experiment/stored.ts). Jobs live in the serving process's memory.
import { existsSync } from 'node:fs';
import { join } from 'node:path';
import type { ParsedParams, Result } from '../../api/contract';
import { RungError } from '../../api/errors';
import { PRESETS, type PresetName } from '../experiment/presets';
import { ExperimentCancelled, runExperiment } from '../experiment/run-experiment';
import { experimentId, experimentsFolder } from '../experiment/stored';
import type { Device } from '../engine';
import { newId, nowIso } from '../ids';
import type { Store } from '../store';

export type ExperimentJob = Result<'getExperimentJob'>;

export interface ExperimentRequest {
  preset: PresetName;
  seeds: number;
  scale: number;
  device?: Device;
  outDir: string;
  nativeBinding?: string;
}

/** Runs an experiment to its files; rejects when cancelled through `signal` (ExperimentCancelled) or failed. */
export type ExperimentRunner = (request: ExperimentRequest, signal: AbortSignal, onProgress: (stage: string, done: number, total: number) => void) => Promise<void>;

export const experimentInThisThread: ExperimentRunner = async (request, signal, onProgress) => {
  await runExperiment({ ...request, signal, onProgress });
};

/** A job's progress is pushed at most this often (and whenever a run finishes). */
const PUSH_EVERY_MS = 250;

export class ExperimentJobs {
  private readonly jobs = new Map<string, { job: ExperimentJob; abort: AbortController; done: Promise<void> }>();

  constructor(
    private readonly store: Store,
    private readonly runner: ExperimentRunner = experimentInThisThread,
    private readonly onChange: (job: ExperimentJob) => void = () => {},
    private readonly nativeBinding?: string,
  ) {}

  start(params: ParsedParams<'startExperiment'>): ExperimentJob {
    const running = [...this.jobs.values()].find((j) => j.job.status === 'running');
    if (running) throw new RungError('CONFLICT', `an experiment is running (job ${running.job.id}): wait for it or cancel it`);
    const folder = experimentsFolder(this.store);
    const preset = PRESETS[params.preset];
    const startedAt = nowIso();
    let id = experimentId(startedAt, params.preset);
    for (let n = 2; existsSync(join(folder, id)); n++) id = `${experimentId(startedAt, params.preset)}-${n}`;
    const request: ExperimentRequest = { preset: params.preset, seeds: params.seeds ?? preset.seeds, scale: params.scale ?? preset.scale, device: params.device, outDir: join(folder, id), nativeBinding: this.nativeBinding };
    const job: ExperimentJob = {
      id: newId(),
      status: 'running',
      preset: params.preset,
      seeds: request.seeds,
      scale: request.scale,
      stage: 'starting',
      done: 0,
      total: request.seeds * preset.conditions.length,
      startedAt,
      finishedAt: null,
      error: null,
      experimentId: null,
    };
    const abort = new AbortController();
    let pushedAt = 0;
    const onProgress = (stage: string, done: number) => {
      const finishedRun = done !== job.done;
      job.stage = stage;
      job.done = done;
      const now = Date.now();
      if (finishedRun || now - pushedAt >= PUSH_EVERY_MS) {
        pushedAt = now;
        this.onChange({ ...job });
      }
    };
    const done = this.runner(request, abort.signal, onProgress)
      .then(() => {
        job.status = 'done';
        job.experimentId = id;
      })
      .catch((error: unknown) => {
        const cancelled = abort.signal.aborted && (error instanceof ExperimentCancelled || (error as Error)?.name === 'ExperimentCancelled');
        job.status = cancelled ? 'cancelled' : 'failed';
        job.error = cancelled ? null : ((error as Error)?.message ?? String(error));
      })
      .finally(() => {
        job.finishedAt = nowIso();
        job.stage = job.status;
        this.onChange({ ...job });
      });
    this.jobs.set(job.id, { job, abort, done });
    this.onChange({ ...job });
    return { ...job };
  }

  get(id: string): ExperimentJob {
    const entry = this.jobs.get(id);
    if (!entry) throw new RungError('NOT_FOUND', `no experiment job ${id} (jobs are kept until the server restarts)`);
    return { ...entry.job };
  }

  list(): ExperimentJob[] {
    return [...this.jobs.values()].map((e) => ({ ...e.job }));
  }

  /** Asks a running job to stop after the run in progress; answers at once, with the job as it is. */
  cancel(id: string): ExperimentJob {
    const entry = this.jobs.get(id);
    if (!entry) throw new RungError('NOT_FOUND', `no experiment job ${id}`);
    if (entry.job.status === 'running' && !entry.abort.signal.aborted) {
      entry.abort.abort();
      entry.job.stage = 'cancelling after the run in progress';
      this.onChange({ ...entry.job });
    }
    return { ...entry.job };
  }

  /** Waits for a job to finish (tests and shutdown). */
  async settle(id: string): Promise<ExperimentJob> {
    const entry = this.jobs.get(id);
    if (!entry) throw new RungError('NOT_FOUND', `no experiment job ${id}`);
    await entry.done;
    return { ...entry.job };
  }
}
