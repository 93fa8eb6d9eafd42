// The contract's handlers for runs, layers, training (jobs, and trainings that answer when done), scoring, the
// simulated loop and models (merged into service.ts).
import { callerActor, type Caller } from '../api/caller';
import type { Handlers } from '../api/contract';
import { runName } from './db/runs';
import { findRun } from './app/lookups';
import { scoreComparisons } from './app/score';
import { simulateDemo } from './app/simulate-demo';
import { trainModel } from './app/train-model';
import { exportModel, exportModelToFolder } from './app/export-model';
import { TrainingJobs } from './app/training-jobs';
import type { TrainProgress } from './engine';
import { layerMetrics } from './ladder/layer-metrics';
import { exportLayerMetrics } from './ladder/layer-metrics-export';
import { changeModel, listModelSummaries, setActiveModel } from './ladder/models';
import { createDemoRun, createRun, listRuns } from './ladder/runs';
import type { Store } from './store';
import type { VerdictIntake } from './app/verdict-intake';

type LadderHandlers = Pick<
  Handlers,
  | 'listRuns'
  | 'createRun'
  | 'createDemoRun'
  | 'findRun'
  | 'startTraining'
  | 'getTrainingJob'
  | 'listTrainingJobs'
  | 'cancelTraining'
  | 'trainModel'
  | 'scoreComparisons'
  | 'simulateDemo'
  | 'listModels'
  | 'exportModel'
  | 'exportModelToFolder'
  | 'setActiveModel'
  | 'editModel'
  | 'getLayerMetrics'
  | 'exportLayerMetrics'
>;

/** The caller's listener for a training's progress, if it has one. */
const trainingListener = ({ onProgress }: Caller) =>
  onProgress &&
  ((stage: string, p?: TrainProgress) =>
    onProgress(p ? { kind: 'training', stage, epoch: p.epoch, step: p.step, trainLoss: p.trainLoss, valAccuracy: p.valAccuracy } : { kind: 'stage', message: stage }));

export function createLadderHandlers(store: Store, jobs: TrainingJobs, verdicts: VerdictIntake): LadderHandlers {
  return {
    startTraining: async (request) => {
      await verdicts.stored(); // trained on every verdict acknowledged before it was asked for
      return jobs.start(request);
    },
    getTrainingJob: ({ jobId }) => jobs.get(jobId),
    listTrainingJobs: ({ runId }) => jobs.list(runId),
    cancelTraining: ({ jobId }) => jobs.cancel(jobId),
    trainModel: (params, caller) => trainModel(store, params, trainingListener(caller)),
    scoreComparisons: (params, caller) => scoreComparisons(store, params, callerActor(caller)),
    simulateDemo: (params, caller) =>
      simulateDemo(store, params, callerActor(caller), caller.onProgress && ((message) => caller.onProgress!({ kind: 'stage', message }))),
    listModels: ({ runId }) => listModelSummaries(store.db, runId),
    exportModel: (params) => exportModel(store, params),
    exportModelToFolder: (params) => exportModelToFolder(store, params),
    setActiveModel: ({ modelId, actor }) => setActiveModel(store.db, modelId, actor),
    editModel: ({ modelId, name, notes, actor }, caller) => changeModel(store.db, modelId, { name, notes }, callerActor(caller) ?? actor),
    listRuns: () => listRuns(store.db),
    createRun: ({ name, description, layers, actor, criteria }) => createRun(store.db, name, description, layers, actor, criteria),
    createDemoRun: () => createDemoRun(store.db, 'app'),
    findRun: ({ idOrName }) => findRun(store, idOrName),
    getLayerMetrics: ({ runId }) => layerMetrics(store, runId),
    exportLayerMetrics: async ({ runId, format }) => {
      const metrics = await layerMetrics(store, runId);
      return exportLayerMetrics(runId, runName(store.db, runId)!, metrics, format);
    },
  };
}
