// Training on and scoring the comparisons in the database: items from texts (featurizer) or embeddings,
// a held-out split and optional k-fold CV grouped by prompt (pairs weighted per comparison), held-out metrics next to
// the length baseline.
import { featurize, resolveDevice, train, type Device, type Items, type RewardModel, type ScoreOptions, type TrainProgress } from './index';
import { foldsByPrompt, splitByPrompt, type PairTable } from './pair-table';
import { pairMetrics, type PairMetrics } from './metrics';
import { judgmentFeaturizer, judgmentTraining } from './recipe';

export interface TrainComparisonsOptions {
  holdout: number;
  folds?: number;
  seed: number;
  device: Device;
  /** "bf16": an embedding model's first layer trains on AMX (engine TrainOptions.precision); default "fp32". */
  precision?: 'fp32' | 'bf16';
  signal?: AbortSignal;
  onProgress?: (stage: string, progress: TrainProgress) => void;
}

export interface TrainComparisonsResult {
  model: RewardModel;
  device: 'cpu' | 'cuda';
  input: 'text' | 'embedding';
  options: Record<string, unknown>;
  trainComparisons: number;
  holdoutComparisons: number;
  /** Ids of the held-out split's comparisons (empty without a holdout). */
  heldOutComparisonIds: string[];
  heldOut: PairMetrics | null;
  crossValidation: (PairMetrics & { folds: number }) | null;
  epochsRun: number;
  bestEpoch: number;
}

/** The training's items: its embeddings, or its texts featurized at training's lower priority. */
async function itemsOf(table: PairTable): Promise<Items> {
  if (table.embeddings) return table.embeddings;
  return featurize({ prompts: table.prompts, responses: table.responses, promptIndex: table.promptIndex }, { ...judgmentFeaturizer, background: true });
}

const pick = (table: PairTable, idx: Uint32Array) => ({
  a: idx.map((i) => table.a[i]),
  b: idx.map((i) => table.b[i]),
  target: Float32Array.from(idx, (i) => table.target[i]),
  weight: Float32Array.from(idx, (i) => table.weight[i]),
});

function metricsOn(table: PairTable, idx: Uint32Array, prob: ArrayLike<number>): PairMetrics {
  return pairMetrics(
    prob,
    Array.from(idx, (i) => table.target[i]),
    Array.from(idx, (i) => table.responses[table.a[i]].length),
    Array.from(idx, (i) => table.responses[table.b[i]].length),
  );
}

/** Trains on the judged comparisons of `table` (targets must be finite). */
export async function trainOnComparisons(table: PairTable, options: TrainComparisonsOptions): Promise<TrainComparisonsResult> {
  const device = resolveDevice(options.device);
  const n = table.comparisonIds.length;
  if (n < 2) throw new Error(`training needs at least 2 comparisons with human judgments, found ${n}`);
  const items = await itemsOf(table);
  const split = options.holdout > 0 ? splitByPrompt(table.group, options.holdout, options.seed) : { train: Uint32Array.from({ length: n }, (_, i) => i), test: new Uint32Array(0) };
  if (split.train.length === 0) throw new Error('nothing left to train on after the held-out split: lower --holdout or add prompts');
  const recipe = { ...judgmentTraining, seed: options.seed, signal: options.signal, device, precision: options.precision ?? 'fp32' };

  let crossValidation: TrainComparisonsResult['crossValidation'] = null;
  if (options.folds) {
    const fold = foldsByPrompt(split.train.map((i) => table.group[i]), options.folds, options.seed + 1);
    const prob = new Float64Array(split.train.length);
    for (let f = 0; f < options.folds; f++) {
      const inFold = Uint32Array.from(split.train.keys()).filter((k) => fold[k] === f);
      const rest = Uint32Array.from(split.train.keys()).filter((k) => fold[k] !== f);
      if (inFold.length === 0 || rest.length === 0) continue;
      const { model } = await train(items, pick(table, rest.map((k) => split.train[k])), {
        ...recipe,
        seed: options.seed + 100 + f,
        onProgress: options.onProgress && ((p) => options.onProgress!(`fold ${f + 1}/${options.folds}`, p)),
      });
      const { prob: p } = await model.scorePairs(items, pick(table, inFold.map((k) => split.train[k])));
      inFold.forEach((k, j) => (prob[k] = p[j]));
    }
    crossValidation = { ...metricsOn(table, split.train, prob), folds: options.folds };
  }

  const result = await train(items, pick(table, split.train), { ...recipe, onProgress: options.onProgress && ((p) => options.onProgress!('final model', p)) });
  let heldOut: PairMetrics | null = null;
  if (split.test.length > 0) {
    const { prob } = await result.model.scorePairs(items, pick(table, split.test));
    heldOut = metricsOn(table, split.test, prob);
  }
  const { signal: _signal, ...recorded } = recipe;
  return {
    model: result.model,
    device: result.device,
    input: table.embeddings ? 'embedding' : 'text',
    options: { ...recorded, precision: result.precision, holdout: options.holdout, folds: options.folds ?? null, featurizer: table.embeddings ? null : judgmentFeaturizer },
    trainComparisons: split.train.length,
    holdoutComparisons: split.test.length,
    heldOutComparisonIds: Array.from(split.test, (i) => table.comparisonIds[i]),
    heldOut,
    crossValidation,
    epochsRun: result.epochsRun,
    bestEpoch: result.bestEpoch,
  };
}

export interface ComparisonScores {
  rewardA: Float32Array;
  rewardB: Float32Array;
  stdA: Float32Array;
  stdB: Float32Array;
  prob: Float32Array;
  spread: Float32Array;
  /** The first layer's precision that ran ("bf16" only for embedding models scored with precision "bf16"). */
  precision: 'fp32' | 'bf16';
}

/** Scores every comparison of `table` with `model` (text models featurize; embedding models need embeddings of their dimension). */
export async function scoreComparisons(table: PairTable, model: RewardModel, options: ScoreOptions = {}): Promise<ComparisonScores> {
  let items: Items;
  if (model.config.featurizer) {
    items = await model.featurize({ prompts: table.prompts, responses: table.responses, promptIndex: table.promptIndex });
  } else {
    if (!table.embeddings || table.embeddings.dim !== model.config.inputDim)
      throw new Error(`this model takes ${model.config.inputDim}-dimensional embeddings, but not every response has one`);
    items = table.embeddings;
  }
  const { mean, std } = await model.scoreItems(items, options);
  const { prob, spread, precision } = await model.scorePairs(items, { a: table.a, b: table.b }, options);
  return {
    precision,
    rewardA: Float32Array.from(table.a, (i) => mean[i]),
    rewardB: Float32Array.from(table.b, (i) => mean[i]),
    stdA: Float32Array.from(table.a, (i) => std[i]),
    stdB: Float32Array.from(table.b, (i) => std[i]),
    prob,
    spread,
  };
}
