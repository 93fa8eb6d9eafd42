// The contract's implementation: one handler per API method, on top of the store and the dataset code.
// Transports (IPC, HTTP) call these only through api/dispatch, which validates params and results. Verdicts come in
// through the verdict intake (app/verdict-intake.ts), whose journaled verdicts a closing caller waits for.
import { callerActor, type Caller, type ProgressEvent } from '../api/caller';
import { importFormats, type Handlers } from '../api/contract';
import { exportContent, exportToFile } from './app/export-data';
import { importAndCheck, withImportInput } from './app/import-dataset';
import { loadDemoAndCheck } from './app/load-demo';
import { deleteDataset, deletionPlan } from './app/delete-dataset';
import { previewImport } from './datasets/preview';
import { inputSize } from './datasets/source';
import { createVerdictIntake, type VerdictIntake } from './app/verdict-intake';
import { createImportTracker, type ImportTracker } from './import-tracker';
import type { ImportProgress } from './datasets/import';
import { listDatasets, renameDataset } from './db/datasets';
import { createHumanEvaluator, listEvaluators } from './db/evaluators';
import { listLayers, nextComparison, nextComparisons } from './db/queue';
import { getProgress } from './metrics/progress';
import { getSettings, updateSettings } from './db/settings';
import { checkSubmission, withAssistance } from './ladder/assistance';
import { createFlagHandlers } from './flags-service';
import { createVerdictReviewHandlers } from './verdict-review-service';
import { createBundleHandlers } from './bundle-service';
import { createEncoderHandlers } from './encoder-service';
import { createAssignmentHandlers } from './assignment-service';
import { createLadderHandlers } from './ladder-service';
import { TrainingJobs, type TrainingJob, type TrainingRunner } from './app/training-jobs';
import { ExperimentJobs, type ExperimentJob, type ExperimentRunner } from './app/experiment-jobs';
import { createExperimentHandlers } from './experiment-service';
import { createGuidelinesHandlers } from './guidelines-service';
import { createScoresHandlers } from './scores-service';
import { createQueueHandlers } from './queue-service';
import { createReportHandlers } from './reports-service';
import { createRecordHandlers } from './records-service';
import { recomputeInThisThread, type ScheduleReport } from './app/reports';
import { countRows } from './db/stats';
import type { Store } from './store';
import { engineSummary } from './engine';

export interface ServiceContext {
  mode: 'desktop' | 'browser';
  version: string;
  /** Where running imports are recorded (default: in this thread's memory). */
  imports?: ImportTracker;
  /** How training jobs run (default: in this thread; the served app runs each on a thread of its own). */
  trainingRunner?: TrainingRunner;
  /** Hears every change of a training job (the served app pushes it to the page). */
  onTrainingJob?: (job: TrainingJob) => void;
  /** better-sqlite3's binding for this runtime, for the databases an experiment's runs open. */
  nativeBinding?: string;
  /** How experiments run (default: in this thread; the served app runs each on a thread of its own). */
  experimentRunner?: ExperimentRunner;
  /** Hears every change of an experiment job (pushed to the page). */
  onExperimentJob?: (job: ExperimentJob) => void;
  /** Where a stale stored report is recomputed (default: in this thread, after the call that found it answers). */
  scheduleReport?: ScheduleReport;
}

/** Tells both listeners: the one getImportProgress reads (by progressId) and the caller's own. */
function importListener(tracked: ((p: ImportProgress) => void) | undefined, caller: Caller): ((p: ImportProgress) => void) | undefined {
  const report = caller.onProgress;
  if (!tracked && !report) return undefined;
  return (progress) => {
    tracked?.(progress);
    report?.({ kind: 'import', ...progress } satisfies ProgressEvent);
  };
}

export interface Service {
  handlers: Handlers;
  /** Resolves once the verdicts acknowledged from the verdict journal are in the store: wait for it before closing. */
  verdictsStored(): Promise<void>;
}

export function createHandlers(store: Store, context: ServiceContext): Handlers {
  return createService(store, context).handlers;
}

export function createService(store: Store, context: ServiceContext): Service {
  const verdicts = createVerdictIntake(store);
  return { handlers: serviceHandlers(store, context, verdicts), verdictsStored: () => verdicts.stored() };
}

