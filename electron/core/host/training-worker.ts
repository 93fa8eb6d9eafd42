// Entry of a training thread (built to training-worker.js): opens its own connection, trains one rung's model and
// runs the checks after it, reporting progress to the thread that started it; a 'cancel' message stops it.
import { parentPort, workerData } from 'node:worker_threads';
import { trainInThisThread } from '../app/training-jobs';
import { openStore, PAGE_CACHE_MIB } from '../store';
import { releaseFreedMemory } from '../engine';
import { lowerThisThreadPriority } from './background-priority';
import type { FromTrainingThread, TrainingThreadData } from './training-thread';

const { dbPath, nativeBinding, request } = workerData as TrainingThreadData;
lowerThisThreadPriority(); // long work: the threads that answer the user come first
const port = parentPort!;
const post = (message: FromTrainingThread) => port.postMessage(message);
const abort = new AbortController();
port.on('message', (message: { type: string }) => {
  if (message.type === 'cancel') abort.abort();
});

async function run(): Promise<void> {
  const store = openStore(dbPath, { nativeBinding, cacheMiB: PAGE_CACHE_MIB.longWork }); // reads its training data once
  try {
    const outcome = await trainInThisThread(store)(request, abort.signal, (stage, progress) => post({ type: 'progress', stage, progress }));
    post({ type: 'done', outcome });
  } finally {
    store.close();
    // what the training freed natively (the featurizer's and the engine's buffers, SQLite's cache) goes back to the OS;
    // the table and typed arrays V8 still holds are freed as the thread ends, and trimmed with the next long call
    releaseFreedMemory();
  }
}

run()
  .catch((error: unknown) => post({ type: 'failed', message: (error as Error)?.message ?? String(error) }))
  .finally(() => port.close());
