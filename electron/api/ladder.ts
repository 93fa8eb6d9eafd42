// The contract's methods for runs and their layers (spread into contract.ts).
import { z } from 'zod';
import { combine, device, folds, holdoutShare, layerIndex, layerWeight, precision, seed } from './rules';
import { count, id } from './schemas';
import { encoderName } from './encoders';
import { Criterion, NewCriteria, criterionKey } from './rubrics';


export const LayerRule = z.discriminatedUnion('kind', [
  z.object({ kind: z.literal('datasets'), datasetIds: z.array(id).min(1).max(100) }).strict(),
  z.object({ kind: z.literal('field'), layer: z.number().int().min(0).max(1000) }).strict(),
  z
    .object({ kind: z.literal('length'), minChars: z.number().int().nonnegative().optional(), maxChars: z.number().int().nonnegative().optional() })
    .strict(),
  z.object({ kind: z.literal('segments'), min: z.number().int().nonnegative().optional(), max: z.number().int().nonnegative().optional() }).strict(),
  z
    .object({
      kind: z.literal('metadata'),
      key: z.string().regex(/^[A-Za-z_][A-Za-z0-9_]{0,63}$/, 'a plain identifier (letters, digits, underscore)'),
      values: z.array(z.union([z.string().max(200), z.number()])).min(1).max(100),
    })
    .strict(),
]);

export const Run = z.object({
  id,
  name: z.string(),
  description: z.string(),
  createdAt: z.string(),
  layers: z.array(
    z.object({ id, index: count, name: z.string(), rule: LayerRule, description: z.string(), comparisons: count, humanLabels: count }),
  ),
  /** The run's rubric in order (empty: no rubric); fixed at creation, since verdicts refer to it. */
  criteria: z.array(Criterion),
});

export const ladderMethods = {
  listRuns: { params: z.object({}).strict(), result: z.array(Run) },
  createRun: {
    params: z
      .object({
        name: z.string().trim().min(1).max(200),
        description: z.string().max(2000).default(''),
        layers: z.array(z.object({ name: z.string().trim().min(1).max(200), rule: LayerRule }).strict()).min(1).max(20),
        /** The rubric: criteria each verdict in this run is given on, in order (none: one verdict per comparison). */
        criteria: NewCriteria,
        actor: z.string().trim().min(1).max(200).default('local user'),
      })
      .strict(),
    result: Run,
  },
  createDemoRun: { params: z.object({}).strict(), result: Run },
  /** A run by its id or its name (what `rung --run RUN` takes). */
  findRun: { params: z.object({ idOrName: z.string().trim().min(1).max(200) }).strict(), result: z.object({ id, name: z.string() }) },
} as const;

export const TrainingPoint = z.object({
  epoch: count,
  step: count,
  trainLoss: z.number(),
  valLoss: z.number().nullable(),
  valAccuracy: z.number().nullable(),
});

/** Held-out metrics of pairwise predictions on `pairs` comparisons, `decided` of them not ties (accuracies leave ties out). */
const PairMetrics = z.object({
  pairs: count,
  decided: count,
  accuracy: z.number().nullable(),
  logLoss: z.number().nullable(),
  ece: z.number().nullable(),
  lengthBaselineAccuracy: z.number().nullable(),
});

const Metrics = z.object({
  accuracy: z.number().nullable(),
  logLoss: z.number().nullable(),
  ece: z.number().nullable(),
  lengthBaselineAccuracy: z.number().nullable(),
});

export const TrainingJob = z.object({
  id,
  runId: id,
  layer: count,
  status: z.enum(['running', 'done', 'failed', 'cancelled']),
  stage: z.string(),
  startedAt: z.string(),
  finishedAt: z.string().nullable(),
  /** One point per finished epoch of the final model, plus the latest step while an epoch runs. */
  points: z.array(TrainingPoint),
  current: TrainingPoint.nullable(),
  error: z.string().nullable(),
  modelId: z.string().nullable(),
  heldOut: Metrics.nullable(),
});

/** The rubric criterion a model was trained on. */
const TrainedCriterion = z.object({ key: z.string(), label: z.string() });

export const ModelSummary = z.object({
  id: z.string(),
  name: z.string(),
  /** The researcher's notes on the model (empty when none). */
  notes: z.string(),
  /** How it was trained, in one line: input, layers and weights, split seed and held-out share, vote, sources, ensemble,
   *  precision; for an external model where its scores came from, "external (FILE, N scores)". */
  recipe: z.string(),
  /** 'external': a lab's own model whose scores were imported (`rung scores import`), no weights; 'trained': by Rung's engine. */
  kind: z.enum(['trained', 'external']),
  runId: z.string().nullable(),
  layer: z.number().int().nullable(),
  active: z.boolean(),
  device: z.string(),
  engineVersion: z.string(),
  createdAt: z.string(),
  heldOut: Metrics.nullable(),
  trainComparisons: count,
  judgments: count,
  evaluators: count,
  /** Judgments used per source (models trained before sources were recorded: all human). */
  judgmentsBySource: z.object({ human: count, simulated: count, model: count }),
  combine: z.enum(['majority', 'reliability']),
  /** Present when trained on a criterion of its run's rubric instead of the judgments' own choices. */
  criterion: TrainedCriterion.optional(),
  /** An external model's imported file (its name, no folders), the comparisons it scored, and when it was imported. */
  external: z.object({ file: z.string(), scores: count, importedAt: z.string() }).optional(),
});

