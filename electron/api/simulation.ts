// The contract's method for the simulated loop (spread into contract.ts): the demo ladder judged by simulated
// evaluators, layer by layer — seed set, RMk, deferral, audits — with one row of figures per layer, and what only a
// simulation knows: each layer against the ground truth, and how far a bias planted in RM0's seed labels reaches.
import { z } from 'zod';
import { LayerMetrics } from './metrics';
import { RouteResult } from './queue';
import { device, numberRule, oneOf, openShare, share } from './rules';
import { count, id } from './schemas';

const rate = z.number().nullable();

export const SimulatedParams = z.object({ baseError: z.number(), errorPerStep: z.number(), assistedWrongStepFactor: z.number(), overtrust: z.number(), seed: z.number().int() });

export const Rm0BiasKind = oneOf(['none', 'length', 'step-blind']);
const Rm0Bias = z.object({ kind: Rm0BiasKind, share: z.number() });

/** A share with what it is a share of (rate null when of 0). */
const Share = z.object({ rate, of: count });

const BiasReach = z.object({
  items: count,
  seedLabels: Share,
  rm: Share,
  assistedVerdicts: Share,
  unassistedVerdicts: Share,
  autoLabels: Share,
  labels: Share,
  flaggedFollowing: Share,
});

export const LayerTruth = z.object({
  /** RMk on its held-out comparisons of layer k that have a ground truth. */
  rmGroundTruthAccuracy: Share,
  assistedGroundTruthAccuracy: Share,
  unassistedGroundTruthAccuracy: Share,
  autoLabelGroundTruthError: Share,
  labelGroundTruthAccuracy: Share,
  /**
   * Per kind of bias, planted or not (unplanted, the baseline to measure a planted one against): on the layer's items
   * where its side is the wrong one, the share of each kind of label that takes it, and of those labels the share flagged.
   */
  bias: z.object({ length: BiasReach, 'step-blind': BiasReach }),
  /** The layer's comparisons with a decisive ground truth, by number of solution steps. */
  decisiveBySteps: z.record(z.string(), count),
  checks: z.object({ wrongLabels: count, flaggedWrongLabels: count, flaggedComparisons: count, byKind: z.record(z.string(), count) }),
});

export const SimulationRow = z.object({
  layer: count,
  comparisons: count,
  humanAccuracy: rate,
  assistedAccuracy: rate,
  unassistedAccuracy: rate,
  rmAccuracy: rate,
  modelId: z.string().nullable(),
  threshold: rate,
  thresholdErrorBound: rate,
  /** The round's held-out pairs and the smallest target they certify (why nothing was certified at a stricter one). */
  calibrationPairs: count,
  smallestCertifiableTarget: rate,
  autoLabelled: count,
  audits: count,
  auditAnswered: count,
  auditedAutoLabelError: rate,
  auditedAutoLabelErrorBound: rate,
  humanLabels: count,
  simulatedLabels: count,
  humanLabelsSaved: count,
  truth: LayerTruth,
  metrics: LayerMetrics,
});

export const SimulationReport = z.object({
  runId: id,
  scale: count,
  target: z.number(),
  confidence: z.number(),
  auditShare: z.number(),
  rm0Bias: Rm0Bias,
  simulatedEvaluators: z.array(z.object({ id, name: z.string(), params: SimulatedParams })),
  checks: z.record(z.string(), count),
  rounds: z.array(RouteResult),
  rows: z.array(SimulationRow),
});

export const simulationMethods = {
  /** Runs the loop in this database, which must be empty; absent options take the simulation's defaults. */
  simulateDemo: {
    params: z
      .object({
        /** Times the demo's 120/80/40 comparisons per layer. */
        scale: numberRule('an integer from 1 to 100', { min: 1, max: 100, integer: true }).optional(),
        /** Each simulated evaluator's chance of a wrong verdict on a one-step item, and the added chance per further step. */
        baseError: share.optional(),
        errorPerStep: share.optional(),
        /** The chance of a wrong verdict is multiplied by this when the assistance marks the wrong step as weak. */
        assistedFactor: share.optional(),
        /** The chance of following assistance that favours the wrong side. */
        overtrust: share.optional(),
        /** A bias planted in RM0's seed labels, and the share of the layer-0 seed items it can touch that it decides. */
        rm0Bias: Rm0BiasKind.optional(),
        rm0BiasShare: share.optional(),
        target: openShare.optional(),
        confidence: openShare.optional(),
        auditShare: share.optional(),
        device: device.optional(),
      })
      .strict()
      .refine((p) => p.rm0BiasShare === undefined || (p.rm0Bias !== undefined && p.rm0Bias !== 'none'), {
        message: 'is given only with a bias to plant (rm0Bias length or step-blind)',
        path: ['rm0BiasShare'],
      }),
    result: SimulationReport,
  },
} as const;
