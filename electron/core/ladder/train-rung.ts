// Training a rung's reward model: the judgments of layers 0..k of a run (or of the whole database) under the
// training options (layer weights, combining rule, which sources count, the rubric criterion whose verdicts label;
// rules in ladder/training-data.ts), trained on the native engine and stored with its provenance as the layer's
// active model. Used by `rung train` and the Ladder page.
import { RungError } from '../../api/errors';
import type { Device, TrainProgress } from '../engine';
import type { Combine } from './consensus';
import { chosenCriterion } from './criterion';
import { loadComparisons, type ComparisonTable } from './training-data';
import { saveModel } from '../engine/model-store';
import { retryWhileBusy } from '../db/busy-retry';
import { trainOnComparisons, type TrainComparisonsResult } from '../engine/pipeline';
import type { Store } from '../store';
import { layerMemberIds } from '../db/layer-members';
import { runLayers, runName } from '../db/runs';
import { encoderFeatures, encoderRef, type EncoderRef } from '../encoders/features';

/** How long a trained model waits for the write lock before the job fails with BUSY. */
const SAVE_DEADLINE_MS = 300_000;

export interface TrainRungOptions {
  /** With runId: train on layers 0..layer of that run; without: on every judged comparison. */
  runId?: string;
  layer?: number;
  holdout: number;
  folds?: number;
  /** Weight of each layer's comparisons, by layer index (missing: 1; 0 leaves the layer out). Needs a run. */
  layerWeights?: number[];
  /** How several verdicts on one comparison combine (default 'majority'). */
  combine?: Combine;
  /** Count simulated evaluators' verdicts (default false). */
  includeSimulated?: boolean;
  /** Count model judgments, e.g. auto-labels (default false), so a model's errors never train a model unless asked. */
  includeModelJudgments?: boolean;
  seed: number;
  device: Device;
  precision?: 'fp32' | 'bf16';
  /** A registered encoder's name: features from its embeddings (encoders/features.ts) instead of hashed words. */
  encoder?: string;
  /** A key of the run's rubric: labels are the verdicts on that criterion instead of the judgments' own choices. Needs a run. */
  criterion?: string;
  actor: string;
  signal?: AbortSignal;
  /** Each training step under its stage; a stage without steps (encoding texts) comes without progress. */
  onProgress?: (stage: string, progress?: TrainProgress) => void;
}

export interface TrainRungResult extends Omit<TrainComparisonsResult, 'model' | 'input'> {
  input: TrainComparisonsResult['input'] | 'encoder';
  modelId: string;
  judgmentsBySource: ComparisonTable['sources'];
  /** The criterion trained on (null: the judgments' own choices), and the judgments left out for having no verdict on it. */
  criterion: { key: string; label: string } | null;
  judgmentsWithoutCriterion: number;
}

/**
 * The comparisons of layers 0..k with their pair weight (the weight of the highest layer ≤ k a comparison belongs
 * to), and the layer row RMk belongs to.
 */
function rungScope(store: Store, runId: string, layer: number, layerWeights: readonly number[]): { comparisonIds: Set<string>; weight: Map<string, number>; layerId: string; label: string } {
  const layers = runLayers(store.db, runId);
  if (layers.length === 0) throw new RungError('NOT_FOUND', `no run with id ${runId}`);
  const name = runName(store.db, runId)!;
  const top = layers.find((l) => l.idx === layer);
  if (!top) throw new RungError('NOT_FOUND', `run "${name}" has no layer ${layer} (it has 0–${layers.length - 1})`);
  if (layerWeights.length > layer + 1) throw new RungError('INVALID_PARAMS', `layer weights go up to layer ${layer} for RM${layer} (RM${layer} trains on layers 0–${layer} only); got ${layerWeights.length} weights`);
  const weight = new Map<string, number>();
  for (const l of layers.filter((x) => x.idx <= layer))
    for (const id of layerMemberIds(store.db, [l.id])) weight.set(id, layerWeights[l.idx] ?? 1);
  const comparisonIds = new Set([...weight.keys()]);
  return { comparisonIds, weight, layerId: top.id, label: `${name} RM${layer}` };
}

/** Refuses weights that are not finite and ≥ 0, or that leave nothing to train on. */
function checkLayerWeights(weights: readonly number[]): void {
  weights.forEach((w, i) => {
    if (!Number.isFinite(w) || w < 0) throw new RungError('INVALID_PARAMS', `layer weight ${i} must be a number ≥ 0, got ${w}`);
  });
  if (weights.length > 0 && weights.every((w) => w === 0)) throw new RungError('INVALID_PARAMS', 'every layer weight is 0: nothing would be trained on');
}

/** When too few comparisons have usable verdicts: the plain message, plus which option would bring in the ones left out. */
function tooFewMessage(table: ComparisonTable): string {
  const hints = [];
  if (table.leftOut.simulated > 0) hints.push(`${table.leftOut.simulated} judgments by simulated evaluators (include them with includeSimulated: "Include simulated evaluators' judgments" in the Train form, \`--include-simulated\` for \`rung train\`)`);
  if (table.leftOut.withoutCriterion > 0) hints.push(`${table.leftOut.withoutCriterion} judgments without a verdict on the criterion`);
  if (table.leftOut.model > 0) hints.push(`${table.leftOut.model} model judgments (include them with includeModelJudgments: "Include model judgments" in the Train form, \`--include-model-judgments\` for \`rung train\`)`);
  const base = `training needs at least 2 comparisons with human judgments, found ${table.comparisonIds.length}`;
  return hints.length ? `${base}; left out: ${hints.join(' and ')}` : base;
}

