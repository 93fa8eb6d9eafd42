// Confidence intervals and bounds used by the ladder's metrics and deferral: Wilson for a proportion,
// an exact (Clopper–Pearson) upper bound for an error rate, and Newcombe's interval for a difference.

/** Standard normal quantile for the common two-sided levels (avoids an inverse-erf implementation). */
export function zFor(confidence: number): number {
  const table: Record<string, number> = { '0.8': 1.2815515655, '0.9': 1.6448536270, '0.95': 1.9599639845, '0.99': 2.5758293035 };
  const z = table[String(confidence)];
  if (z === undefined) throw new RangeError(`confidence must be one of 0.8, 0.9, 0.95, 0.99; got ${confidence}`);
  return z;
}

export interface Interval {
  estimate: number;
  low: number;
  high: number;
}

/** Wilson score interval for k successes in n trials. */
export function wilson(k: number, n: number, confidence = 0.95): Interval | null {
  if (n === 0) return null;
  const z = zFor(confidence);
  const p = k / n;
  const denom = 1 + (z * z) / n;
  const centre = (p + (z * z) / (2 * n)) / denom;
  const half = (z * Math.sqrt((p * (1 - p)) / n + (z * z) / (4 * n * n))) / denom;
  return { estimate: p, low: Math.max(0, centre - half), high: Math.min(1, centre + half) };
}

/**
 * P(X ≤ 0), P(X ≤ 1), …, P(X ≤ n − 1) for X ~ Binomial(n, p) with 0 < p < 1, each from the one before (one term per
 * step), summed in log space so large n does not underflow: a scan over k costs O(n), not O(n²).
 */
export function* binomialCdfs(n: number, p: number): Generator<number, void> {
  let logPmf = n * Math.log1p(-p);
  const logRatio = Math.log(p) - Math.log1p(-p);
  let logSum = logPmf;
  for (let i = 0; i < n; i++) {
    yield Math.min(1, Math.exp(logSum));
    logPmf += Math.log(n - i) - Math.log(i + 1) + logRatio;
    const hi = Math.max(logSum, logPmf);
    logSum = hi + Math.log(Math.exp(logSum - hi) + Math.exp(logPmf - hi));
  }
}

/** P(X ≤ k) for X ~ Binomial(n, p). */
export function binomialCdf(k: number, n: number, p: number): number {
  if (k >= n || p <= 0) return 1;
  if (p >= 1) return 0;
  let i = 0;
  for (const cdf of binomialCdfs(n, p)) if (i++ === k) return cdf;
  return 1;
}

/**
 * Exact one-sided upper confidence bound on an error rate after k errors in n trials: the largest p with
 * P(X ≤ k | n, p) ≥ δ, where δ = 1 − confidence (Clopper–Pearson). Found by bisection.
 */
export function clopperPearsonUpper(k: number, n: number, confidence = 0.95): number {
  if (n === 0) return 1;
  if (k >= n) return 1;
  const delta = 1 - confidence;
  let lo = k / n;
  let hi = 1;
  for (let iteration = 0; iteration < 60; iteration++) {
    const mid = (lo + hi) / 2;
    if (binomialCdf(k, n, mid) > delta) lo = mid;
    else hi = mid;
  }
  return hi;
}

/** Newcombe's hybrid score interval for p1 − p2 (two independent proportions), from Wilson intervals. */
export function differenceOfProportions(k1: number, n1: number, k2: number, n2: number, confidence = 0.95): Interval | null {
  const a = wilson(k1, n1, confidence);
  const b = wilson(k2, n2, confidence);
  if (!a || !b) return null;
  const d = a.estimate - b.estimate;
  return {
    estimate: d,
    low: d - Math.sqrt((a.estimate - a.low) ** 2 + (b.high - b.estimate) ** 2),
    high: d + Math.sqrt((a.high - a.estimate) ** 2 + (b.estimate - b.low) ** 2),
  };
}
