// The contract's methods for consistency checks, flags and evaluator agreement (spread into contract.ts).
import { z } from 'zod';
import { criterionKey } from './rubrics';
import { count, id } from './schemas';


/** relabelled: a relabel it asked for was answered (resolvedBy the evaluator who answered; relabelOutcome says how). */
export const flagStatuses = ['open', 'confirmed', 'dismissed', 'relabel_requested', 'relabelled'] as const;
export const FlagStatus = z.enum(flagStatuses);

export const FlagRow = z.object({
  id,
  kind: z.string(),
  severity: z.number().min(0).max(1),
  status: FlagStatus,
  comparisonId: id.nullable(),
  layer: z.number().int().nullable(),
  promptExcerpt: z.string(),
  evaluators: z.array(z.string()),
  notes: z.string(),
  createdAt: z.string(),
  updatedAt: z.string().nullable(),
  resolvedBy: z.string().nullable(),
  resolvedAt: z.string().nullable(),
  /** What its answered relabel requests came to ("Bob kept A", "Bob changed A → B", "answered by Bob: B"); else null. */
  relabelOutcome: z.string().nullable(),
  /** The label of the run's rubric criterion the flag is about (a check per criterion); absent for a flag on the judgments' own choices. */
  criterion: z.string().optional(),
});

export const JudgmentRow = z.object({
  id,
  comparisonId: id,
  evaluatorId: id,
  evaluator: z.string(),
  evaluatorKind: z.enum(['human', 'model']),
  choice: z.enum(['A', 'B', 'tie', 'skip']),
  strength: z.number().int().nullable(),
  leftSide: z.enum(['A', 'B']).nullable(),
  rationale: z.string().nullable(),
  durationMs: z.number().int().nullable(),
  assisted: z.boolean(),
  origin: z.string(),
  repeatOf: id.nullable(),
  createdAt: z.string(),
  retractedAt: z.string().nullable(),
  excludedAt: z.string().nullable(),
  excludedReason: z.string().nullable(),
  /** listJudgments asked for a criterion of a run's rubric (runId + criterion): this judgment's verdict on it. */
  criterion: z.object({ key: z.string(), label: z.string(), choice: z.enum(['A', 'B', 'tie']), strength: z.number().int().nullable() }).optional(),
});

export const FlagDetail = z.object({
  flag: FlagRow,
  evidence: z.record(z.string(), z.unknown()),
  comparison: z
    .object({
      id,
      prompt: z.string(),
      responseA: z.string(),
      responseB: z.string(),
      groundTruth: z.enum(['A', 'B', 'tie']).nullable(),
      layer: z.number().int().nullable(),
      dataset: z.string().nullable(),
    })
    .nullable(),
  judgments: z.array(JudgmentRow),
  /** Which model assisted which judgment, and which judgments trained which model (empty until models assist). */
  provenance: z.object({
    assisted: z.array(z.object({ judgmentId: id, modelId: z.string(), modelName: z.string().nullable() })),
    /** trainedOnJudgments: all a model was trained on; trainedOnHere: how many of them are this flag's judgments. */
    models: z.array(z.object({ id: z.string(), name: z.string(), trainedOnJudgments: count, trainedOnHere: count })),
    /** The models the flag concerns (model checks): what trained each, and how many of this flag's judgments did. */
    flaggedModels: z.array(
      z.object({
        id: z.string(),
        name: z.string(),
        runId: z.string().nullable(),
        layer: z.number().int().nullable(),
        trainedOnJudgments: count,
        trainedOnHere: count,
        byEvaluator: z.array(z.object({ evaluatorId: id, evaluator: z.string(), judgments: count })),
      }),
    ),
  }),
  relabelRequests: z.array(
    z.object({
      id,
      evaluatorId: id.nullable(),
      evaluator: z.string().nullable(),
      requestedBy: z.string(),
      reason: z.string(),
      createdAt: z.string(),
      doneAt: z.string().nullable(),
      /** When answered: what the answer came to, as relabelOutcome words it. */
      outcome: z.string().nullable(),
    }),
  ),
  audit: z.array(z.object({ at: z.string(), actor: z.string(), action: z.string(), details: z.record(z.string(), z.unknown()) })),
});

/** The fewest other evaluators whose verdicts on a comparison make a consensus to agree with (a majority among them). */
export const CONSENSUS_MIN_OTHERS = 2;

/**
 * Why an evaluator has no agreement with consensus: nobody else judged any of their comparisons; others did, but never
 * CONSENSUS_MIN_OTHERS of them the same comparison; or wherever enough others did, they were split (no majority).
 */
