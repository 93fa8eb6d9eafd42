// Agreement statistics for nominal verdicts (A, B, tie): Cohen's κ for two raters, Krippendorff's α for a
// pool with missing values. Pure functions over (unit, rater, value) triples, so any source can feed them.

export interface Rating {
  unit: string;
  rater: string;
  value: string;
}

export interface Kappa {
  /** Units both raters rated. */
  n: number;
  observed: number;
  expected: number;
  /** null when undefined (no shared units, or chance agreement is 1). */
  kappa: number | null;
}

/** Cohen's κ = (p_o − p_e) / (1 − p_e) over the units both raters rated. */
export function cohenKappa(ratings: readonly Rating[], raterA: string, raterB: string): Kappa {
  const a = new Map<string, string>();
  const b = new Map<string, string>();
  for (const r of ratings) {
    if (r.rater === raterA) a.set(r.unit, r.value);
    else if (r.rater === raterB) b.set(r.unit, r.value);
  }
  const shared = [...a.keys()].filter((unit) => b.has(unit));
  const n = shared.length;
  if (n === 0) return { n, observed: NaN, expected: NaN, kappa: null };
  let agree = 0;
  const countA = new Map<string, number>();
  const countB = new Map<string, number>();
  for (const unit of shared) {
    const va = a.get(unit)!;
    const vb = b.get(unit)!;
    if (va === vb) agree++;
    countA.set(va, (countA.get(va) ?? 0) + 1);
    countB.set(vb, (countB.get(vb) ?? 0) + 1);
  }
  const observed = agree / n;
  let expected = 0;
  for (const [value, count] of countA) expected += (count / n) * ((countB.get(value) ?? 0) / n);
  return { n, observed, expected, kappa: expected === 1 ? null : (observed - expected) / (1 - expected) };
}

interface PairCounts {
  n: number;
  agree: number;
  /** Value counts of the pair's first rater (in code-unit order of rater ids) and of its second. */
  first: Map<string, number>;
  second: Map<string, number>;
}

/**
 * Cohen's κ for every pair of raters from one pass over the units: each unit pairs the raters who rated it (a rater's
 * last rating of a unit counts, as in cohenKappa). Costs Σ_u m_u² instead of one pass over all ratings per pair.
 */
export function pairwiseKappas(ratings: readonly Rating[]): (raterA: string, raterB: string) => Kappa {
  const units = new Map<string, Map<string, string>>();
  for (const r of ratings) {
    let raters = units.get(r.unit);
    if (!raters) units.set(r.unit, (raters = new Map()));
    raters.set(r.rater, r.value);
  }
  const pairs = new Map<string, PairCounts>();
  const bump = (counts: Map<string, number>, value: string) => counts.set(value, (counts.get(value) ?? 0) + 1);
  for (const raters of units.values()) {
    const sorted = [...raters.keys()].sort();
    for (let i = 0; i < sorted.length; i++) {
      for (let j = i + 1; j < sorted.length; j++) {
        const key = `${sorted[i]}\u0000${sorted[j]}`;
        let pair = pairs.get(key);
        if (!pair) pairs.set(key, (pair = { n: 0, agree: 0, first: new Map(), second: new Map() }));
        const vi = raters.get(sorted[i])!;
        const vj = raters.get(sorted[j])!;
        pair.n++;
        if (vi === vj) pair.agree++;
        bump(pair.first, vi);
        bump(pair.second, vj);
      }
    }
  }
  return (raterA, raterB) => {
    const pair = pairs.get(raterA < raterB ? `${raterA}\u0000${raterB}` : `${raterB}\u0000${raterA}`);
    if (!pair || raterA === raterB) return { n: 0, observed: NaN, expected: NaN, kappa: null };
    const observed = pair.agree / pair.n;
    let expected = 0;
    for (const [value, count] of pair.first) expected += (count / pair.n) * ((pair.second.get(value) ?? 0) / pair.n);
    return { n: pair.n, observed, expected, kappa: expected === 1 ? null : (observed - expected) / (1 - expected) };
  };
}

export interface Alpha {
  /** Pairable values: those in units with at least two values. */
  n: number;
  units: number;
  /** null when undefined (fewer than two pairable values, or no expected disagreement). */
  alpha: number | null;
}

/**
 * Krippendorff's α for nominal data: α = 1 − D_o / D_e, from the coincidence matrix o_ck = Σ_u (pairs of
 * values c,k in unit u) / (m_u − 1), D_o = Σ_{c≠k} o_ck / n, D_e = Σ_{c≠k} n_c n_k / (n (n − 1)).
 */
export function krippendorffAlpha(ratings: readonly Rating[]): Alpha {
  const units = new Map<string, string[]>();
  for (const r of ratings) {
    const values = units.get(r.unit);
    if (values) values.push(r.value);
    else units.set(r.unit, [r.value]);
  }
  let n = 0;
  let pairable = 0;
  let observedDisagreement = 0;
  const totals = new Map<string, number>();
  for (const values of units.values()) {
    const m = values.length;
    if (m < 2) continue;
    pairable++;
    n += m;
    const counts = new Map<string, number>();
    for (const v of values) counts.set(v, (counts.get(v) ?? 0) + 1);
    for (const [v, c] of counts) totals.set(v, (totals.get(v) ?? 0) + c);
    // Ordered pairs of different values within the unit, weighted 1/(m−1).
    let differentPairs = 0;
    for (const [, c] of counts) differentPairs += c * (m - c);
    observedDisagreement += differentPairs / (m - 1);
  }
  if (n < 2) return { n, units: pairable, alpha: null };
  let expectedPairs = 0;
  for (const [, c] of totals) expectedPairs += c * (n - c);
  const dObserved = observedDisagreement / n;
  const dExpected = expectedPairs / (n * (n - 1));
  return { n, units: pairable, alpha: dExpected === 0 ? null : 1 - dObserved / dExpected };
}

export function median(values: readonly number[]): number | null {
  if (values.length === 0) return null;
  const sorted = [...values].sort((x, y) => x - y);
  const mid = sorted.length >> 1;
  return sorted.length % 2 ? sorted[mid] : (sorted[mid - 1] + sorted[mid]) / 2;
}
