// The serving thread's side of the domain: starts the worker threads that own the database connections (one
// interactive, a few for long calls, one recomputing stale stored reports), forwards each contract call to the right one, mirrors running imports'
// progress for getImportProgress and listeners, restarts a worker that dies (its calls answer UNAVAILABLE), renews a
// long-call worker whose heap has grown large, and removes the import staging folders a worker leaves when it ends.
// The serving thread (the HTTP event loop, Electron's main process) itself runs no SQL.
import { join } from 'node:path';
import { Worker } from 'node:worker_threads';
import { contract, type ApiResult } from '../../api';
import { describeIssues } from '../../api/dispatch';
import type { Transport } from '../../api/caller';
import type { PushEvent } from '../../api/events';
import { RungError } from '../../api/errors';
import type { ImportProgress } from '../datasets/import';
import { reportKey, type ReportSpec } from '../app/report-key';
import { removeThreadStagingDirs } from '../db/staging-dirs';
import { runsOnJobThread } from './call-routing';
import type { FromWorker, ToWorker, WorkerConfig } from './protocol';

export interface DomainHostOptions {
  dbPath: string;
  nativeBinding?: string;
  mode: 'desktop' | 'browser';
  version: string;
  /** The built domain-worker.js (default: beside this bundle). */
  workerScript?: string;
  /** Threads for long calls (default 2). */
  jobThreads?: number;
  /** How long a write may wait for another writer before the call fails with BUSY (default 30 s). */
  busyDeadlineMs?: number;
  /** A long-call thread whose heap passes this after a call is renewed (default RENEW_HEAP_BYTES). */
  renewJobThreadAboveBytes?: number;
  log?: (message: string) => void;
}

export type EventListener = (event: PushEvent) => void;

export interface DomainHost {
  readonly dbPath: string;
  /** One contract call, validated on its thread; a call that does not say its transport is treated as HTTP's. */
  call(method: string, params: unknown, transport?: Transport): Promise<ApiResult<unknown>>;
  /** Hears what the page is pushed: imports' progress, training jobs' states; returns the unsubscribe. */
  onEvent(listener: EventListener): () => void;
  close(): Promise<void>;
}

const RESTART_DELAY_MS = 200;

/**
 * A long-call thread whose V8 heap has grown past this after a call is renewed once it is idle: a fresh thread takes
 * its place and it ends, handing its whole heap back. A call's garbage (the checks or a report at scale: hundreds of
 * MiB) otherwise stays mapped until that thread next runs short of room, so the process would hold its largest call's
 * memory for good. A long call costs seconds; starting a thread costs a fraction of one, off the serving thread.
 */
export const RENEW_HEAP_BYTES = 160 * 2 ** 20;

/** One worker thread and the calls waiting for its answers; restarted when it dies, until closed. */
class WorkerSlot {
  private worker: Worker | undefined;
  private exited = true;
  /** Each call waiting for its answer, with the thread it was sent to. */
  private readonly pending = new Map<number, { answer: (result: ApiResult<unknown>) => void; worker: Worker }>();
  private nextId = 1;
  private closing = false;
  private renewing = false;
  /** Threads this slot has renewed so far. */
  renewals = 0;

  constructor(
    private readonly script: string,
    private readonly config: WorkerConfig,
    private readonly onEvent: (message: FromWorker, slot: WorkerSlot) => void,
    private readonly log: (message: string) => void,
    /** Renew the thread when its heap passes this after a call (long-call threads only). */
    private readonly renewAboveBytes?: number,
  ) {}

  get inFlight(): number {
    return this.pending.size;
  }