export const consensusGaps = ['no-shared-items', 'too-few-others', 'others-split'] as const;

const EvaluatorAgreement = z.object({
  evaluatorId: id,
  evaluator: z.string(),
  judgments: count,
  medianSeconds: z.number().nullable(),
  consensusAgreement: z.number().nullable(),
  consensusCompared: count,
  /** Why consensusAgreement is null; null when it has a value. */
  consensusGap: z.enum(consensusGaps).nullable(),
  selfConsistency: z.number().nullable(),
  repeatedComparisons: count,
  simulated: z.boolean(),
  /** Assisted verdicts where the assistance pointed to the wrong side, and how many of them followed it. */
  overTrust: z.object({ followedWrong: count, wrongShown: count, rate: z.number().nullable(), interval: z.tuple([z.number(), z.number()]).nullable() }),
});

const actor = z.string().trim().min(1).max(200);

export const flagMethods = {
  runChecks: {
    params: z.object({}).strict(),
    result: z.object({
      found: z.record(z.string(), count),
      added: count,
      byKind: z.record(z.string(), count),
      /** The checks that ran to the end, what they could not check and why, and the checks that failed. */
      ran: z.array(z.string()),
      notes: z.array(z.string()),
      failed: z.array(z.object({ kind: z.string(), error: z.string() })),
    }),
  },
  listFlags: {
    params: z
      .object({
        kind: z.string().max(100).optional(),
        status: FlagStatus.optional(),
        minSeverity: z.number().min(0).max(1).optional(),
        layer: z.number().int().nonnegative().optional(),
        evaluatorId: id.optional(),
        modelId: z.string().max(100).optional(),
        sort: z.enum(['severity', 'created', 'kind']).default('severity'),
        direction: z.enum(['asc', 'desc']).default('desc'),
        offset: z.number().int().nonnegative().default(0),
        limit: z.number().int().min(1).max(500).default(100),
      })
      .strict(),
    result: z.object({ total: count, rows: z.array(FlagRow), kinds: z.array(z.string()) }),
  },
  getFlag: { params: z.object({ id }).strict(), result: FlagDetail },
  updateFlag: {
    params: z
      .object({
        id,
        action: z.enum(['confirm', 'dismiss', 'request-relabel', 'reopen']),
        actor,
        reason: z.string().trim().max(5000).optional(),
        relabelEvaluatorId: id.optional(),
      })
      .strict()
      .refine((p) => p.action !== 'dismiss' || (p.reason && p.reason.length > 0), { message: 'a dismissal needs a reason', path: ['reason'] }),
    result: FlagRow,
  },
  excludeJudgment: {
    params: z.object({ judgmentId: id, actor, reason: z.string().trim().min(1).max(5000) }).strict(),
    result: z.object({ judgmentId: id, excludedAt: z.string() }),
  },
  exportFlags: {
    params: z.object({ format: z.enum(['csv', 'jsonl']), status: FlagStatus.optional() }).strict(),
    result: z.object({ fileName: z.string(), mimeType: z.string(), rows: count, content: z.string() }),
  },
  listJudgments: {
    params: z
      .object({
        evaluatorId: id.optional(),
        comparisonId: id.optional(),
        /** With criterion: only the judgments with a verdict on that criterion of this run's rubric, each carrying it. */
        runId: id.optional(),
        criterion: criterionKey.optional(),
        offset: z.number().int().nonnegative().default(0),
        limit: z.number().int().min(1).max(500).default(100),
      })
      .strict()
      .refine((p) => p.runId === undefined || p.criterion !== undefined, {
        message: 'a run narrows the judgments only with a criterion of its rubric: give criterion too',
        path: ['runId'],
      }),
    result: z.object({ total: count, rows: z.array(JudgmentRow) }),
  },
  /** The agreement figures: over every verdict, or (runId) those on a run's comparisons, or (runId + criterion) each
   *  evaluator's verdicts on that criterion of the run's rubric. The stored report is the plain one. */
  getEvaluatorStats: {
    params: z.object({ runId: id.optional(), criterion: criterionKey.optional() }).strict(),
    result: z.object({
      evaluators: z.array(EvaluatorAgreement),
      pairs: z.array(z.object({ a: id, b: id, aName: z.string(), bName: z.string(), n: count, kappa: z.number().nullable() })),
      alpha: z.number().nullable(),
      alphaUnits: count,
    }),
  },
} as const;
