// Training a rung's reward model: the human judgments of layers 0..k of a run (or of the whole database),
// consensus per comparison, trained on the native engine and stored with its provenance as the layer's
// active model. Used by `rung train` and by the Ladder page's training jobs.
import { RungError } from '../../api/errors';
import type { Device, TrainProgress } from '../engine';
import { loadComparisons } from '../engine/judgments';
import { saveModel } from '../engine/model-store';
import { trainOnComparisons, type TrainComparisonsResult } from '../engine/pipeline';
import type { Store } from '../store';
import { layerComparisonIds } from './runs';
import type { LayerRule } from './rules';

export interface TrainRungOptions {
  /** With runId: train on layers 0..layer of that run; without: on every judged comparison. */
  runId?: string;
  layer?: number;
  holdout: number;
  folds?: number;
  seed: number;
  device: Device;
  actor: string;
  signal?: AbortSignal;
  onProgress?: (stage: string, progress: TrainProgress) => void;
}

export interface TrainRungResult extends Omit<TrainComparisonsResult, 'model'> {
  modelId: string;
}

interface LayerRow {
  id: string;
  idx: number;
  rule: string;
  runName: string;
}

/** The comparisons of layers 0..k, and the layer row RMk belongs to. */
function rungScope(store: Store, runId: string, layer: number): { comparisonIds: Set<string>; layerId: string; label: string } {
  const layers = store.db
    .prepare('SELECT l.id, l.idx, l.rule, r.name AS runName FROM layers l JOIN runs r ON r.id = l.run_id WHERE l.run_id = ? ORDER BY l.idx')
    .all(runId) as LayerRow[];
  if (layers.length === 0) throw new RungError('NOT_FOUND', `no run with id ${runId}`);
  const top = layers.find((l) => l.idx === layer);
  if (!top) throw new RungError('NOT_FOUND', `run "${layers[0].runName}" has no layer ${layer} (it has 0–${layers.length - 1})`);
  const comparisonIds = new Set<string>();
  for (const l of layers.filter((x) => x.idx <= layer)) for (const id of layerComparisonIds(store.db, JSON.parse(l.rule) as LayerRule)) comparisonIds.add(id);
  return { comparisonIds, layerId: top.id, label: `${top.runName} RM${layer}` };
}

export async function trainRung(store: Store, options: TrainRungOptions): Promise<TrainRungResult> {
  if ((options.runId === undefined) !== (options.layer === undefined)) throw new RungError('INVALID_PARAMS', 'a run and a layer go together');
  const scope = options.runId !== undefined ? rungScope(store, options.runId, options.layer!) : null;
  const table = loadComparisons(store.db, { judgedOnly: true, comparisonIds: scope?.comparisonIds });
  let result: TrainComparisonsResult;
  try {
    result = await trainOnComparisons(table, {
      holdout: options.holdout,
      folds: options.folds,
      seed: options.seed,
      device: options.device,
      signal: options.signal,
      onProgress: options.onProgress,
    });
  } catch (error) {
    if (error instanceof RungError || (error as Error)?.name === 'AbortError') throw error;
    throw new RungError('CONFLICT', (error as Error).message);
  }
  const modelId = saveModel(store.db, {
    name: `${scope?.label ?? 'reward model'} ${new Date().toISOString().slice(0, 19).replace('T', ' ')}`,
    model: result.model,
    config: { ...result.model.config, input: result.input, training: result.options },
    metrics: { heldOut: result.heldOut, crossValidation: result.crossValidation, epochsRun: result.epochsRun, bestEpoch: result.bestEpoch },
    trainedOn: {
      runId: options.runId ?? null,
      layers: scope ? `0..${options.layer}` : 'all',
      comparisons: table.comparisonIds.length,
      trainComparisons: result.trainComparisons,
      holdoutComparisons: result.holdoutComparisons,
      judgments: table.judgmentCount,
      judgmentIds: table.judgmentIds,
      evaluators: table.evaluatorIds,
      consensus: 'majority of human verdicts per comparison; ties by majority or A/B level → 0.5',
      split: { holdout: options.holdout, seed: options.seed, groupedBy: 'prompt' },
    },
    device: result.device,
    actor: options.actor,
    runId: options.runId ?? null,
    layerId: scope?.layerId ?? null,
  });
  const { model: _model, ...rest } = result;
  return { ...rest, modelId };
}
