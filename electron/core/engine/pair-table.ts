// What the engine's pipeline trains on and scores: comparisons as pairs of items (distinct responses, each
// answering a prompt), with a target and a weight per pair, and their splits grouped by prompt.
import { shuffledIndices } from './recipe';

export interface PairTable {
  comparisonIds: string[];
  /** prompt group of each comparison (index into the distinct prompts) */
  group: Uint32Array;
  /** items: distinct responses; item i answers prompts[promptIndex[i]] */
  prompts: string[];
  responses: string[];
  responseIds: string[];
  promptIndex: Uint32Array;
  /** embeddings of every item when all have one of the same dimension, else null */
  embeddings: { dim: number; data: Float32Array } | null;
  a: Uint32Array;
  b: Uint32Array;
  /** targets P(A ≻ B) (NaN where a comparison has no usable verdict) and each pair's weight */
  target: Float32Array;
  weight: Float32Array;
}

/** How many prompt groups `group` numbers (its largest entry + 1); a loop, since spreading 10^5+ values into Math.max overflows the stack. */
function groupCount(group: Uint32Array): number {
  let largest = -1;
  for (const g of group) if (g > largest) largest = g;
  return largest + 1;
}

/** Comparison indices split by prompt group: about `fraction` of the comparisons (whole prompts) go to the second part. */
export function splitByPrompt(group: Uint32Array, fraction: number, seed: number): { train: Uint32Array; test: Uint32Array } {
  const groups = groupCount(group);
  const inTest = new Uint8Array(groups);
  const size = new Uint32Array(groups);
  group.forEach((g) => size[g]++);
  let taken = 0;
  for (const g of shuffledIndices(groups, seed)) {
    if (taken >= fraction * group.length) break;
    inTest[g] = 1;
    taken += size[g];
  }
  const all = Uint32Array.from(group, (_, i) => i);
  return { train: all.filter((i) => !inTest[group[i]]), test: all.filter((i) => inTest[group[i]] === 1) };
}

/** k folds grouped by prompt: fold of each comparison. */
export function foldsByPrompt(group: Uint32Array, k: number, seed: number): Uint32Array {
  const groups = groupCount(group);
  const foldOf = new Uint32Array(groups);
  shuffledIndices(groups, seed).forEach((g, i) => (foldOf[g] = i % k));
  return Uint32Array.from(group, (g) => foldOf[g]);
}
