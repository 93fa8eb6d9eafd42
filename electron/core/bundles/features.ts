// The bundle features beyond schema version 1: records (or fields) an older Rung cannot read. A bundle's manifest names
// the features its records use, computed from the records themselves; a bundle that uses none is written as version 1
// (an older Rung reads it), one that uses any as version 2. A reader refuses a feature it does not know (format.ts).
import type { BundleRecord } from './format';

/** Each feature and whether a record uses it; the order is the order manifests list them in. */
const FEATURES = {
  /** A relabel request that keeps the evaluator's earlier verdict (relabel_requests.original_judgment_id, migration 0021). */
  relabel: (r: BundleRecord) => r.type === 'relabel_requests' && r.row.original_judgment_id != null,
  /** A dataset's or a layer's guidelines (migration 0023). */
  guidelines: (r: BundleRecord) => r.type === 'guidelines',
  /** A run's criteria and the verdicts per criterion (migration 0025). */
  rubrics: (r: BundleRecord) => r.type === 'run_criteria' || r.type === 'judgment_criteria',
  /** An external reward model's scores (migration 0026). */
  'external-scores': (r: BundleRecord) => r.type === 'external_scores',
} as const;

export type BundleFeature = keyof typeof FEATURES;
/** The features this Rung writes and reads. */
export const bundleFeatures = Object.keys(FEATURES) as BundleFeature[];

/** Collects the features records use: call `add` on each record, then `list` gives them in the canonical order. */
export function featureCollector(): { add(record: BundleRecord): void; list(): BundleFeature[] } {
  const used = new Set<BundleFeature>();
  return {
    add(record) {
      for (const feature of bundleFeatures) if (!used.has(feature) && FEATURES[feature](record)) used.add(feature);
    },
    list: () => bundleFeatures.filter((feature) => used.has(feature)),
  };
}
