// One job on a worker thread of its own (a training, an experiment): starts the worker, passes a cancel on as a
// 'cancel' message, hands each message to the job's reader (which may settle the job), and rejects when the worker
// fails or stops before it settled.
import { Worker } from 'node:worker_threads';

export interface Settle<T> {
  resolve(value: T): void;
  reject(error: Error): void;
}

export function runOnJobThread<T, M>(workerScript: string, workerData: unknown, signal: AbortSignal, what: string, onMessage: (message: M, settle: Settle<T>) => void): Promise<T> {
  return new Promise<T>((resolve, reject) => {
    const worker = new Worker(workerScript, { workerData });
    let settled = false;
    const settle = (finish: () => void) => {
      if (settled) return;
      settled = true;
      signal.removeEventListener('abort', cancel);
      finish();
    };
    const cancel = () => worker.postMessage({ type: 'cancel' });
    signal.addEventListener('abort', cancel, { once: true });
    const settler: Settle<T> = { resolve: (value) => settle(() => resolve(value)), reject: (error) => settle(() => reject(error)) };
    worker.on('message', (message: M) => onMessage(message, settler));
    worker.on('error', (error) => settler.reject(error));
    worker.on('exit', (code) => settler.reject(new Error(`the ${what} thread stopped unexpectedly (exit code ${code})`)));
  });
}
