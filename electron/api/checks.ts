// The contract's kinds of check and of flag, and its methods for the model-based checks' views (spread into contract.ts): the
// drift of each rung of a run — RMk's ranking of the anchor responses against RM(k-1)'s.
import { z } from 'zod';
import { id } from './schemas';


/** The consistency checks that runChecks runs, each named by the kind of flag it raises (kebab-case, as `rung check --json` prints them). */
export const checkKinds = [
  'evaluator-disagreement',
  'self-inconsistency',
  'intransitive-cycle',
  'segment-vs-overall',
  'cross-layer',
  'model-vs-human',
  'drift',
] as const;

/**
 * Every kind of flag: the checks' and evaluator-conflict, raised by a results bundle's merge when one evaluator's live
 * verdicts on a comparison differ (made on two workstations; electron/core/bundles/results.ts), never by runChecks.
 * What the flag listings and `rung check`'s per-kind counts go through.
 */
export const flagKinds = [...checkKinds, 'evaluator-conflict'] as const;
export type FlagKind = (typeof flagKinds)[number];

export const LayerDrift = z.object({
  layer: z.number().int().positive(),
  modelId: z.string().nullable(),
  modelName: z.string().nullable(),
  previousModelId: z.string().nullable(),
  previousModelName: z.string().nullable(),
  /** Spearman ρ of the two models' rewards on the anchors; null when it could not be computed (see reason). */
  spearman: z.number().min(-1).max(1).nullable(),
  anchors: z.number().int().nonnegative(),
  drifted: z.boolean(),
  reason: z.string().nullable(),
});

export const checkMethods = {
  getDrift: {
    params: z.object({ runId: id }).strict(),
    result: z.object({ runId: id, threshold: z.number(), layers: z.array(LayerDrift) }),
  },
} as const;
