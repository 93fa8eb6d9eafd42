// Runs each experiment on a worker thread of its own: its simulated ladders (their databases, training and checks)
// never hold up the thread that answers the pages. A cancel is passed on; the thread stops after the run in progress.
import type { ExperimentRequest, ExperimentRunner } from '../app/experiment-jobs';
import { ExperimentCancelled } from '../experiment/run-experiment';
import { runOnJobThread } from './job-thread';

export interface ExperimentThreadData {
  request: ExperimentRequest;
}

export type FromExperimentThread =
  | { type: 'progress'; stage: string; done: number; total: number }
  | { type: 'done' }
  | { type: 'failed'; message: string; cancelled: boolean };

export function experimentOnThread(workerScript: string): ExperimentRunner {
  return (request, signal, onProgress) =>
    runOnJobThread<void, FromExperimentThread>(workerScript, { request } satisfies ExperimentThreadData, signal, 'experiment', (message, settle) => {
      if (message.type === 'progress') onProgress(message.stage, message.done, message.total);
      else if (message.type === 'done') settle.resolve();
      else settle.reject(message.cancelled ? new ExperimentCancelled(message.message) : new Error(message.message));
    });
}
