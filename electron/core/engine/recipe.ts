// The training recipe for human judgments (the CLI and the real-data test use the same one): text features,
// model size and optimizer settings for datasets of hundreds to tens of thousands of comparisons.
import type { FeaturizerSettings, TrainOptions } from './index';

export const judgmentFeaturizer: FeaturizerSettings = { bucketBits: 16, bigrams: true, hashSeed: 0, arithmetic: true };

export const judgmentTraining: TrainOptions = {
  hidden: 32,
  members: 5,
  activation: 'relu',
  batchSize: 32,
  epochs: 40,
  learningRate: 1e-3,
  weightDecay: 0.01,
  validationFraction: 0.15,
  patience: 5,
  bootstrap: true,
};

/** Seeded shuffle of 0..n-1 (mulberry32), for holdout splits and folds. */
export function shuffledIndices(n: number, seed: number): Uint32Array {
  let s = seed >>> 0;
  const rand = () => {
    s = (s + 0x6d2b79f5) >>> 0;
    let t = s;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
  const order = Uint32Array.from({ length: n }, (_, i) => i);
  for (let i = n - 1; i > 0; i--) {
    const j = Math.floor(rand() * (i + 1));
    [order[i], order[j]] = [order[j], order[i]];
  }
  return order;
}
