// Entry of a domain worker thread (built to domain-worker.js): opens its own connection to the database, builds the
// contract's handlers over it and answers the calls the serving thread forwards, one message per call.
import { join } from 'node:path';
import { getHeapStatistics } from 'node:v8';
import { parentPort, workerData } from 'node:worker_threads';
import { dispatch } from '../../api/dispatch';
import { createImportTracker } from '../import-tracker';
import type { TrainingJob } from '../app/training-jobs';
import type { ExperimentJob } from '../app/experiment-jobs';
import type { ScheduleReport } from '../app/reports';
import { createService } from '../service';
import { releaseFreedMemory } from '../engine';
import { openStore, PAGE_CACHE_MIB, type Store } from '../store';
import { lowerThisThreadPriority } from './background-priority';
import { warmAssistance } from '../scoring/warm-assistance';
import { withBusyRetry } from './handler-busy-retry';
import type { FromWorker, ToWorker, WorkerConfig } from './protocol';
import { trainOnThread } from './training-thread';
import { experimentOnThread } from './experiment-thread';

/** An interactive connection gives up on a lock almost at once and retries off the thread; a job's simply waits. */
const STATEMENT_BUSY_TIMEOUT_MS = { interactive: 20, job: 5_000 } as const;
/** SQLite's page cache per connection (an import's copy raises a job connection's own: db/dataset-import.ts). */
const CACHE_MIB = { interactive: PAGE_CACHE_MIB.default, job: PAGE_CACHE_MIB.longWork } as const;

/** A call on a job thread that ran this long hands what it freed back to the OS (engine releaseFreedMemory). A shorter
 *  one (a page's listRuns or getDrift) freed little, which the next call reuses; releasing after each of those would
 *  trim every thread's arena, the interactive thread's included, a few times per page load, for little. */
const RELEASE_AFTER_MS = 1_000;

/** How long a closing thread lets its journaled verdicts move into the store (they stay safe in the journal after). */
const JOURNAL_GRACE_MS = 2_000;

const config = workerData as WorkerConfig;
const port = parentPort!;
const post = (message: FromWorker) => port.postMessage(message);

function open(): Store | null {
  try {
    return openStore(config.dbPath, { nativeBinding: config.nativeBinding, busyTimeoutMs: STATEMENT_BUSY_TIMEOUT_MS[config.role], cacheMiB: CACHE_MIB[config.role] });
  } catch (error) {
    post({ type: 'start-failed', message: (error as Error)?.message ?? String(error) });
    return null;
  }
}

// The stored reports' thread yields the CPU to the threads that answer the user (background-priority.ts).
if (config.background) lowerThisThreadPriority();

const store = open();
if (store) {
  const imports = createImportTracker((progressId, progress) => post({ type: 'import-progress', progressId, progress }));
  const trainingRunner = trainOnThread({ dbPath: config.dbPath, nativeBinding: config.nativeBinding }, join(__dirname, 'training-worker.js'));
  const onTrainingJob = (job: TrainingJob) => {
    post({ type: 'push', event: { kind: 'training-job', job } });
    if (job.status === 'done' && config.role === 'interactive') void warmAssistance(store.db); // its model may now assist a layer
  };
  const scheduleReport: ScheduleReport = (report) => post({ type: 'recompute-report', report });
  const experimentRunner = experimentOnThread(join(__dirname, 'experiment-worker.js'));
  const onExperimentJob = (job: ExperimentJob) => post({ type: 'push', event: { kind: 'experiment-job', job } });
  const service = createService(store, { mode: config.mode, version: config.version, imports, trainingRunner, onTrainingJob, experimentRunner, onExperimentJob, nativeBinding: config.nativeBinding, scheduleReport });
  const handlers = withBusyRetry(service.handlers, config.busyDeadlineMs, store.path);
  // Calls still running: the connection closes once they end (a thread torn down while the engine scores for one of
  // them takes the process down with it), or when the host ends the thread after its grace period.
  const running = new Set<Promise<void>>();
  port.on('message', (message: ToWorker) => {
    if (message.type === 'close') {
      // Journaled verdicts are safe where they are; they are moved in now if the lock allows, else on the next start.
      const journaledStored = Promise.race([service.verdictsStored(), new Promise((resolve) => setTimeout(resolve, JOURNAL_GRACE_MS).unref())]);
      void Promise.allSettled([...running, journaledStored]).then(() => {
        store.close();
        port.close();
      });
      return;
    }
    const started = performance.now();
    const call = dispatch(handlers, message.method, message.params, undefined, { transport: message.transport }).then((result) => {
      post({ type: 'result', id: message.id, result, ...(config.role === 'job' ? { heapBytes: getHeapStatistics().total_heap_size } : {}) });
      // after long work, what it freed goes back to the OS rather than staying resident for the process's life
      if (config.role === 'job' && performance.now() - started >= RELEASE_AFTER_MS) releaseFreedMemory();
    });
    running.add(call);
    void call.finally(() => running.delete(call));
  });
  post({ type: 'ready', dbPath: store.path });
  if (config.role === 'interactive') void warmAssistance(store.db); // the evaluator's first assisted comparison need not load a model or its encoder
} else {
  port.close();
}
