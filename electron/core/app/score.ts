// Scoring comparisons with a stored reward model: the database's (or one dataset's), or a dataset file's read through
// an in-memory store (nothing is stored); with the model's agreement with the human consensus where there is one.
// An external model answers for the comparisons its imported file scored (a file's are matched by their content ids).
import type { ParsedParams, Result } from '../../api/contract';
import { RungError } from '../../api/errors';
import { importDataset } from '../datasets/import';
import { loadComparisons } from '../ladder/training-data';
import { pairMetrics } from '../engine/metrics';
import { modelRow } from '../db/models';
import { modelScorer } from '../scoring/scorer';
import { openStore, type Store } from '../store';
import { withEngineErrors } from './engine-errors';
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
    const modelId = params.modelId ?? modelRow(store.db)?.id;
    if (!modelId) throw new RungError('NOT_FOUND', 'no model in this database: run `rung train` first');
    const scorer = modelScorer(store.db, modelId);
    if (params.datasetId) requireDataset(store, params.datasetId);
    const table = params.path ? await comparisonsOfFile(params.path, actor) : loadComparisons(store.db, { judgedOnly: false, datasetId: params.datasetId });
    if (table.comparisonIds.length === 0) throw new RungError('NOT_FOUND', 'no comparisons to score');
    const { byId, precision } = await scorer.scoreTable(table, { precision: params.precision });
    // An external model scores only the comparisons its file covered: the others are left out of the answer.
    const scored = Uint32Array.from(table.comparisonIds.keys()).filter((i) => byId.has(table.comparisonIds[i]));
    if (scored.length === 0) throw new RungError('NOT_FOUND', `${scorer.name} has no scores of these comparisons`);
    const judged = scored.filter((i) => !Number.isNaN(table.target[i]));
    const pOf = (i: number) => byId.get(table.comparisonIds[i])!.pA;
    const agreementWithHumans = pairMetrics(
      Array.from(judged, pOf),
      Array.from(judged, (i) => table.target[i]),
      Array.from(judged, (i) => table.responses[table.a[i]].length),
      Array.from(judged, (i) => table.responses[table.b[i]].length),
    );
    const comparisons = Array.from(scored, (i) => {
      const s = byId.get(table.comparisonIds[i])!;
      return {
        id: table.comparisonIds[i],
        probA: s.pA,
        spread: s.spread,
        rewardA: s.rewardA,
        rewardB: s.rewardB,
        stdA: s.stdA,
        stdB: s.stdB,
        consensus: Number.isNaN(table.target[i]) ? null : table.target[i],
      };
    });
    return { modelId: scorer.id, precision, comparisons, agreementWithHumans };
  });
}
