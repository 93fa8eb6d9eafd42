// The contract's method for the simulated loop (spread into contract.ts): the demo ladder judged by simulated
// evaluators, layer by layer — seed set, RMk, deferral, audits — with one row of figures per layer.
import { z } from 'zod';
import { LayerMetrics } from './metrics';
import { RouteResult } from './queue';
import { device, numberRule, openShare, share } from './rules';
import { count, id } from './schemas';

const rate = z.number().nullable();

export const SimulatedParams = z.object({ baseError: z.number(), errorPerStep: z.number(), assistedWrongStepFactor: z.number(), seed: z.number().int() });

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
  metrics: LayerMetrics,
});

export const SimulationReport = z.object({
  runId: id,
  scale: count,
  target: z.number(),
  confidence: z.number(),
  auditShare: z.number(),
  simulatedEvaluators: z.array(z.object({ id, name: z.string(), params: SimulatedParams })),
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
        target: openShare.optional(),
        confidence: openShare.optional(),
        auditShare: share.optional(),
        device: device.optional(),
      })
      .strict(),
    result: SimulationReport,
  },
} as const;
