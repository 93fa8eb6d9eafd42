// The statistics behind the ladder's metrics and deferral: intervals against known values, calibration,
// and the risk-controlled threshold (its guarantee checked by simulation).
import { describe, expect, it } from 'vitest';
import { calibrationPairsNeeded, chooseThreshold, perSequenceConfidence, sequenceStarts, type HeldOutPair } from '../../electron/core/ladder/deferral';
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

  it('tests sequences from the N, N/2, N/4, N/8 most confident pairs (never under 20), Bonferroni over them', () => {
    expect(sequenceStarts(178)).toEqual([178, 89, 44, 22]);
    expect(sequenceStarts(50)).toEqual([50, 25]);
    expect(sequenceStarts(28)).toEqual([28]);
    expect(sequenceStarts(19)).toEqual([]);
    expect(perSequenceConfidence(178, 0.95)).toBeCloseTo(0.9875, 12);
    // 178 pairs, two of them wrong among the most confident (the demo's layer 1): the sequence over all pairs passes.
    const pairs: HeldOutPair[] = Array.from({ length: 178 }, (_, i) => ({ pA: 0.999 - i * 0.001, human: i < 2 ? 'B' : 'A' }));
    const chosen = chooseThreshold(pairs, 0.05, 0.95);
    expect(chosen).toMatchObject({ covered: 178, errors: 2, pairs: 178 });
    expect(chosen.errorBound!).toBeCloseTo(clopperPearsonUpper(2, 178, 0.9875), 12);
    expect(chosen.errorBound!).toBeLessThanOrEqual(0.05);
  });

  it('says how many held-out pairs a target needs: the fewest on which a model without errors passes', () => {
    // Under 40 pairs there is one sequence (0 errors in n pass when 1 − 0.05^(1/n) ≤ target), and none under 20;
    // 40–79 pairs give two.
    expect(calibrationPairsNeeded(0.2, 0.95)).toBe(20); // 14 would do, but no sequence starts under 20
    expect(calibrationPairsNeeded(0.1, 0.95)).toBe(29); // ln(0.05) / ln(0.9) = 28.4
    expect(calibrationPairsNeeded(0.05, 0.95)).toBe(72); // ln(0.025) / ln(0.95) = 71.9, with two sequences
    for (const [target, confidence] of [[0.05, 0.95], [0.1, 0.9], [0.01, 0.99], [0.15, 0.95], [0.3, 0.8]]) {
      const needed = calibrationPairsNeeded(target, confidence);
      const perfect = (n: number): HeldOutPair[] => Array.from({ length: n }, (_, i) => ({ pA: 0.99 - i * 1e-5, human: 'A' }));
      expect(chooseThreshold(perfect(needed), target, confidence).threshold).not.toBeNull();
      expect(chooseThreshold(perfect(needed - 1), target, confidence)).toMatchObject({ threshold: null, covered: null, errors: null, errorBound: null, pairsNeeded: needed });
    }
  });

  it('is monotone in the target: over random calibration sets, a looser target never fails where a stricter one passed', () => {
    const r = seededRandom(20261206);
    const targets = [0.01, 0.02, 0.03, 0.05, 0.075, 0.1, 0.15, 0.2, 0.3];
    let certifiedAtSomeTarget = 0;
    for (let trial = 0; trial < 300; trial++) {
      const n = r.int(10, 260);
      const skill = r.next(); // how much more often confident predictions are right
      const noise = r.next() * 0.2; // wrong human labels regardless of confidence
      const pairs: HeldOutPair[] = Array.from({ length: n }, () => {
        // Coarse confidences give ties; the model's error falls with its confidence.
        const c = 0.5 + Math.round(r.next() * 50) / 100;
        const wrong = r.chance(noise + (1 - noise) * (1 - c) * (1 - skill));
        const pA = r.chance(0.5) ? c : 1 - c;
        const predicted = pA >= 0.5 ? 'A' : 'B';
        return { pA, human: wrong ? (predicted === 'A' ? 'B' : 'A') : predicted };
      });
      const confidence = r.pick([0.8, 0.9, 0.95, 0.99]);
      const results = targets.map((t) => chooseThreshold(pairs, t, confidence));
      if (results.some((x) => x.threshold !== null)) certifiedAtSomeTarget++;
      // Certified exactly at the targets from the smallest certifiable one up.
      results.forEach((x, i) => expect(x.threshold !== null).toBe(x.smallestTarget !== null && targets[i] >= x.smallestTarget));
      for (let i = 1; i < targets.length; i++) {
        const [stricter, looser] = [results[i - 1], results[i]];
        if (stricter.threshold === null) continue;
        expect(looser.threshold, `trial ${trial}: target ${targets[i]} after ${targets[i - 1]} passed`).not.toBeNull();
        expect(looser.threshold!).toBeLessThanOrEqual(stricter.threshold);
        expect(looser.errorBound!).toBeLessThanOrEqual(targets[i]);
      }
      // A certified bound b at one target: every target from b up certifies too (no target fails under a bound shown).
      results.forEach((looser, j) => {
        if (looser.errorBound === null) return;
        targets.forEach((t, i) => {
          if (t >= looser.errorBound! && t < targets[j]) expect(results[i].threshold, `trial ${trial}: ${t} failed, ${targets[j]} certified ${looser.errorBound}`).not.toBeNull();
        });
      });
    }
    expect(certifiedAtSomeTarget).toBeGreaterThan(50); // the property is not vacuous
  });

  it('28 perfect held-out pairs: 5% and 10% need more pairs (72 and 29), 15% and 20% certify the same bound', () => {
    const pairs: HeldOutPair[] = Array.from({ length: 28 }, (_, i) => ({ pA: 0.9 + i * 0.001, human: 'A' }));
    const [five, ten, fifteen, twenty] = [0.05, 0.1, 0.15, 0.2].map((t) => chooseThreshold(pairs, t, 0.95));
    expect(five).toMatchObject({ threshold: null, pairs: 28, pairsNeeded: 72, errors: null });
    expect(ten).toMatchObject({ threshold: null, pairs: 28, pairsNeeded: 29 });
    expect(fifteen.errorBound).toBeCloseTo(1 - 0.05 ** (1 / 28), 9); // 0.101
    for (const r of [five, ten, fifteen, twenty]) expect(r.smallestTarget).toBeCloseTo(fifteen.errorBound!, 12);
    expect(twenty).toMatchObject({ threshold: fifteen.threshold, errorBound: fifteen.errorBound, covered: 28, errors: 0 });
  });

  it('refuses to auto-label when nothing is reliable, and validates the target', () => {
    const r = seededRandom(9);
    const coinFlips = simulate(300, 9).map((p) => ({ ...p, human: (r.chance(0.5) ? 'A' : 'B') as 'A' | 'B' }));
    expect(chooseThreshold(coinFlips, 0.01).threshold).toBeNull();
    expect(() => chooseThreshold([], 0)).toThrow(RangeError);
  });
});
