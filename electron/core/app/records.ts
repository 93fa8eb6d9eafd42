// The record browser's use cases: a page of comparisons under the filters (what it names must exist; the walk picks
// the index that serves a filter and stops at a budget of rows), and one comparison with its judgments, flags and the
// active models' scores on it; every comparison a filter matches (an assignment drawn from a saved filter), and how many
// (a saved filter's list entry).
import type { ParsedParams, Result } from '../../api/contract';
import type { RecordFilterParams } from '../../api/records';
import { RungError } from '../../api/errors';
import { requireEvaluator } from '../db/evaluators';
import { judgmentsOn } from '../db/flag-queries';
import { extendLayerMembers, runLayerIds } from '../db/layer-members';
import { activeModelRows, activePlainModelRow } from '../db/models';
import {
  datasetHasOnlyOwnRows,
  datasetsOfComparison,
  driverSize,
  flagsOnComparison,
  layersOfComparison,
  recordComparison,
  recordIds,
  recordRows,
  walkRecords,
  type Driver,
  type RecordFilter,
} from '../db/record-browser';
import { scoreComparison } from '../ladder/assistance';
import type { Store } from '../store';
import { requireDataset } from './lookups';
import { toJudgmentRow } from '../checks/flag-queries';

/** What one call walks at most: a search that matches little returns a short page and a cursor to go on. */
const RECORD_SCAN_BUDGET = { rows: 200_000, ms: 60 };

/** The filter as the SQL takes it, after checking that the dataset, run (and layer) and evaluator exist. */
export function recordFilter(store: Store, p: RecordFilterParams): RecordFilter {
  if (p.datasetId !== undefined) requireDataset(store, p.datasetId);
  if (p.evaluatorId !== undefined) requireEvaluator(store.db, p.evaluatorId);
  const runLayers = p.runId === undefined ? undefined : runLayerIds(store.db, p.runId, p.layer);
  if (runLayers) extendLayerMembers(store.db, runLayers);
  return {
    text: p.text,
    datasetId: p.datasetId,
    runLayerIds: runLayers,
    layer: p.runId === undefined ? p.layer : undefined,
    metadata: p.metadataKey !== undefined && p.metadataValue !== undefined ? { key: p.metadataKey, value: p.metadataValue } : undefined,
    evaluatorId: p.evaluatorId,
    verdict: p.verdict,
  };
}

/** The ordered index that walks the fewest comparisons the filter can match. */
function chooseDriver(store: Store, filter: RecordFilter): Driver {
  if (filter.runLayerIds?.length === 1) return 'run-layer';
  if (filter.layer !== undefined) return 'layer';
  if (filter.datasetId !== undefined && datasetHasOnlyOwnRows(store.db, filter.datasetId)) return 'dataset';
  return 'all';
}

export function listComparisons(store: Store, params: ParsedParams<'listComparisons'>): Result<'listComparisons'> {
  const filter = recordFilter(store, params);
  const driver = chooseDriver(store, filter);
  const after = params.cursor === undefined ? 0 : Number(params.cursor);
  const walk = walkRecords(store.db, filter, driver, after, params.limit, RECORD_SCAN_BUDGET);
  const rows = recordRows(store.db, walk.hits).map(({ rid: _rid, ...row }) => row);
  return {
    rows,
    nextCursor: walk.next === null ? null : String(walk.next),
    examined: walk.examined,
    scope: params.cursor === undefined ? driverSize(store.db, filter, driver) : null,
    exact: walk.exact,
  };
}

/** Every comparison the filter matches, in store order: one walk with no budget (for an assignment, not a page). */
export function matchingComparisonIds(store: Store, params: RecordFilterParams): string[] {
  const filter = recordFilter(store, params);
  const walk = walkRecords(store.db, filter, chooseDriver(store, filter), 0, Number.POSITIVE_INFINITY, { rows: Number.MAX_SAFE_INTEGER, ms: Number.POSITIVE_INFINITY });
  return recordIds(store.db, walk.hits);
}

/** What counting a saved filter's matches may walk: past it, the count is left out (the list stays quick). */
const MATCH_COUNT_BUDGET = { rows: 50_000, ms: 40 };

/** How many comparisons the filter matches now: the driver's size when an index serves every filter, else a walk within
 *  MATCH_COUNT_BUDGET; null when that walk cannot finish. */
export function countMatching(store: Store, params: RecordFilterParams): number | null {
  const filter = recordFilter(store, params);
  const driver = chooseDriver(store, filter);
  const walk = walkRecords(store.db, filter, driver, 0, Number.POSITIVE_INFINITY, MATCH_COUNT_BUDGET);
  if (walk.exact) return driverSize(store.db, filter, driver);
  return walk.next === null ? walk.hits.length : null;
}

type ModelScore = Result<'getComparison'>['modelScores'][number];

/** The scores of every active model (each run layer's, and the one trained outside a run) on the comparison. */
async function activeModelScores(store: Store, comparisonId: string): Promise<ModelScore[]> {
  const plain = activePlainModelRow(store.db);
  const models = [
    ...activeModelRows(store.db).map((m) => ({ modelId: m.modelId, modelName: m.modelName, run: m.runName, layer: m.layer })),
    ...(plain ? [{ modelId: plain.modelId, modelName: plain.modelName, run: null, layer: null }] : []),
  ];
  const scores: ModelScore[] = [];
  for (const model of models) {
    try {
      const s = await scoreComparison(store.db, model.modelId, comparisonId);
      scores.push(
        'missing' in s
          ? { ...model, rewardA: null, rewardB: null, pA: null, note: s.missing }
          : { ...model, rewardA: s.rewards[0].mean, rewardB: s.rewards[1].mean, pA: s.pA, note: null },
      );
    } catch (error) {
      scores.push({ ...model, rewardA: null, rewardB: null, pA: null, note: `could not score: ${error instanceof Error ? error.message : String(error)}` });
    }
  }
  return scores;
}

export async function getComparison(store: Store, id: string): Promise<Result<'getComparison'>> {
  const comparison = recordComparison(store.db, id);
  if (!comparison) throw new RungError('NOT_FOUND', `no comparison with id ${id}`);
  extendLayerMembers(store.db);
  const modelScores = await activeModelScores(store, id);
  return {
    ...comparison,
    datasets: datasetsOfComparison(store.db, id),
    layers: layersOfComparison(store.db, id),
    judgments: judgmentsOn(store.db, [id]).map(toJudgmentRow) as Result<'getComparison'>['judgments'],
    flags: flagsOnComparison(store.db, id) as Result<'getComparison'>['flags'],
    modelScores,
    modelNote: modelScores.length > 0 ? null : 'no active reward model: train one (rung train, or a run layer on the Ladder page) to see its scores here',
  };
}
