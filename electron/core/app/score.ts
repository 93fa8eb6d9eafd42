// Scoring comparisons with a stored reward model: the database's (or one dataset's), or a dataset file's read through
// an in-memory store (nothing is stored); with the model's agreement with the human consensus where there is one.
import type { ParsedParams, Result } from '../../api/contract';
import { RungError } from '../../api/errors';
import { importDataset } from '../datasets/import';
import { loadComparisons } from '../ladder/training-data';
import { pairMetrics } from '../engine/metrics';
import { loadModel } from '../engine/model-store';
import { scoreComparisons as scoreTable } from '../engine/pipeline';
import { openStore, type Store } from '../store';
import { withEngineErrors } from './engine-errors';
import { withModelFeatures } from '../encoders/features';
import { requireDataset } from './lookups';

/** The comparisons of a dataset file (any import format), read through an in-memory database. */
async function comparisonsOfFile(path: string, actor: string | undefined) {
  const scratch = openStore(':memory:');
  try {
    await importDataset(scratch, { path }, { format: 'auto', actor });
    return loadComparisons(scratch.db, { judgedOnly: false });
  } finally {
    scratch.close();
  }
}

export function scoreComparisons(store: Store, params: ParsedParams<'scoreComparisons'>, actor?: string): Promise<Result<'scoreComparisons'>> {
  return withEngineErrors(async () => {
    const stored = loadModel(store.db, params.modelId);
    if (!stored) throw new RungError('NOT_FOUND', params.modelId ? `no model with id ${params.modelId}` : 'no model in this database: run `rung train` first');
    if (params.datasetId) requireDataset(store, params.datasetId);
    const table = params.path ? await comparisonsOfFile(params.path, actor) : loadComparisons(store.db, { judgedOnly: false, datasetId: params.datasetId });
    if (table.comparisonIds.length === 0) throw new RungError('NOT_FOUND', 'no comparisons to score');
    const s = await scoreTable(await withModelFeatures(store.db, stored.config, table), stored.model, { precision: params.precision });
    const judged = Uint32Array.from(table.target.keys()).filter((i) => !Number.isNaN(table.target[i]));
    const agreementWithHumans = pairMetrics(
      Array.from(judged, (i) => s.prob[i]),
      Array.from(judged, (i) => table.target[i]),
      Array.from(judged, (i) => table.responses[table.a[i]].length),
      Array.from(judged, (i) => table.responses[table.b[i]].length),
    );
    const comparisons = table.comparisonIds.map((id, i) => ({
      id,
      probA: s.prob[i],
      spread: s.spread[i],
      rewardA: s.rewardA[i],
      rewardB: s.rewardB[i],
      stdA: s.stdA[i],
      stdB: s.stdB[i],
      consensus: Number.isNaN(table.target[i]) ? null : table.target[i],
    }));
    return { modelId: stored.id, precision: s.precision, comparisons, agreementWithHumans };
  });
}
