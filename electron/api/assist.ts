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

export const AssistedShown = z
  .object({
    version: z.literal(1),
    mode: z.literal('assisted'),
    runId: id,
    layer: z.number().int().min(1),
    modelId: id,
    modelName: z.string(),
    modelLayer: z.number().int().nonnegative(),
    rewardA: Reward,
    rewardB: Reward,
    pA: probability,
    pAInterval: z.tuple([probability, probability]),
    segmentSource: z.enum(['data', 'auto']),
    segments: z.object({ A: z.array(SegmentScore).max(500), B: z.array(SegmentScore).max(500) }).strict(), // MAX_SEGMENTS in ladder/assistance.ts
    collapsed: z.boolean(),
  })
  .strict()
  .refine((a) => a.pAInterval[0] <= a.pA && a.pA <= a.pAInterval[1], { message: 'pA must lie within pAInterval', path: ['pAInterval'] });

export const ControlShown = z
  .object({ version: z.literal(1), mode: z.literal('control'), runId: id, layer: z.number().int().min(1), modelId: id })
  .strict();

/** What the Compare page shows at layer k ≥ 1 of a run (assisted, or a control trial showing nothing). */
export const AssistanceShown = z.discriminatedUnion('mode', [AssistedShown, ControlShown]);
export type AssistanceShown = z.infer<typeof AssistanceShown>;
export type AssistedShown = z.infer<typeof AssistedShown>;
export type SegmentScore = z.infer<typeof SegmentScore>;

/** The evaluator's verdict on one segment (index into that side's `segments` of the assistance shown). */
export const SubJudgment = z
  .object({ side: z.enum(['A', 'B']), segment: z.number().int().nonnegative(), verdict: z.enum(['correct', 'wrong', 'unsure']) })
  .strict();
export type SubJudgment = z.infer<typeof SubJudgment>;
