// The contract's methods for the ladder's per-layer metrics (spread into contract.ts): the report and its export.
import { z } from 'zod';
import { count, id } from './schemas';

const range = z.tuple([z.number(), z.number()]);

export const Proportion = z.object({ successes: z.number().nonnegative(), total: count, rate: z.number(), interval: range });

export const LayerMetrics = z.object({
  layer: count,
  layerName: z.string(),
  comparisons: count,
  /** human verdicts in the layer (people and simulated evaluators), and how many of them are simulated */
  humanLabels: count,
  simulatedLabels: count,
  autoLabelled: count,
  humanLabelsSaved: count,
  auditedAutoLabels: count,
  auditedAutoLabelError: z.number().nullable(),
  modelId: z.string().nullable(),
  modelName: z.string().nullable(),
  /** why the model could not be scored (engine unavailable, embeddings missing), else null */
  modelError: z.string().nullable(),
  /** RMk's held-out comparisons of this layer; rmAccuracy's total is how many of them have a decided consensus */
  heldOutComparisons: count,
  rmAccuracy: Proportion.nullable(),
  rmGroundTruthAccuracy: Proportion.nullable(),
  ece: z.number().nullable(),
  reliability: z.array(z.object({ low: z.number(), high: z.number(), count, meanPredicted: z.number().nullable(), observed: z.number().nullable() })),
  /** RMk against lower layers' established judgments on the comparisons it never trained on, and on its training ones */
  agreementWithLowerLayers: Proportion.nullable(),
  agreementWithLowerLayersTrained: Proportion.nullable(),
  humanAccuracy: Proportion.nullable(),
  assistedAccuracy: Proportion.nullable(),
  unassistedAccuracy: Proportion.nullable(),
  /** assisted − unassisted accuracy, Newcombe 95% interval */
  assistanceEffect: z.object({ estimate: z.number(), low: z.number(), high: z.number() }).nullable(),
  medianSecondsAssisted: z.number().nullable(),
  medianSecondsAssistedInterval: range.nullable(),
  medianSecondsUnassisted: z.number().nullable(),
  medianSecondsUnassistedInterval: range.nullable(),
  overTrust: z.object({ followedWrong: count, wrongShown: count, rate: z.number().nullable(), interval: range.nullable() }),
  costCurve: z.array(z.object({ humanLabels: count, accuracy: z.number() })),
  /** the criterion of the run's rubric RMk was trained on, which its figures (consensus, ECE, lower layers, cost curve)
   *  are on; null for a model trained on the judgments' own choices, or no model */
  modelCriterion: z.object({ key: z.string(), label: z.string() }).nullable(),
});

export const metricsMethods = {
  getLayerMetrics: { params: z.object({ runId: id }).strict(), result: z.array(LayerMetrics) },
  exportLayerMetrics: {
    params: z.object({ runId: id, format: z.enum(['csv', 'json']) }).strict(),
    result: z.object({ fileName: z.string(), mimeType: z.string(), content: z.string() }),
  },
} as const;
