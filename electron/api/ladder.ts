// The contract's methods for runs and their layers (spread into contract.ts).
import { z } from 'zod';
import { count, id } from './schemas';


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
    z.object({ id, index: count, name: z.string(), rule: LayerRule, description: z.string(), comparisons: count, humanJudgments: count }),
  ),
});

export const ladderMethods = {
  listRuns: { params: z.object({}).strict(), result: z.array(Run) },
  createRun: {
    params: z
      .object({
        name: z.string().trim().min(1).max(200),
        description: z.string().max(2000).default(''),
        layers: z.array(z.object({ name: z.string().trim().min(1).max(200), rule: LayerRule }).strict()).min(1).max(20),
        actor: z.string().trim().min(1).max(200).default('local user'),
      })
      .strict(),
    result: Run,
  },
  createDemoRun: { params: z.object({}).strict(), result: Run },
} as const;

export const TrainingPoint = z.object({
  epoch: count,
  step: count,
  trainLoss: z.number(),
  valLoss: z.number().nullable(),
  valAccuracy: z.number().nullable(),
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

export const ModelSummary = z.object({
  id: z.string(),
  name: z.string(),
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
});

export const trainingMethods = {
  startTraining: {
    params: z
      .object({
        runId: id,
        layer: count,
        holdout: z.number().min(0).max(0.9).default(0.2),
        seed: z.number().int().nonnegative().max(2 ** 31).default(1),
        device: z.enum(['auto', 'cpu', 'cuda']).default('auto'),
        /** "bf16": an embedding model's first layer on Intel AMX (bfloat16, FP32 sums and weights); text models stay FP32. */
        precision: z.enum(['fp32', 'bf16']).default('fp32'),
        actor: z.string().trim().min(1).max(200).default('local user'),
        /** Weight of layer i's comparisons at index i (missing: 1; 0 leaves a layer out); at most layer + 1 entries. */
        layerWeights: z.array(z.number().min(0).max(100)).max(1001).default([]),
        combine: z.enum(['majority', 'reliability']).default('majority'),
        includeSimulated: z.boolean().default(false),
        includeModelJudgments: z.boolean().default(false),
      })
      .strict(),
    result: TrainingJob,
  },
  getTrainingJob: { params: z.object({ jobId: id }).strict(), result: TrainingJob },
  listTrainingJobs: { params: z.object({ runId: id.optional() }).strict(), result: z.array(TrainingJob) },
  cancelTraining: { params: z.object({ jobId: id }).strict(), result: TrainingJob },
  listModels: { params: z.object({ runId: id.optional() }).strict(), result: z.array(ModelSummary) },
  setActiveModel: { params: z.object({ modelId: z.string().uuid(), actor: z.string().trim().min(1).max(200).default('local user') }).strict(), result: ModelSummary },
} as const;
