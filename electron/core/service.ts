// The contract's implementation: one handler per API method, on top of the store and the dataset code.
// Transports (IPC, HTTP) call these only through api/dispatch, which validates params and results.
import { importFormats, MAX_UPLOAD_BASE64, type Handlers } from '../api/contract';
import { RungError } from '../api/errors';
import { exportLines } from './datasets/export';
import { checkAfterImport } from './checks/triggers';
import { importDataset } from './datasets/import';
import { createImportTracker, type ImportTracker } from './import-tracker';
import { datasetExists, listDatasets } from './db/datasets';
import { createHumanEvaluator, listEvaluators } from './db/evaluators';
import { submitJudgment, undoLastJudgment } from './db/judgment-writes';
import { listLayers, nextComparison, nextComparisons } from './db/queue';
import { getProgress } from './metrics/progress';
import { getSettings, updateSettings } from './db/settings';
import { assistanceAfterUndo, checkSubmission, withAssistance } from './ladder/assistance';
import { loadDemo } from './demo';
import { createFlagHandlers } from './flags-service';
import { createLadderHandlers } from './ladder-service';
import { TrainingJobs, type TrainingRunner } from './ladder/training-jobs';
import { createQueueHandlers } from './queue-service';
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
}

const BASE64 = /^[A-Za-z0-9+/]*={0,2}$/;

function decodeUpload(fileName: string, contentBase64: string): Buffer {
  if (contentBase64.length > MAX_UPLOAD_BASE64) throw new RungError('BAD_INPUT', `${fileName}: file too large to upload; import it with \`rung import\``);
  if (contentBase64.length % 4 !== 0 || !BASE64.test(contentBase64)) throw new RungError('BAD_INPUT', `${fileName}: upload is not valid base64`);
  return Buffer.from(contentBase64, 'base64');
}

export function createHandlers(store: Store, context: ServiceContext): Handlers {
  const imports = context.imports ?? createImportTracker();
  return {
    ...createFlagHandlers(store),
    ...createLadderHandlers(store, new TrainingJobs(store, context.trainingRunner)),
    ...createQueueHandlers(store),
    getAppInfo: () => ({ name: 'Rung', version: context.version, mode: context.mode, dbPath: store.path, importFormats: [...importFormats], engine: engineSummary() }),
    getStats: () => countRows(store.db),
    listDatasets: () => listDatasets(store.db),
    importDataset: async ({ source, format, progressId }) => {
      const input = source.kind === 'path' ? { path: source.path } : { fileName: source.fileName, bytes: decodeUpload(source.fileName, source.contentBase64) };
      const onProgress = progressId === undefined ? undefined : imports.begin(progressId, input.bytes?.length ?? 0);
      try {
        return checkAfterImport(store, await importDataset(store, input, { format, onProgress }), 'app');
      } finally {
        if (progressId !== undefined) imports.end(progressId);
      }
    },
    getImportProgress: ({ progressId }) => imports.get(progressId),
    exportData: ({ format, datasetId }) => {
      if (datasetId && !datasetExists(store.db, datasetId)) {
        throw new RungError('NOT_FOUND', `no dataset with id ${datasetId}`);
      }
      let content = '';
      let rows = 0;
      for (const line of exportLines(store, format, datasetId)) {
        content += line;
        rows++;
      }
      const csv = format === 'judgments-csv';
      return {
        fileName: csv ? 'rung-judgments.csv' : 'rung-preferences.jsonl',
        mimeType: csv ? 'text/csv' : 'application/x-ndjson',
        rows: csv ? rows - 1 : rows,
        content,
      };
    },
    listEvaluators: () => listEvaluators(store.db),
    createEvaluator: ({ name, domains }) => createHumanEvaluator(store.db, name, domains),
    nextComparison: ({ evaluatorId, datasetId }) => nextComparison(store.db, evaluatorId, datasetId),
    submitJudgment: (params) => {
      checkSubmission(store.db, params);
      return submitJudgment(store.db, params, { requireFresh: true });
    },
    nextComparisons: ({ evaluatorId, runId, datasetId, layer, count, exclude }) =>
      withAssistance(store.db, nextComparisons(store.db, evaluatorId, { runId, datasetId, layer, count, exclude }), { evaluatorId, runId, layer }),
    undoLastJudgment: async ({ evaluatorId }) => {
      const undone = undoLastJudgment(store.db, evaluatorId);
      if (!undone) return null;
      const assistance = await assistanceAfterUndo(store.db, undone.judgmentId, evaluatorId, undone.item.comparison.id);
      return { ...undone, item: { ...undone.item, assistance } };
    },
    getProgress: ({ evaluatorId, runId, datasetId, layer, since }) => getProgress(store.db, evaluatorId, { runId, datasetId, layer, since }),
    listLayers: ({ datasetId }) => listLayers(store.db, datasetId),
    loadDemo: async () => checkAfterImport(store, await loadDemo(store), 'app'),
    getSettings: () => getSettings(store.db),
    updateSettings: (changes) => updateSettings(store.db, changes),
  };
}
