// Calibration of predicted probabilities P(A ≻ B): expected calibration error and the reliability diagram's
// bins (equal-width on [0, 1]), with the mean prediction, the observed frequency and the count in each bin.

export interface ReliabilityBin {
  low: number;
  high: number;
  count: number;
  meanPredicted: number | null;
  observed: number | null;
}

/** `outcomes` are 1 when A won, 0 when B won, 0.5 for a tie. */
export function reliabilityBins(predicted: readonly number[], outcomes: readonly number[], bins = 10): ReliabilityBin[] {
  if (predicted.length !== outcomes.length) throw new RangeError('predicted and outcomes must have the same length');
  const sums = Array.from({ length: bins }, () => ({ count: 0, p: 0, y: 0 }));
  predicted.forEach((p, i) => {
    if (!(p >= 0 && p <= 1)) throw new RangeError(`predicted[${i}] must be a probability, got ${p}`);
    const b = Math.min(bins - 1, Math.floor(p * bins));
    sums[b].count++;
    sums[b].p += p;
    sums[b].y += outcomes[i];
  });
  return sums.map((s, b) => ({
    low: b / bins,
    high: (b + 1) / bins,
    count: s.count,
    meanPredicted: s.count ? s.p / s.count : null,
    observed: s.count ? s.y / s.count : null,
  }));
}

/** ECE = Σ_b (n_b / n) · |observed_b − meanPredicted_b|. */
export function expectedCalibrationError(predicted: readonly number[], outcomes: readonly number[], bins = 10): number | null {
  if (predicted.length === 0) return null;
  return reliabilityBins(predicted, outcomes, bins).reduce(
    (sum, b) => sum + (b.count ? (b.count / predicted.length) * Math.abs(b.observed! - b.meanPredicted!) : 0),
    0,
  );
}