/** How a reward model trains: shared by a Ladder page job (startTraining) and a training that answers when done (trainModel). */
const trainingOptions = {
  holdout: holdoutShare.default(0.2),
  seed: seed.default(1),
  device: device.default('auto'),
  precision: precision.default('fp32'),
  actor: z.string().trim().min(1).max(200).default('local user'),
  /** Weight of layer i's comparisons at index i (missing: 1; 0 leaves a layer out); at most layer + 1 entries. */
  layerWeights: z.array(layerWeight).max(1001).default([]),
  combine: combine.default('majority'),
  includeSimulated: z.boolean().default(false),
  includeModelJudgments: z.boolean().default(false),
  /** A registered encoder: the model's features are its embeddings of prompt and response instead of hashed words. */
  encoder: encoderName.optional(),
  /** A key of the run's rubric: each label is the verdict on that criterion (judgments without one are left out). Needs a run. */
  criterion: criterionKey.optional(),
};

/** A finished training (trainModel): the stored model, what it learned from, its held-out metrics and cross-validation. */
export const TrainSummary = z.object({
  modelId: z.string(),
  device: z.enum(['cpu', 'cuda']),
  input: z.enum(['text', 'embedding', 'encoder']),
  trainComparisons: count,
  holdoutComparisons: count,
  /** Held-out comparisons with a decided (non-tie) consensus: the denominator of the held-out accuracy. */
  holdoutDecided: count,
  judgmentsBySource: z.object({ human: count, simulated: count, model: count }),
  /** The rubric criterion trained on (null: the judgments' own choices), and the judgments left out for having no verdict on it. */
  criterion: TrainedCriterion.nullable(),
  judgmentsWithoutCriterion: count,
  accuracy: z.number().nullable(),
  logLoss: z.number().nullable(),
  ece: z.number().nullable(),
  lengthBaselineAccuracy: z.number().nullable(),
  crossValidation: PairMetrics.extend({ folds: count }).nullable(),
  epochsRun: count,
  bestEpoch: count,
});

export const ScoredComparison = z.object({
  id: z.string(),
  probA: z.number(),
  /** Spread of P(A ≻ B) across the ensemble. */
  spread: z.number(),
  rewardA: z.number(),
  rewardB: z.number(),
  stdA: z.number(),
  stdB: z.number(),
  /** The human consensus (1: A, 0: B, 0.5: tie); null when nobody judged it. */
  consensus: z.number().nullable(),
});

export const trainingMethods = {
  /** Trains a model and answers when it is stored (then the checks run): with runId and layer RMk of that run, else on every judged comparison. */
  trainModel: {
    params: z
      .object({ runId: id.optional(), layer: layerIndex.optional(), folds: folds.optional(), ...trainingOptions })
      .strict(),
    result: TrainSummary,
  },
  /** Scores comparisons with a stored model (default: the active one): the database's, one dataset's, or a dataset file's (path: read, never stored). */
  scoreComparisons: {
    params: z
      .object({
        modelId: z.string().min(1).max(200).optional(),
        datasetId: z.string().min(1).max(200).optional(),
        path: z.string().min(1).optional(),
        precision: precision.default('fp32'),
      })
      .strict(),
    /** precision: what the engine ran at; 'external' for a lab's model, whose scores are read as imported. */
    result: z.object({ modelId: z.string(), precision: z.enum(['fp32', 'bf16', 'external']), comparisons: z.array(ScoredComparison), agreementWithHumans: PairMetrics }),
  },
  startTraining: { params: z.object({ runId: id, layer: layerIndex, ...trainingOptions }).strict(), result: TrainingJob },
  getTrainingJob: { params: z.object({ jobId: id }).strict(), result: TrainingJob },
  listTrainingJobs: { params: z.object({ runId: id.optional() }).strict(), result: z.array(TrainingJob) },
  cancelTraining: { params: z.object({ jobId: id }).strict(), result: TrainingJob },
  listModels: { params: z.object({ runId: id.optional() }).strict(), result: z.array(ModelSummary) },
  /** A model as model.safetensors (PyTorch layout) and config.json, for the window to save. */
  exportModel: {
    params: z.object({ modelId: z.string().min(1).max(200) }).strict(),
    result: z.object({ folderName: z.string(), safetensorsBase64: z.string(), configJson: z.string() }),
  },
  /** The same two files written into a folder (the command line's). */
  exportModelToFolder: {
    params: z.object({ modelId: z.string().min(1).max(200), out: z.string().min(1) }).strict(),
    result: z.object({ outDir: z.string(), files: z.array(z.string()) }),
  },
  /** Renames a model and/or changes its notes (audited). */
  editModel: {
    params: z
      .object({
        modelId: z.string().uuid(),
        name: z.string().trim().min(1).max(200).optional(),
        notes: z.string().max(5000).optional(),
        actor: z.string().trim().min(1).max(200).default('local user'),
      })
      .strict()
      .refine((p) => p.name !== undefined || p.notes !== undefined, { message: 'give a name or notes to change', path: ['name'] }),
    result: ModelSummary,
  },
  setActiveModel: { params: z.object({ modelId: z.string().uuid(), actor: z.string().trim().min(1).max(200).default('local user') }).strict(), result: ModelSummary },
} as const;
