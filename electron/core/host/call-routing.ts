// Which contract calls run on a job thread (long work: imports, checks, metrics, routing, exports) and which on
// the interactive one (the evaluator's next/submit, small reads and writes, training job control).
import type { MethodName } from '../../api/methods';

export const LONG_CALLS: ReadonlySet<MethodName> = new Set<MethodName>([
  'importDataset',
  'importScores',
  'deleteDataset',
  'datasetDeletionPlan',
  'previewImport',
  'loadDemo',
  'exportData',
  'runChecks',
  'exportFlags',
  'getEvaluatorStats',
  'getDrift',
  'listRuns',
  'createRun',
  'createDemoRun',
  'getLayerMetrics',
  'exportLayerMetrics',
  'exportModel',
  'routeLayer',
  'getQueueStatus',
  'listRoutedItems',
  'recomputeReport',
  'addEncoder',
  'embedTexts',
  'embedFile',
  'createAssignment',
  'getAssignmentProgress',
  'getLabAgreement',
  'listComparisons',
  'getComparison',
  'saveRecordFilter', // checks a run's layers, which sorts new comparisons into them first
  'listRecordFilters', // counts each filter's matches (a bounded walk of the comparisons)
]);

export const runsOnJobThread = (method: string): boolean => LONG_CALLS.has(method as MethodName);
