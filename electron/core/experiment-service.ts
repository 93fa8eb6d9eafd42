// The contract's handlers for the oversight report (merged into service.ts): experiment jobs for the page, the
// reports kept beside the database, and the command line's run into a folder of its choosing.
import { basename, resolve } from 'node:path';
import type { Handlers } from '../api/contract';
import type { ExperimentJobs } from './app/experiment-jobs';
import { runExperiment } from './experiment/run-experiment';
import { getExperiment, listExperiments } from './experiment/stored';
import type { Store } from './store';

type ExperimentHandlers = Pick<Handlers, 'startExperiment' | 'getExperimentJob' | 'listExperimentJobs' | 'cancelExperiment' | 'listExperiments' | 'getExperiment' | 'runExperiment'>;

export function createExperimentHandlers(store: Store, jobs: ExperimentJobs): ExperimentHandlers {
  return {
    startExperiment: (params) => jobs.start(params),
    getExperimentJob: ({ jobId }) => jobs.get(jobId),
    listExperimentJobs: () => jobs.list(),
    cancelExperiment: ({ jobId }) => jobs.cancel(jobId),
    listExperiments: () => listExperiments(store),
    getExperiment: ({ id }) => getExperiment(store, id),
    runExperiment: async ({ preset, seeds, scale, device, out }, caller) => {
      const outDir = resolve(out);
      const result = await runExperiment({ preset, seeds, scale, device, outDir, onProgress: caller.onProgress && ((message) => caller.onProgress!({ kind: 'stage', message })) });
      return { id: basename(outDir), preset, scale: result.scale, seeds: result.seeds, startedAt: result.startedAt, seconds: result.seconds, conditions: result.conditions, claims: result.claims, outDir };
    },
  };
}
