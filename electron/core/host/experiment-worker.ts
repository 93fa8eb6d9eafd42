// Entry of an experiment thread (built to experiment-worker.js): runs one experiment, reporting its progress to the
// thread that started it; a 'cancel' message stops it after the run in progress.
import { parentPort, workerData } from 'node:worker_threads';
import { experimentInThisThread } from '../app/experiment-jobs';
import { ExperimentCancelled } from '../experiment/run-experiment';
import { lowerThisThreadPriority } from './background-priority';
import type { ExperimentThreadData, FromExperimentThread } from './experiment-thread';

const { request } = workerData as ExperimentThreadData;
lowerThisThreadPriority(); // long work: the threads that answer the user come first
const port = parentPort!;
const post = (message: FromExperimentThread) => port.postMessage(message);
const abort = new AbortController();
port.on('message', (message: { type: string }) => {
  if (message.type === 'cancel') abort.abort();
});

experimentInThisThread(request, abort.signal, (stage, done, total) => post({ type: 'progress', stage, done, total }))
  .then(() => post({ type: 'done' }))
  .catch((error: unknown) => post({ type: 'failed', message: (error as Error)?.message ?? String(error), cancelled: error instanceof ExperimentCancelled }))
  .finally(() => port.close());