export async function trainRung(store: Store, options: TrainRungOptions): Promise<TrainRungResult> {
  if ((options.runId === undefined) !== (options.layer === undefined)) throw new RungError('INVALID_PARAMS', 'a run and a layer go together');
  const layerWeights = options.layerWeights ?? [];
  checkLayerWeights(layerWeights);
  if (layerWeights.length > 0 && options.runId === undefined) throw new RungError('INVALID_PARAMS', 'layer weights need a run and a layer');
  const combine = options.combine ?? 'majority';
  const includeSimulated = options.includeSimulated ?? false;
  const includeModelJudgments = options.includeModelJudgments ?? false;
  const scope = options.runId !== undefined ? rungScope(store, options.runId, options.layer!, layerWeights) : null;
  const chosen = chosenCriterion(store.db, options.runId, options.criterion);
  const criterion = chosen && { key: chosen.key, label: chosen.label };
  const table = loadComparisons(store.db, {
    judgedOnly: true,
    comparisonIds: scope?.comparisonIds,
    comparisonWeight: scope?.weight,
    combine,
    includeSimulated,
    includeModelJudgments,
    criterion: chosen ?? undefined,
  });
  if (table.comparisonIds.length < 2) throw new RungError('CONFLICT', tooFewMessage(table));
  const encoder: EncoderRef | null = options.encoder === undefined ? null : encoderRef(store.db, options.encoder);
  if (encoder) {
    const onEncoding = options.onProgress && ((p: { encoded: number; toEncode: number }) => options.onProgress!(`encoding texts (${p.encoded}/${p.toEncode})`));
    table.embeddings = await encoderFeatures(store.db, encoder, table, { signal: options.signal, onProgress: onEncoding });
  }
  let result: TrainComparisonsResult;
  try {
    result = await trainOnComparisons(table, {
      holdout: options.holdout,
      folds: options.folds,
      seed: options.seed,
      device: options.device,
      precision: options.precision,
      signal: options.signal,
      onProgress: options.onProgress,
    });
  } catch (error) {
    if (error instanceof RungError || (error as Error)?.name === 'AbortError') throw error;
    throw new RungError('CONFLICT', (error as Error).message);
  }
  // provenance: the judgments the model learned from, apart from those of its held-out comparisons
  const heldOut = new Set(result.heldOutComparisonIds);
  const judgmentIds: string[] = [], heldOutJudgmentIds: string[] = [];
  table.judgmentIds.forEach((id, j) => (heldOut.has(table.judgmentComparisonIds[j]) ? heldOutJudgmentIds : judgmentIds).push(id));
  // Saved when the write lock is free: another writer (an import's copy, in this process or another) gives way to it,
  // and a model that took minutes to train is not lost to SQLITE_BUSY.
  const modelId = await retryWhileBusy('saving the trained model', () => saveModel(store.db, {
    name: `${scope?.label ?? 'reward model'}${criterion ? ` ${criterion.label}` : ''} ${new Date().toISOString().slice(0, 19).replace('T', ' ')}`,
    model: result.model,
    config: { ...result.model.config, input: encoder ? 'encoder' : result.input, training: result.options, encoder },
    metrics: { heldOut: result.heldOut, crossValidation: result.crossValidation, epochsRun: result.epochsRun, bestEpoch: result.bestEpoch },
    trainedOn: {
      runId: options.runId ?? null,
      layers: scope ? `0..${options.layer}` : 'all',
      comparisons: table.comparisonIds.length,
      trainComparisons: result.trainComparisons,
      holdoutComparisons: result.holdoutComparisons,
      heldOutComparisonIds: result.heldOutComparisonIds,
      judgments: table.judgmentCount,
      judgmentIds,
      heldOutJudgmentIds,
      evaluators: table.evaluatorIds,
      evaluatorWeights: table.evaluatorWeights,
      judgmentsBySource: table.sources,
      layerWeights: scope ? Array.from({ length: options.layer! + 1 }, (_, i) => layerWeights[i] ?? 1) : null,
      combine,
      includeSimulated,
      includeModelJudgments,
      criterion,
      judgmentsWithoutCriterion: table.leftOut.withoutCriterion,
      consensus:
        'per comparison the side with the most vote weight (vote weight = strength, unspecified 2, × evaluator weight); 0.5 when ties outweigh both or A and B are level (ladder/consensus.ts)',
      split: { holdout: options.holdout, seed: options.seed, groupedBy: 'prompt' },
    },
    device: result.device,
    actor: options.actor,
    runId: options.runId ?? null,
    layerId: scope?.layerId ?? null,
  }), SAVE_DEADLINE_MS, store.path);
  const { model: _model, ...rest } = result;
  return { ...rest, input: encoder ? 'encoder' : result.input, modelId, judgmentsBySource: table.sources, criterion, judgmentsWithoutCriterion: table.leftOut.withoutCriterion };
}
