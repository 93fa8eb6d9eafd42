// The filters of the human queue and its progress (a run and layer, a dataset, the data's layer field) as one SQL
// condition on `comparisons c` with named parameters; a run filter is resolved to its layers (members kept in layer_members).
import type Database from 'better-sqlite3';
import { inDatasetSql } from './membership';
import { extendLayerMembers, inLayersSql, runLayerIds } from './layer-members';

export interface QueueFilter {
  /** Only this run's comparisons; `layer` is then the run's layer index (its entry rule). */
  runId?: string;
  datasetId?: string;
  /** Without runId: the data's own layer field. */
  layer?: number;
}

export interface FilterParams {
  datasetId: string | null;
  layer: number | null;
  /** JSON array of the run's layer ids (or the one layer's), or null. */
  scope: string | null;
}

/** The named parameters of FILTER for a queue filter; NOT_FOUND for an unknown run or layer. */
export function filterParams(db: Database.Database, filter: QueueFilter): FilterParams {
  if (!filter.runId) return { datasetId: filter.datasetId ?? null, layer: filter.layer ?? null, scope: null };
  const layerIds = runLayerIds(db, filter.runId, filter.layer);
  extendLayerMembers(db, layerIds);
  return { datasetId: filter.datasetId ?? null, layer: null, scope: JSON.stringify(layerIds) };
}

/** Comparison `c` passes the filter (parameters @datasetId, @layer, @scope). */
export const FILTER = `(@datasetId IS NULL OR ${inDatasetSql('c', '= @datasetId')})
  AND (@layer IS NULL OR c.layer = @layer)
  AND (@scope IS NULL OR ${inLayersSql('c', '@scope')})`;

/** Comparison `c` has a live verdict (a position-check repeat aside) by evaluator @evaluatorId. */
export const JUDGED_BY_EVALUATOR = `EXISTS (SELECT 1 FROM live_judgments j WHERE j.comparison_id = c.id AND j.evaluator_id = @evaluatorId AND j.repeat_of IS NULL)`;

/** Comparison `c` has a live verdict other than a skip (a position-check repeat aside) by evaluator @evaluatorId. */
export const DECIDED_BY_EVALUATOR = `EXISTS (SELECT 1 FROM live_judgments j WHERE j.comparison_id = c.id AND j.evaluator_id = @evaluatorId AND j.repeat_of IS NULL AND j.choice <> 'skip')`;
