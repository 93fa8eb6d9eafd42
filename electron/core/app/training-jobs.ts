// Training jobs for the Ladder page: a rung's model trains (then the checks run) off the JS thread while the page polls
// its progress (one point per finished epoch of the final model), and can be cancelled. Jobs live in the serving process's
// memory; the models they produce are stored in the database. A runner does the work: in this thread by default,
// on a thread of its own in the served app (host/training-thread.ts).
import { RungError } from '../../api/errors';
import type { Device, TrainProgress } from '../engine';
import type { Combine } from '../ladder/consensus';
import { chosenCriterion } from '../ladder/criterion';
import { layerExists } from '../db/runs';
import { newId, nowIso } from '../ids';
import type { Store } from '../store';
import { trainAndCheck } from './train-model';

export interface TrainingPoint {
  epoch: number;
  step: number;
  trainLoss: number;
  valLoss: number | null;
  valAccuracy: number | null;
}

export interface TrainingJob {
  id: string;
  runId: string;
  layer: number;
  status: 'running' | 'done' | 'failed' | 'cancelled';
  stage: string;
  startedAt: string;
  finishedAt: string | null;
  points: TrainingPoint[];
  current: TrainingPoint | null;
  error: string | null;
  modelId: string | null;
  heldOut: { accuracy: number | null; logLoss: number | null; ece: number | null; lengthBaselineAccuracy: number | null } | null;
}

export interface StartTraining {
  runId: string;
  layer: number;
  holdout: number;
  seed: number;
  device: Device;
  precision?: 'fp32' | 'bf16';
  actor: string;
  layerWeights?: number[];
  combine?: Combine;
  includeSimulated?: boolean;
  includeModelJudgments?: boolean;
  /** A registered encoder's name (features from its embeddings). */
  encoder?: string;
  /** A key of the run's rubric whose verdicts label (default: the judgments' own choices). */
  criterion?: string;
}

/** What a finished training reports to its job. */
export interface TrainingOutcome {
  modelId: string;
  heldOut: TrainingJob['heldOut'];
}

/** Trains RMk and runs the checks that follow a training; rejects when cancelled through signal or failed. */
export type TrainingRunner = (request: StartTraining, signal: AbortSignal, onProgress: (stage: string, progress?: TrainProgress) => void) => Promise<TrainingOutcome>;

/** The runner that trains in this thread (the native engine still trains off the JS thread). */
export const trainInThisThread = (store: Store): TrainingRunner => async (request, signal, onProgress) => {
  const result = await trainAndCheck(store, { ...request, signal, onProgress });
  const heldOut = result.heldOut
    ? { accuracy: result.heldOut.accuracy, logLoss: result.heldOut.logLoss, ece: result.heldOut.ece, lengthBaselineAccuracy: result.heldOut.lengthBaselineAccuracy }
    : null;
  return { modelId: result.modelId, heldOut };
};

const FINAL_STAGE = 'final model';
/** A training job's progress is pushed at most this often (and at every epoch's end). */
const PUSH_EVERY_MS = 200;
const finite = (x: number | null) => (x === null || !Number.isFinite(x) ? null : x);

export class TrainingJobs {
  private readonly jobs = new Map<string, { job: TrainingJob; abort: AbortController; done: Promise<void> }>();

  private readonly runner: TrainingRunner;

  /** `onChange` hears each job when it starts, as it trains (at most every PUSH_EVERY_MS) and when it ends. */
  constructor(
    private readonly store: Store,
    runner?: TrainingRunner,
    private readonly onChange: (job: TrainingJob) => void = () => {},
  ) {
    this.runner = runner ?? trainInThisThread(store);
  }

  start(request: StartTraining): TrainingJob {
    const running = [...this.jobs.values()].find((j) => j.job.status === 'running' && j.job.runId === request.runId && j.job.layer === request.layer);
    if (running) throw new RungError('CONFLICT', `RM${request.layer} of this run is already training (job ${running.job.id})`);
    if (!layerExists(this.store.db, request.runId, request.layer)) {
      throw new RungError('NOT_FOUND', `no layer ${request.layer} in run ${request.runId}`);
    }
    chosenCriterion(this.store.db, request.runId, request.criterion); // refused now, not as a failed job
    const job: TrainingJob = {
      id: newId(),
      runId: request.runId,
      layer: request.layer,
      status: 'running',
      stage: 'preparing',
      startedAt: nowIso(),
      finishedAt: null,
      points: [],
      current: null,
      error: null,
      modelId: null,
      heldOut: null,
    };
    const abort = new AbortController();
    let pushedAt = 0;
    const onProgress = (stage: string, p?: TrainProgress) => {
      job.stage = stage;
      if (!p) {
        // a stage without training steps (encoding texts): its name says how far it is
        job.current = null;
        const now = Date.now();
        if (now - pushedAt >= PUSH_EVERY_MS) {
          pushedAt = now;
          this.onChange(job);
        }
        return;
      }
      const point = { epoch: p.epoch, step: p.step, trainLoss: p.trainLoss, valLoss: finite(p.valLoss), valAccuracy: finite(p.valAccuracy) };
      job.current = point;
      if (p.epochEnd && stage === FINAL_STAGE) job.points.push(point);
      const now = Date.now();
      if (p.epochEnd || now - pushedAt >= PUSH_EVERY_MS) {
        pushedAt = now;
        this.onChange(job);
      }
    };
    const done = this.runner(request, abort.signal, onProgress)
      .then((outcome) => {
        job.status = 'done';
        job.modelId = outcome.modelId;
        job.heldOut = outcome.heldOut;
      })
      .catch((error: unknown) => {
        job.status = abort.signal.aborted ? 'cancelled' : 'failed';
        job.error = abort.signal.aborted ? null : (error as Error)?.message ?? String(error);
      })
      .finally(() => {
        job.finishedAt = nowIso();
        job.stage = job.status;
        this.onChange(job);
      });
    this.jobs.set(job.id, { job, abort, done });
    this.onChange(job);
    return job;
  }

  get(id: string): TrainingJob {
    const entry = this.jobs.get(id);
    if (!entry) throw new RungError('NOT_FOUND', `no training job ${id} (jobs are kept until the server restarts)`);
    return entry.job;
  }

  list(runId?: string): TrainingJob[] {
    return [...this.jobs.values()].map((e) => e.job).filter((j) => !runId || j.runId === runId);
  }

  /** Cancels a running job; resolves once it has stopped (training notices within one step). */
  async cancel(id: string): Promise<TrainingJob> {
    const entry = this.jobs.get(id);
    if (!entry) throw new RungError('NOT_FOUND', `no training job ${id}`);
    if (entry.job.status === 'running') {
      entry.abort.abort();
      await entry.done;
    }
    return entry.job;
  }

  /** Waits for a job to finish (tests and shutdown). */
  async settle(id: string): Promise<TrainingJob> {
    const entry = this.jobs.get(id);
    if (!entry) throw new RungError('NOT_FOUND', `no training job ${id}`);
    await entry.done;
    return entry.job;
  }
}
