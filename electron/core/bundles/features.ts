// The bundle features beyond schema version 1: records (or fields) an older Rung cannot read. A bundle's manifest names
// the features its records use, computed from the records themselves; a bundle that uses none is written as version 1
// (an older Rung reads it), one that uses any as version 2. A reader refuses a feature it does not know (format.ts).
import type { BundleRecord } from './format';

/** Each feature: whether a record uses it, and what it is in plain words; the order is the order manifests list them in. */
const FEATURES = {
  /** relabel_requests.original_judgment_id, migration 0021. */
  relabel: { words: "relabel requests that keep the evaluator's earlier verdict", uses: (r: BundleRecord) => r.type === 'relabel_requests' && r.row.original_judgment_id != null },
  /** Migration 0023. */
  guidelines: { words: "a dataset's or a run layer's guidelines", uses: (r: BundleRecord) => r.type === 'guidelines' },
  /** Migration 0025. */
  rubrics: { words: "a run's rubric criteria and verdicts per criterion", uses: (r: BundleRecord) => r.type === 'run_criteria' || r.type === 'judgment_criteria' },
  /** Migration 0026. */
  'external-scores': { words: "an external reward model's scores", uses: (r: BundleRecord) => r.type === 'external_scores' },
  /** Migration 0011's tables in a work bundle: bundles/work-encoder.ts. */
  'encoder-embeddings': {
    words: "an assisting model's encoder (registration only, no folder) and the cached embeddings of the texts it scores",
    uses: (r: BundleRecord) => r.type === 'encoders' || r.type === 'embeddings',
  },
  /** Migration 0012's tables in a work bundle. */
  assignments: {
    words: "the evaluator's assignment: its order, and the control trials and position checks the lead's shares drew",
    uses: (r: BundleRecord) => r.type === 'assignments' || r.type === 'assignment_evaluators' || r.type === 'assignment_items',
  },
} as const;

export type BundleFeature = keyof typeof FEATURES;
/** The features this Rung writes and reads. */
export const bundleFeatures = Object.keys(FEATURES) as BundleFeature[];

/** A feature by its name and in plain words (what `rung bundle inspect` and the Data page show). */
export const describedFeature = (feature: BundleFeature): { name: BundleFeature; words: string } => ({ name: feature, words: FEATURES[feature].words });

/** Collects the features records use: call `add` on each record, then `list` gives them in the canonical order. */
export function featureCollector(): { add(record: BundleRecord): void; list(): BundleFeature[] } {
  const used = new Set<BundleFeature>();
  return {
    add(record) {
      for (const feature of bundleFeatures) if (!used.has(feature) && FEATURES[feature].uses(record)) used.add(feature);
    },
    list: () => bundleFeatures.filter((feature) => used.has(feature)),
  };
}
