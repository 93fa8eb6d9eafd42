// The contract's methods for deferral (spread into contract.ts): route a layer's pending comparisons with its
// reward model (auto-label, audit, or the human queue), and the Queue page's status of a layer.
import { z } from 'zod';
import { layerIndex, numberRule, oneOf, openShare, seed, share } from './rules';
import { count, id } from './schemas';

/** this-layer: layer k's held-out pairs, exchangeable with its pending comparisons; lower-layers-too: those of layers 0..k. */
export const CalibrationScope = oneOf(['this-layer', 'lower-layers-too']);

/** Which layers' held-out pairs a round certified its threshold on, in words ("of layer 2", "of layers 0–2"). */
export const calibrationScopeText = (r: { layer: number; calibratedOn: 'this-layer' | 'lower-layers-too' }): string =>
  r.calibratedOn === 'this-layer' || r.layer === 0 ? `of layer ${r.layer}` : `of layers 0–${r.layer}`;

/** Which verdicts a routing result's held-out pairs were judged by, in words: '' for the judgments' own choices, else
 *  people's verdicts on the criterion the model was trained on (" judged on criterion Helpfulness"). */
export const routedCriterionText = (r: { criterion: { label: string } | null }): string => (r.criterion ? ` judged on criterion ${r.criterion.label}` : '');

/** What a deferral round was asked and chose: shared by a stored round and a routing result. */
const roundSettings = {
  runId: id,
  layer: count,
  modelId: z.string(),
  modelEvaluatorId: id,
  target: openShare,
  confidence: openShare,
  auditShare: share,
  /** Confidence max(p, 1 − p) at or above which comparisons were auto-labelled; null when none could be certified. */
  threshold: z.number().nullable(),
  /** The held-out pairs the threshold was certified on: layer k's own, or layers 0..k's. */
  calibratedOn: CalibrationScope,
  /** The rubric criterion the model was trained on, calibrated on people's verdicts on it: only ever the run's first
   *  (an auto-label's own choice is its verdict on the first criterion; a model on a later one is refused); null: the
   *  judgments' own choices (and, for a stored round, when its model has since been deleted). */
  criterion: z.object({ key: z.string(), label: z.string() }).nullable(),
};

const Choice = z.enum(['A', 'B', 'tie']);

export const RoutedItem = z.object({
  comparisonId: id,
  /** The prompt's first 200 characters. */
  prompt: z.string(),
  route: z.enum(['auto', 'audit', 'human']),
  /** The model's P(A ≻ B) when it was routed, its ensemble spread, and the round's threshold on max(p, 1 − p). */
  pA: z.number(),
  spread: z.number(),
  threshold: z.number().nullable(),
  routedAt: z.string(),
  /** The auto-label (routes auto and audit) while it stands; null otherwise. */
  autoLabel: z.enum(['A', 'B']).nullable(),
  /** People's verdicts on it since (an audit's answers, the human queue's verdict), oldest first. */
  answers: z.array(z.object({ evaluator: z.string(), choice: Choice, simulated: z.boolean() })),
  status: z.enum(['auto-labelled', 'checked by people', 'audit waiting', 'audit answered', 'waiting for people', 'judged']),
  /** For an answered audit: whether people's majority agrees with the auto-label (null when there is none). */
  auditAgrees: z.boolean().nullable(),
});

export const DeferralRound = z.object({
  ...roundSettings,
  id,
  modelName: z.string().nullable(),
  /** Held-out pairs at or above the threshold and the errors among them (all pairs, and null errors, when none passed). */
  calibrationPairs: count,
  calibrationErrors: count.nullable(),
  /** The fewest held-out pairs on which the target can be certified at the confidence (even by a model without errors). */
  calibrationPairsNeeded: count,
  errorBound: z.number().nullable(),
  seed: z.number().int(),
  createdBy: z.string(),
  createdAt: z.string(),
});

export const RouteResult = z.object({
  ...roundSettings,
  roundId: id,
  modelName: z.string(),
  /** Held-out human-labelled pairs the threshold was chosen on, and the fewest on which the target can be certified at
   *  the confidence (even by a model without errors). */
  calibrationPairs: count,
  calibrationPairsNeeded: count,
  /** The smallest target these held-out pairs certify at the confidence (why a stricter one was not); null under 20 pairs. */
  smallestCertifiableTarget: z.number().nullable(),
  /** Held-out pairs at or above the threshold and the errors among them; null when no threshold is certified. */
  coveredPairs: count.nullable(),
  coveredErrors: count.nullable(),
  /** Certified upper bound on the auto-label error at the threshold. */
  errorBound: z.number().nullable(),
  includeSimulated: z.boolean(),
  pending: count,
  autoLabelled: count,
  audit: count,
  human: count,
  /** Pending comparisons the model has no score of (an external model's file did not cover them): not routed, left with people. */
  unscored: count,
});

export const QueueStatus = z.object({
  runId: id,
  layer: count,
  comparisons: count,
  /** Pending comparisons people still have to judge (routed to them, or never routed); audits not included. */
  waitingForHumans: count,
  /** Comparisons with a live auto-label (audited ones included). */
  autoLabelled: count,
  /** Audited auto-labels still waiting for a person. */
  inAudit: count,
  /** Audited auto-labels with a decisive human verdict, and how many of those the auto-label got wrong. */
  auditAnswered: count,
  auditErrors: count,
  /** Audited auto-labels people answered without a decided consensus (a tie, or a split): not in the estimate. */
  auditUndecided: count,
  /** Audited auto-label error (errors / answered audits) and its Clopper–Pearson upper bound; null before any answer. */
  estimatedError: z.number().nullable(),
  estimatedErrorBound: z.number().nullable(),
  /** Usable verdicts by people and simulated evaluators on this layer, and how many of them are simulated. */
  humanLabels: count,
  simulatedLabels: count,
  /** Auto-labels nobody had to check: auto-labelled minus audited. */
  humanLabelsSaved: count,
  threshold: z.number().nullable(),
  latestRound: DeferralRound.nullable(),
});

export const queueMethods = {
  routeLayer: {
    params: z
      .object({
        runId: id,
        layer: layerIndex,
        /** Default: the layer's active model (an unknown id is refused as not found). */
        modelId: z.string().min(1).max(200).optional(),
        target: openShare.default(0.05),
        confidence: openShare.default(0.95),
        auditShare: share.default(0.05),
        seed: seed.default(1),
        /** Count simulated evaluators' verdicts as human labels; default: as the model was trained. */
        includeSimulated: z.boolean().optional(),
        /** Which held-out pairs certify the threshold (default layer k's own). */
        calibrateOn: CalibrationScope.default('this-layer'),
        actor: z.string().trim().min(1).max(200).default('local user'),
      })
      .strict(),
    result: RouteResult,
  },
  getQueueStatus: { params: z.object({ runId: id, layer: count }).strict(), result: QueueStatus },
  /** The layer's routed comparisons as their latest round left them, most confident first, one page at a time. */
  listRoutedItems: {
    params: z
      .object({
        runId: id,
        layer: layerIndex,
        route: oneOf(['auto', 'audit', 'human']).optional(),
        offset: numberRule('a whole number, 0 or more', { min: 0, max: 1e9, integer: true }).default(0),
        limit: numberRule('an integer from 1 to 500', { min: 1, max: 500, integer: true }).default(100),
      })
      .strict(),
    result: z.object({
      /** The routed comparisons of the route asked for (all routes when none), and of each route. */
      total: count,
      counts: z.object({ auto: count, audit: count, human: count }),
      items: z.array(RoutedItem),
    }),
  },
} as const;
