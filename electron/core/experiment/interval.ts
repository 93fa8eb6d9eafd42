// Intervals over seeds for the oversight report: a mean with its Student-t 95% interval, and a share of seeds with
// its Wilson 95% interval. Each seed is one independent run of the simulated ladder.
import { wilson } from '../metrics/intervals';

/** Student's t quantile at 0.975 for 1–30 degrees of freedom (beyond: the normal's 1.96). */
const T975 = [12.706, 4.303, 3.182, 2.776, 2.571, 2.447, 2.365, 2.306, 2.262, 2.228, 2.201, 2.179, 2.16, 2.145, 2.131, 2.12, 2.11, 2.101, 2.093, 2.086, 2.08, 2.074, 2.069, 2.064, 2.06, 2.056, 2.052, 2.048, 2.045, 2.042];

export const t975 = (df: number): number => (df >= 1 && df <= T975.length ? T975[df - 1] : 1.96);

export interface Estimate {
  value: number;
  ci: [number, number];
  /** The seeds the estimate is over (those where it is defined). */
  seeds: number;
}

/** The mean of per-seed values and its 95% t interval, kept within the values the quantity can take; null with fewer than two values. */
export function meanInterval(values: readonly number[], range: [number, number] = [-Infinity, Infinity]): Estimate | null {
  const n = values.length;
  if (n < 2) return null;
  const mean = values.reduce((s, x) => s + x, 0) / n;
  const sd = Math.sqrt(values.reduce((s, x) => s + (x - mean) ** 2, 0) / (n - 1));
  const half = (t975(n - 1) * sd) / Math.sqrt(n);
  return { value: mean, ci: [Math.max(range[0], mean - half), Math.min(range[1], mean + half)], seeds: n };
}

/** The share of seeds where something held, with its Wilson 95% interval; null with no seeds. */
export function shareInterval(held: number, seeds: number): Estimate | null {
  const w = wilson(held, seeds);
  return w && { value: w.estimate, ci: [w.low, w.high], seeds };
}