function serviceHandlers(store: Store, context: ServiceContext, verdicts: VerdictIntake): Handlers {
  const imports = context.imports ?? createImportTracker();
  return {
    ...createFlagHandlers(store, verdicts),
    ...createVerdictReviewHandlers(store, verdicts),
    ...createLadderHandlers(store, new TrainingJobs(store, context.trainingRunner, context.onTrainingJob), verdicts),
    ...createQueueHandlers(store),
    ...createReportHandlers(store, context.scheduleReport ?? recomputeInThisThread(store)),
    ...createEncoderHandlers(store),
    ...createAssignmentHandlers(store),
    ...createBundleHandlers(store, verdicts),
    ...createRecordHandlers(store),
    ...createGuidelinesHandlers(store),
    ...createScoresHandlers(store),
    ...createExperimentHandlers(store, new ExperimentJobs(store, context.experimentRunner, context.onExperimentJob, context.nativeBinding)),
    getAppInfo: () => ({ name: 'Rung', version: context.version, mode: context.mode, dbPath: store.path, importFormats: [...importFormats], engine: engineSummary() }),
    getStats: () => countRows(store.db),
    listDatasets: () => listDatasets(store.db),
    renameDataset: ({ datasetId, name, actor }, caller) => {
      renameDataset(store.db, datasetId, name, callerActor(caller) ?? actor);
      return listDatasets(store.db, datasetId)[0];
    },
    datasetDeletionPlan: ({ datasetId }) => deletionPlan(store.db, datasetId),
    deleteDataset: (params, caller) => deleteDataset(store.db, params, callerActor(caller) ?? params.actor),
    importDataset: ({ source, format, mapping, progressId }, caller) =>
      withImportInput(source, async (input) => {
        const tracked = progressId === undefined ? undefined : imports.begin(progressId, inputSize(input));
        try {
          return await importAndCheck(store, input, { format, mapping, actor: callerActor(caller), onProgress: importListener(tracked, caller) });
        } finally {
          if (progressId !== undefined) imports.end(progressId);
        }
      }),
    getImportProgress: ({ progressId }) => imports.get(progressId),
    previewImport: ({ source, records }) => withImportInput(source, (input) => previewImport(input, { records, partial: source.kind === 'upload' && source.partial })),
    // An export holds every verdict acknowledged before it was asked for, journaled ones included.
    exportData: async ({ format, datasetId, runId, criterion }) => {
      await verdicts.stored();
      return exportContent(store, format, { datasetId, runId, criterion });
    },
    exportDataToFile: async ({ format, datasetId, runId, criterion, path }) => {
      await verdicts.stored();
      return exportToFile(store, format, { datasetId, runId, criterion }, path);
    },
    listEvaluators: () => listEvaluators(store.db),
    createEvaluator: ({ name, domains }) => createHumanEvaluator(store.db, name, domains),
    nextComparison: ({ evaluatorId, datasetId }) => nextComparison(store.db, evaluatorId, datasetId, verdicts.unstoredComparisons(evaluatorId)),
    submitJudgment: (params) => {
      checkSubmission(store.db, params);
      return verdicts.submit(params);
    },
    nextComparisons: ({ evaluatorId, runId, datasetId, layer, count, exclude }) => {
      const skipped = [...(exclude ?? []), ...verdicts.unstoredComparisons(evaluatorId)];
      return withAssistance(store.db, nextComparisons(store.db, evaluatorId, { runId, datasetId, layer, count, exclude: skipped }), { evaluatorId, runId, layer });
    },
    getProgress: async ({ evaluatorId, runId, datasetId, layer, since }) => {
      await verdicts.stored(evaluatorId);
      return getProgress(store.db, evaluatorId, { runId, datasetId, layer, since });
    },
    listLayers: ({ datasetId }) => listLayers(store.db, datasetId),
    loadDemo: (_params, caller) => loadDemoAndCheck(store, callerActor(caller)),
    getSettings: () => getSettings(store.db),
    updateSettings: (changes) => updateSettings(store.db, changes),
  };
}
