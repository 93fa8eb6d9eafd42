// The contract's handlers for runs, layers, training jobs and models (merged into service.ts).
import type { Handlers } from '../api/contract';
import { runName } from './db/runs';
import { layerMetrics } from './ladder/layer-metrics';
import { exportLayerMetrics } from './ladder/layer-metrics-export';
import { listModelSummaries, setActiveModel } from './ladder/models';
import { createDemoRun, createRun, listRuns } from './ladder/runs';
import { TrainingJobs } from './ladder/training-jobs';
import type { Store } from './store';

type LadderHandlers = Pick<
  Handlers,
  | 'listRuns'
  | 'createRun'
  | 'createDemoRun'
  | 'startTraining'
  | 'getTrainingJob'
  | 'listTrainingJobs'
  | 'cancelTraining'
  | 'listModels'
  | 'setActiveModel'
  | 'getLayerMetrics'
  | 'exportLayerMetrics'
>;

export function createLadderHandlers(store: Store, jobs = new TrainingJobs(store)): LadderHandlers {
  return {
    startTraining: (request) => jobs.start(request),
    getTrainingJob: ({ jobId }) => jobs.get(jobId),
    listTrainingJobs: ({ runId }) => jobs.list(runId),
    cancelTraining: ({ jobId }) => jobs.cancel(jobId),
    listModels: ({ runId }) => listModelSummaries(store.db, runId),
    setActiveModel: ({ modelId, actor }) => setActiveModel(store.db, modelId, actor),
    listRuns: () => listRuns(store.db),
    createRun: ({ name, description, layers, actor }) => createRun(store.db, name, description, layers, actor),
    createDemoRun: () => createDemoRun(store.db, 'app'),
    getLayerMetrics: ({ runId }) => layerMetrics(store, runId),
    exportLayerMetrics: async ({ runId, format }) => {
      const metrics = await layerMetrics(store, runId);
      return exportLayerMetrics(runId, runName(store.db, runId)!, metrics, format);
    },
  };
}
