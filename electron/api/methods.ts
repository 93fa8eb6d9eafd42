// The names of every contract method, kept free of dependencies so the sandboxed preload can import it.
// contract.ts checks at compile time that this list and the contract's keys are the same set.

export const methodNames = [
  'getAppInfo',
  'getStats',
  'listDatasets',
  'importDataset',
  'getImportProgress',
  'exportData',
  'exportDataToFile',
  'listEvaluators',
  'createEvaluator',
  'nextComparison',
  'submitJudgment',
  'nextComparisons',
  'undoLastJudgment',
  'getProgress',
  'listLayers',
  'loadDemo',
  'getSettings',
  'updateSettings',
  'runChecks',
  'listFlags',
  'getFlag',
  'updateFlag',
  'excludeJudgment',
  'exportFlags',
  'listJudgments',
  'getEvaluatorStats',
  'getDrift',
  'listRuns',
  'createRun',
  'createDemoRun',
  'findRun',
  'startTraining',
  'trainModel',
  'scoreComparisons',
  'simulateDemo',
  'getTrainingJob',
  'listTrainingJobs',
  'cancelTraining',
  'listModels',
  'setActiveModel',
  'getLayerMetrics',
  'exportLayerMetrics',
  'routeLayer',
  'getQueueStatus',
  // stored reports (reports.ts)
  'getLayerMetricsReport',
  'getQueueStatusReport',
  'getEvaluatorStatsReport',
  'recomputeReport',
] as const;

export type MethodName = (typeof methodNames)[number];

/** IPC channel for a method: one channel per method, registered once. */
export const ipcChannel = (method: MethodName): string => `rung:${method}`;