  /**
   * Starts the thread; resolves once it has opened the database, rejects with the reason it could not. A renewal
   * (`replacing`) keeps the current thread serving until the new one is ready, then ends the old one.
   */
  start(replacing = false): Promise<void> {
    return new Promise((resolve, reject) => {
      let ready = false;
      const worker = new Worker(this.script, { workerData: this.config });
      const { threadId } = worker;
      const previous = this.worker;
      if (!replacing) {
        this.worker = worker;
        this.exited = false;
      }
      worker.on('message', (message: FromWorker) => {
        if (message.type === 'ready') {
          ready = true;
          if (replacing) this.retire(previous, worker);
          resolve();
        } else if (message.type === 'start-failed') reject(new RungError('CONFLICT', `cannot open the database ${this.config.dbPath}: ${message.message}`));
        else if (message.type === 'result') {
          const waiting = this.pending.get(message.id);
          this.pending.delete(message.id);
          waiting?.answer(message.result);
          if (this.renewAboveBytes !== undefined && message.heapBytes !== undefined && message.heapBytes > this.renewAboveBytes) this.renewWhenIdle();
        } else this.onEvent(message, this);
      });
      worker.on('error', (error) => {
        this.log(`rung: a ${this.config.role} database thread failed: ${error?.stack ?? String(error)}`);
        if (!ready) reject(error);
      });
      worker.on('exit', (code) => {
        // An import the thread was staging when it ended (closed by force, or crashed) leaves its folder: removed here.
        removeThreadStagingDirs(threadId);
        if (!ready) reject(new Error(`the database thread stopped before it was ready (exit code ${code})`));
        if (this.worker !== worker) {
          // a renewed thread, or a renewal that never got ready: its own calls, if any were left, cannot be answered
          this.failPending(`the database thread stopped (exit code ${code}) while this call ran: try again`, worker);
          return;
        }
        this.exited = true;
        this.failPending(this.closing ? 'Rung is shutting down' : `the database thread stopped (exit code ${code}) while this call ran; it is being restarted: try again`);
        if (ready && !this.closing) {
          this.log(`rung: a ${this.config.role} database thread stopped (exit code ${code}); restarting it`);
          setTimeout(() => {
            if (!this.closing) this.start().catch((error) => this.log(`rung: could not restart a database thread: ${(error as Error).message}`));
          }, RESTART_DELAY_MS);
        }
      });
    });
  }

  /** Starts a fresh thread once no call is waiting on this one (a call arriving meanwhile still runs here). */
  private renewWhenIdle(): void {
    if (this.renewing || this.closing || this.exited || this.pending.size > 0) return;
    this.renewing = true;
    this.start(true)
      .catch((error) => this.log(`rung: could not renew a database thread (the current one goes on): ${(error as Error).message}`))
      .finally(() => (this.renewing = false));
  }

  /** The new thread is ready: it takes the calls from now on; the old one ends once the calls it holds are answered. */
  private retire(previous: Worker | undefined, next: Worker): void {
    if (this.closing || this.worker !== previous) {
      void next.terminate(); // closed, or the old thread died meanwhile and was restarted: the renewal is not needed
      return;
    }
    this.worker = next;
    this.renewals++;
    previous?.postMessage({ type: 'close' } satisfies ToWorker);
  }

  call(method: string, params: unknown, transport: Transport): Promise<ApiResult<unknown>> {
    if (this.closing) return Promise.resolve(unavailable(method, 'Rung is shutting down'));
    if (this.exited) return Promise.resolve(unavailable(method, 'the database thread is being restarted: try again in a moment'));
    const id = this.nextId++;
    return new Promise((resolve) => {
      const worker = this.worker!;
      this.pending.set(id, { answer: (result) => resolve(result), worker });
      worker.postMessage({ type: 'call', id, method, params, transport } satisfies ToWorker);
    });
  }

  /** Answers UNAVAILABLE to the calls waiting (on one thread, or on any). */
  private failPending(why: string, worker?: Worker): void {
    for (const [id, waiting] of this.pending) {
      if (worker && waiting.worker !== worker) continue;
      this.pending.delete(id);
      waiting.answer({ ok: false, error: { code: 'UNAVAILABLE', message: why } });
    }
  }

  /** Asks the thread to close its connection and waits for it to end (ended by force after a few seconds). */
  async close(): Promise<void> {
    this.closing = true;
    const worker = this.worker;
    if (!worker || this.exited) return this.failPending('Rung is shutting down');
    const exited = new Promise<void>((resolve) => worker.once('exit', () => resolve()));
    worker.postMessage({ type: 'close' } satisfies ToWorker);
    const force = setTimeout(() => void worker.terminate(), 5_000);
    await exited;
    clearTimeout(force);
    this.failPending('Rung is shutting down');
  }

  /** Test hook: ends the thread at once, as a crash would. */
  crash(): Promise<number> {
    return this.worker!.terminate();
  }
}

function unavailable(method: string, why: string): ApiResult<never> {
  return { ok: false, error: { code: 'UNAVAILABLE', message: `${method}: ${why}` } };
}

export interface DomainHostInternals {
  /** Test hook: ends the interactive thread as a crash would. */
  crashInteractive(): Promise<number>;
  /** Test hook: how many times the long-call threads (and the reports' thread) were renewed. */
  jobThreadRenewals(): number;
}

