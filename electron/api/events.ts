// What the app pushes to the page while long work runs (IPC events on the desktop, Server-Sent Events in browser
// mode): an import's progress under its progressId, a training job's state, and an experiment job's. Types only, for every side.
import type { z } from 'zod';
import type { ImportProgress, Result } from './contract';

export type TrainingJobState = Result<'getTrainingJob'>;
export type ExperimentJobState = Result<'getExperimentJob'>;

export type PushEvent =
  /** null once the import has finished (its result answers the importDataset call). */
  | { kind: 'import-progress'; progressId: string; progress: z.infer<typeof ImportProgress> | null }
  | { kind: 'training-job'; job: TrainingJobState }
  | { kind: 'experiment-job'; job: ExperimentJobState };

/** The IPC channel the desktop app sends events on (main → the window's preload). */
export const EVENT_CHANNEL = 'rung:event';
