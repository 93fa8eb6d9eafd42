// Runs each training job on a worker thread of its own, with its own database connection: loading the training
// data, training, storing the model and the checks that follow never hold up the thread that answers the pages.
import { Worker } from 'node:worker_threads';
import type { TrainProgress } from '../engine';
import type { StartTraining, TrainingOutcome, TrainingRunner } from '../app/training-jobs';

export interface TrainingThreadData {
  dbPath: string;
  nativeBinding?: string;
  request: StartTraining;
}

export type FromTrainingThread =
  | { type: 'progress'; stage: string; progress?: TrainProgress }
  | { type: 'done'; outcome: TrainingOutcome }
  | { type: 'failed'; message: string };

export function trainOnThread(database: { dbPath: string; nativeBinding?: string }, workerScript: string): TrainingRunner {
  return (request, signal, onProgress) =>
    new Promise<TrainingOutcome>((resolve, reject) => {
      const workerData: TrainingThreadData = { ...database, request };
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
      worker.on('message', (message: FromTrainingThread) => {
        if (message.type === 'progress') onProgress(message.stage, message.progress);
        else if (message.type === 'done') settle(() => resolve(message.outcome));
        else settle(() => reject(new Error(message.message)));
      });
      worker.on('error', (error) => settle(() => reject(error)));
      worker.on('exit', (code) => settle(() => reject(new Error(`the training thread stopped unexpectedly (exit code ${code})`))));
    });
}
