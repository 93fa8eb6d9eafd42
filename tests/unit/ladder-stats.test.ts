// The statistics behind the ladder's metrics and deferral: intervals against known values, calibration,
// and the risk-controlled threshold (its guarantee checked by simulation).
import { describe, expect, it } from 'vitest';
import { chooseThreshold, smallestCountPassing, type HeldOutPair } from '../../electron/core/ladder/deferral';
import { expectedCalibrationError, reliabilityBins } from '../../electron/core/metrics/calibration';
import { binomialCdf, clopperPearsonUpper, differenceOfProportions, wilson } from '../../electron/core/metrics/intervals';
import { seededRandom } from '../../electron/core/demo/random';

describe('intervals', () => {
  it('Wilson interval for 8 of 10 at 95% is [0.490, 0.943]', () => {
    const w = wilson(8, 10)!;
    expect(w.low).toBeCloseTo(0.4902, 3);
    expect(w.high).toBeCloseTo(0.9433, 3);
    expect(wilson(0, 0)).toBeNull();
  });

  it('binomial CDF matches direct sums, also for large n', () => {
    expect(binomialCdf(2, 5, 0.3)).toBeCloseTo(0.16807 + 0.36015 + 0.3087, 5);
    expect(binomialCdf(0, 100_000, 0.001)).toBeCloseTo(Math.exp(100_000 * Math.log1p(-0.001)), 12);
    expect(binomialCdf(5, 5, 0.3)).toBe(1);
  });

  it('Clopper–Pearson upper bound: 0 errors in n gives 1 − δ^(1/n) (the "rule of three" ≈ 3/n)', () => {
    expect(clopperPearsonUpper(0, 100, 0.95)).toBeCloseTo(1 - 0.05 ** (1 / 100), 6);
    expect(clopperPearsonUpper(0, 1000, 0.95)).toBeCloseTo(0.002991, 5);
    // 5 errors in 100: P(X ≤ 5 | 100, p) = 0.05 at p = 0.102253 (checked by an exact sum in Python).
    expect(clopperPearsonUpper(5, 100, 0.95)).toBeCloseTo(0.102253, 5);
    expect(clopperPearsonUpper(3, 3)).toBe(1);
  });

  it("Newcombe's interval for 56/70 − 48/80 is [0.0524, 0.3339] (his worked example)", () => {
    const d = differenceOfProportions(56, 70, 48, 80)!;
    expect(d.estimate).toBeCloseTo(0.2, 10);
    expect(d.low).toBeCloseTo(0.0524, 3);
    expect(d.high).toBeCloseTo(0.3339, 3);
  });
});

describe('calibration', () => {
  it('a calibrated predictor has ECE near 0, an overconfident one does not', () => {
    const r = seededRandom(1);
    const p: number[] = [];
    const calibrated: number[] = [];
    const overconfident: number[] = [];
    for (let i = 0; i < 20_000; i++) {
      const q = r.next();
      p.push(q);
      calibrated.push(r.next() < q ? 1 : 0);
      overconfident.push(r.next() < 0.5 + (q - 0.5) * 0.5 ? 1 : 0);
    }
    expect(expectedCalibrationError(p, calibrated)!).toBeLessThan(0.02);
    expect(expectedCalibrationError(p, overconfident)!).toBeGreaterThan(0.1);
    const bins = reliabilityBins(p, calibrated);
    expect(bins).toHaveLength(10);
    expect(bins.reduce((s, b) => s + b.count, 0)).toBe(20_000);
    expect(() => reliabilityBins([1.5], [1])).toThrow(/probability/);
  });
});

describe('risk-controlled deferral threshold', () => {
  /** Pairs whose true error at confidence c is (1 − c) · 0.6: confident predictions are right more often. */
  function simulate(n: number, seed: number): HeldOutPair[] {
    const r = seededRandom(seed);
    return Array.from({ length: n }, () => {
      const c = 0.5 + r.next() * 0.5;
      const wrong = r.next() < (1 - c) * 0.6;
      const pA = r.chance(0.5) ? c : 1 - c;
      const predicted = pA >= 0.5 ? 'A' : 'B';
      return { pA, human: wrong ? (predicted === 'A' ? 'B' : 'A') : predicted };
    });
  }

  it('chooses a threshold whose auto-label error stays under the target on fresh data', () => {
    const chosen = chooseThreshold(simulate(4000, 2), 0.05, 0.95);
    expect(chosen.threshold).not.toBeNull();
    expect(chosen.errorBound!).toBeLessThanOrEqual(0.05);
    expect(chosen.coverage).toBeGreaterThan(0.1);
    const fresh = simulate(100_000, 3).filter((p) => Math.max(p.pA, 1 - p.pA) >= chosen.threshold!);
    const freshError = fresh.filter((p) => (p.pA >= 0.5 ? 'A' : 'B') !== p.human).length / fresh.length;
    expect(freshError).toBeLessThanOrEqual(0.05);
  });

  it('the guarantee holds across many calibration sets (violations ≤ 1 − confidence, with slack)', () => {
    let violations = 0;
    const trials = 60;
    // The true error above τ for this simulation: mean of (1 − c) · 0.6 for c uniform on [τ, 1].
    const trueError = (tau: number) => ((1 - tau) / 2) * 0.6;
    for (let s = 0; s < trials; s++) {
      const chosen = chooseThreshold(simulate(500, 100 + s), 0.05, 0.9);
      if (chosen.threshold !== null && trueError(chosen.threshold) > 0.05) violations++;
    }
    expect(violations / trials).toBeLessThanOrEqual(0.1 + 0.08);
  });

  it('starts the test sequence where one error still passes, so one wrong label among the most confident does not stop it', () => {
    expect(smallestCountPassing(0, 0.05, 0.95)).toBe(59); // 1 − 0.05^(1/59) ≤ 0.05 < 1 − 0.05^(1/58)
    expect(smallestCountPassing(1, 0.05, 0.95)).toBe(93);
    expect(clopperPearsonUpper(1, 93, 0.95)).toBeLessThanOrEqual(0.05);
    expect(clopperPearsonUpper(1, 92, 0.95)).toBeGreaterThan(0.05);
    // 200 pairs, all confident and right except the single most confident one.
    const pairs: HeldOutPair[] = Array.from({ length: 200 }, (_, i) => ({ pA: 0.999 - i * 0.001, human: i === 0 ? 'B' : 'A' }));
    const chosen = chooseThreshold(pairs, 0.05, 0.95);
    expect(chosen).toMatchObject({ covered: 200, errors: 1 });
    expect(chosen.errorBound!).toBeLessThanOrEqual(0.05);
    // Fewer than 93 pairs can never pass, even without errors.
    expect(chooseThreshold(pairs.slice(1, 93), 0.05, 0.95).threshold).toBeNull();
  });

  it('refuses to auto-label when nothing is reliable, and validates the target', () => {
    const r = seededRandom(9);
    const coinFlips = simulate(300, 9).map((p) => ({ ...p, human: (r.chance(0.5) ? 'A' : 'B') as 'A' | 'B' }));
    expect(chooseThreshold(coinFlips, 0.01).threshold).toBeNull();
    expect(() => chooseThreshold([], 0)).toThrow(RangeError);
  });
});
