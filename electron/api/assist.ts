// The contract's shapes for assisted evaluation: what the Compare page showed from RM(k-1) (stored verbatim with
// the judgment) and the evaluator's per-segment sub-judgments. See ladder/assistance.ts for how they are computed.
import { z } from 'zod';
import { id } from './schemas';

const offset = z.number().int().nonnegative();

/** One segment of a response: char offsets into its text, RM(k-1)'s reward and ensemble std, and whether it is clearly the weakest (ladder/weakest.ts). */
export const SegmentScore = z
  .object({ start: offset, end: offset, reward: z.number(), std: z.number().nonnegative(), weak: z.boolean() })
  .strict()
  .refine((s) => s.end >= s.start, { message: 'end must not be before start', path: ['end'] });

const Reward = z.object({ mean: z.number(), std: z.number().nonnegative() }).strict();
const probability = z.number().min(0).max(1);

const ModelKind = z.enum(['trained', 'external']);

export const AssistedShown = z
  .object({
    version: z.literal(1),
    mode: z.literal('assisted'),
    runId: id,
    layer: z.number().int().min(1),
    modelId: id,
    modelName: z.string(),
    /** 'external': a lab's own model, its scores imported (`rung scores import`); absent on verdicts stored before. */
    modelKind: ModelKind.optional(),
    modelLayer: z.number().int().nonnegative(),
    rewardA: Reward,
    rewardB: Reward,
    pA: probability,
    pAInterval: z.tuple([probability, probability]),
    segmentSource: z.enum(['data', 'auto']),
    segments: z.object({ A: z.array(SegmentScore).max(500), B: z.array(SegmentScore).max(500) }).strict(), // MAX_SEGMENTS in scoring/engine-assistance.ts
    collapsed: z.boolean(),
  })
  .strict()
  .refine((a) => a.pAInterval[0] <= a.pA && a.pA <= a.pAInterval[1], { message: 'pA must lie within pAInterval', path: ['pAInterval'] });

export const ControlShown = z
  .object({ version: z.literal(1), mode: z.literal('control'), runId: id, layer: z.number().int().min(1), modelId: id })
  .strict();

/** RM(k-1) has no scores of this comparison (an external model's file did not cover it, an embedding model has no
 *  embeddings of its texts): nothing is shown, and `reason` says why. Recorded with a verdict, it is not assisted. */
export const UnscoredShown = z
  .object({
    version: z.literal(1),
    mode: z.literal('unscored'),
    runId: id,
    layer: z.number().int().min(1),
    modelId: id,
    modelName: z.string(),
    modelKind: ModelKind,
    modelLayer: z.number().int().nonnegative(),
    reason: z.string().max(2000),
  })
  .strict();

/** What the Compare page shows at layer k ≥ 1 of a run (assisted, a control trial showing nothing, or unscored). */
export const AssistanceShown = z.discriminatedUnion('mode', [AssistedShown, ControlShown, UnscoredShown]);
export type AssistanceShown = z.infer<typeof AssistanceShown>;
export type AssistedShown = z.infer<typeof AssistedShown>;
export type SegmentScore = z.infer<typeof SegmentScore>;

/** The evaluator's verdict on one segment (index into that side's `segments` of the assistance shown). */
export const SubJudgment = z
  .object({ side: z.enum(['A', 'B']), segment: z.number().int().nonnegative(), verdict: z.enum(['correct', 'wrong', 'unsure']) })
  .strict();
export type SubJudgment = z.infer<typeof SubJudgment>;