export async function startDomainHost(options: DomainHostOptions): Promise<DomainHost & DomainHostInternals> {
  const script = options.workerScript ?? join(__dirname, 'domain-worker.js');
  const log = options.log ?? ((message: string) => process.stderr.write(`${message}\n`));
  const base = { dbPath: options.dbPath, nativeBinding: options.nativeBinding, mode: options.mode, version: options.version, busyDeadlineMs: options.busyDeadlineMs ?? 30_000 };

  // Running imports, by progressId, and the slot running each (forgotten if that thread dies).
  const imports = new Map<string, { progress: ImportProgress; slot: WorkerSlot }>();
  const listeners = new Set<EventListener>();
  const push = (event: PushEvent) => {
    for (const listener of listeners) listener(event);
  };
  const announce = (progressId: string, progress: ImportProgress | null) => push({ kind: 'import-progress', progressId, progress });
  const onEvent = (message: FromWorker, slot: WorkerSlot) => {
    if (message.type === 'push') return push(message.event);
    if (message.type === 'recompute-report') return recomputeInBackground(message.report);
    if (message.type !== 'import-progress') return;
    if (message.progress) imports.set(message.progressId, { progress: message.progress, slot });
    else imports.delete(message.progressId);
    announce(message.progressId, message.progress);
  };

  const interactive = new WorkerSlot(script, { ...base, role: 'interactive' }, onEvent, log);
  const renewAbove = options.renewJobThreadAboveBytes ?? RENEW_HEAP_BYTES;
  const jobs = Array.from({ length: Math.max(1, options.jobThreads ?? 2) }, () => new WorkerSlot(script, { ...base, role: 'job' }, onEvent, log, renewAbove));
  // Stale stored reports are recomputed on a thread of their own, so the long calls a page makes never queue behind one.
  const reports = new WorkerSlot(script, { ...base, role: 'job', background: true }, onEvent, log, renewAbove);
  const slots = [interactive, ...jobs, reports];
  try {
    await interactive.start(); // first and alone: it creates or migrates the database
    await Promise.all([...jobs, reports].map((slot) => slot.start()));
  } catch (error) {
    await Promise.all(slots.map((slot) => slot.close().catch(() => undefined)));
    throw error;
  }

  const leastBusyJobSlot = () => jobs.reduce((best, slot) => (slot.inFlight < best.inFlight ? slot : best));

  /** Stale reports being recomputed on the reports' thread, by key: each is asked for once until that call answers. */
  const recomputing = new Set<string>();
  const recomputeInBackground = (report: ReportSpec) => {
    const key = reportKey(report);
    if (recomputing.has(key)) return;
    recomputing.add(key);
    void reports
      .call('recomputeReport', { report, ifStale: true }, 'ipc')
      .then((result) => {
        if (!result.ok) log(`rung: recomputing the ${key} report failed: ${result.error.message}`);
      })
      .finally(() => recomputing.delete(key));
  };

  /** getImportProgress is answered here, from the mirror: the import's own thread may be busy writing. */
  const importProgress = (params: unknown): ApiResult<unknown> => {
    const parsed = contract.getImportProgress.params.safeParse(params ?? {});
    if (!parsed.success) return { ok: false, error: { code: 'INVALID_PARAMS', message: `getImportProgress: ${describeIssues(parsed.error)}` } };
    return { ok: true, value: imports.get(parsed.data.progressId)?.progress ?? null };
  };

  const callOnJobThread = async (method: string, params: unknown, transport: Transport): Promise<ApiResult<unknown>> => {
    const slot = leastBusyJobSlot();
    const progressId = method === 'importDataset' ? (params as { progressId?: unknown } | null)?.progressId : undefined;
    if (typeof progressId !== 'string') return slot.call(method, params, transport);
    if (imports.has(progressId)) return { ok: false, error: { code: 'CONFLICT', message: `an import with progress id ${progressId} is already running` } };
    const result = await slot.call(method, params, transport);
    if (imports.get(progressId)?.slot === slot) {
      imports.delete(progressId);
      announce(progressId, null);
    }
    return result;
  };

  return {
    dbPath: options.dbPath,
    call: (method, params, transport = 'http') => {
      if (method === 'getImportProgress') return Promise.resolve(importProgress(params));
      return runsOnJobThread(method) ? callOnJobThread(method, params, transport) : interactive.call(method, params, transport);
    },
    onEvent: (listener) => {
      listeners.add(listener);
      return () => void listeners.delete(listener);
    },
    close: async () => {
      await Promise.all(slots.map((slot) => slot.close()));
    },
    crashInteractive: () => interactive.crash(),
    jobThreadRenewals: () => [...jobs, reports].reduce((sum, slot) => sum + slot.renewals, 0),
  };
}
