// The median of a sample with a distribution-free confidence interval from order statistics (the sign-test
// interval): no assumption about the shape of the distribution, e.g. of seconds per judgment.
import { binomialCdfs } from './intervals';

export interface MedianWithInterval {
  median: number;
  n: number;
  /** [x_(l), x_(n−l+1)] with the largest l such that P(Bin(n, ½) ≤ l − 1) ≤ (1 − confidence)/2; null when n is too small (n < 6 at 95%). */
  interval: [number, number] | null;
}

export function medianWithInterval(values: readonly number[], confidence = 0.95): MedianWithInterval | null {
  const n = values.length;
  if (n === 0) return null;
  const x = [...values].sort((p, q) => p - q);
  const mid = n >> 1;
  const median = n % 2 ? x[mid] : (x[mid - 1] + x[mid]) / 2;
  const tail = (1 - confidence) / 2;
  // P(Bin(n, ½) ≤ l) for l = 0, 1, …: one pass, each from the last.
  const cdfs = binomialCdfs(n, 0.5);
  let l = 0;
  let cdf = cdfs.next().value ?? 1;
  while (l + 1 <= mid && cdf <= tail) {
    l++;
    cdf = cdfs.next().value ?? 1;
  }
  return { median, n, interval: l === 0 ? null : [x[l - 1], x[n - l]] };
}
