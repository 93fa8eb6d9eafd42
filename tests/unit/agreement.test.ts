// Agreement statistics against textbook values: Cohen's κ (the two-rater yes/no example) and
// Krippendorff's α (his 4-observer, 12-unit nominal example with missing values: α = 0.743).
import { describe, expect, it } from 'vitest';
import { cohenKappa, krippendorffAlpha, median, pairwiseKappas, type Rating } from '../../electron/core/metrics/agreement';

describe('agreement statistics', () => {
  it("Cohen's κ: 20 yes/yes, 5 yes/no, 10 no/yes, 15 no/no gives p_o 0.7, p_e 0.5, κ 0.4", () => {
    const ratings: Rating[] = [];
    const add = (n: number, a: string, b: string) => {
      for (let i = 0; i < n; i++) {
        const unit = `u${ratings.length}`;
        ratings.push({ unit, rater: 'a', value: a }, { unit, rater: 'b', value: b });
      }
    };
    add(20, 'yes', 'yes');
    add(5, 'yes', 'no');
    add(10, 'no', 'yes');
    add(15, 'no', 'no');
    const k = cohenKappa(ratings, 'a', 'b');
    expect(k.n).toBe(50);
    expect(k.observed).toBeCloseTo(0.7, 10);
    expect(k.expected).toBeCloseTo(0.5, 10);
    expect(k.kappa).toBeCloseTo(0.4, 10);
    expect(cohenKappa(ratings, 'a', 'nobody').kappa).toBeNull();
  });

  it("Krippendorff's α (nominal) on his worked example is 0.743", () => {
    const table: Record<string, (number | null)[]> = {
      A: [1, 2, 3, 3, 2, 1, 4, 1, 2, null, null, null],
      B: [1, 2, 3, 3, 2, 2, 4, 1, 2, 5, null, 3],
      C: [null, 3, 3, 3, 2, 3, 4, 2, 2, 5, 1, null],
      D: [1, 2, 3, 3, 2, 4, 4, 1, 2, 5, 1, null],
    };
    const ratings: Rating[] = Object.entries(table).flatMap(([rater, values]) =>
      values.flatMap((v, i) => (v === null ? [] : [{ unit: `u${i + 1}`, rater, value: String(v) }])),
    );
    const alpha = krippendorffAlpha(ratings);
    expect(alpha.units).toBe(11); // unit 12 has a single value
    expect(alpha.n).toBe(40);
    expect(alpha.alpha).toBeCloseTo(0.743, 3);
  });

  it('α is 1 for perfect agreement and undefined without variation', () => {
    const perfect = ['x', 'y', 'x'].flatMap((v, i) => [{ unit: `u${i}`, rater: 'a', value: v }, { unit: `u${i}`, rater: 'b', value: v }]);
    expect(krippendorffAlpha(perfect).alpha).toBe(1);
    expect(krippendorffAlpha(perfect.filter((r) => r.value === 'x')).alpha).toBeNull();
  });

  it('median', () => {
    expect(median([])).toBeNull();
    expect(median([3, 1, 2])).toBe(2);
    expect(median([4, 1, 2, 3])).toBe(2.5);
  });
});

describe('pairwiseKappas', () => {
  it('gives every pair the κ that cohenKappa computes for it alone', () => {
    // A deterministic pseudo-random pool: 6 raters, 300 units, some units re-rated (the last rating counts), many missing.
    let seed = 7;
    const next = () => ((seed = (seed * 1103515245 + 12345) % 2 ** 31) / 2 ** 31);
    const raters = ['ann', 'bob', 'cy', 'dee', 'eve', 'fay'];
    const ratings: Rating[] = [];
    for (let u = 0; u < 300; u++) {
      for (const rater of raters) {
        if (next() < 0.4) continue;
        ratings.push({ unit: `u${u}`, rater, value: ['A', 'B', 'tie'][Math.floor(next() * 3)] });
        if (next() < 0.05) ratings.push({ unit: `u${u}`, rater, value: 'A' });
      }
    }
    const kappaOf = pairwiseKappas(ratings);
    let compared = 0;
    for (const a of [...raters, 'nobody']) {
      for (const b of [...raters, 'nobody']) {
        if (a === b) continue;
        const expected = cohenKappa(ratings, a, b);
        const got = kappaOf(a, b);
        expect(got.n).toBe(expected.n);
        if (expected.kappa === null) expect(got.kappa).toBeNull();
        else expect(got.kappa).toBeCloseTo(expected.kappa, 12);
        compared++;
      }
    }
    expect(compared).toBe(42);
    expect(kappaOf('ann', 'bob').n).toBeGreaterThan(50);
  });
});

