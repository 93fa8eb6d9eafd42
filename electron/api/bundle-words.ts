// A bundle's format version and features in plain words, as `rung bundle inspect|import` and the Data page's bundle
// panel show them (from inspectBundle's or importBundle's result).
import type { z } from 'zod';
import type { BundleOutcome } from './bundles';

/** "version 1: nothing beyond the first bundle format (any Rung reads it)", or "version 2, with a run's rubric criteria … (rubrics); …". */
export function bundleVersionWords({ schemaVersion, features }: Pick<z.infer<typeof BundleOutcome>, 'schemaVersion' | 'features'>): string {
  if (features.length === 0) return `version ${schemaVersion}: nothing beyond the first bundle format (any Rung reads it)`;
  const used = features.map((f) => `${f.words} (${f.name})`).join('; ');
  return `version ${schemaVersion}, with ${used}: a Rung older than these features cannot read it`;
}
