// Runs each training job on a worker thread of its own, with its own database connection: loading the training
// data, training, storing the model and the checks that follow never hold up the thread that answers the pages.
import type { TrainProgress } from '../engine';
import type { StartTraining, TrainingOutcome, TrainingRunner } from '../app/training-jobs';
import { runOnJobThread } from './job-thread';

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
    runOnJobThread<TrainingOutcome, FromTrainingThread>(workerScript, { ...database, request } satisfies TrainingThreadData, signal, 'training', (message, settle) => {
      if (message.type === 'progress') onProgress(message.stage, message.progress);
      else if (message.type === 'done') settle.resolve(message.outcome);
      else settle.reject(new Error(message.message));
    });
}
