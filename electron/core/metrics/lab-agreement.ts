// The lab's overall agreement for the lead view: Krippendorff's α (nominal) over every evaluator and item with at least
// two verdicts, and the spread of pairwise Cohen's κ over the pairs of evaluators who share enough items.
import { krippendorffAlpha, pairwiseKappas, type Rating } from './agreement';

export interface KappaSummary {
  /** Pairs of evaluators with at least minShared items in common and a defined κ. */
  pairs: number;
  mean: number;
  min: number;
  max: number;
}

export interface LabAgreement {
  /** Krippendorff's α; null when it cannot be computed (fewer than two paired values, or one value throughout). */
  alpha: number | null;
  /** Items with at least two verdicts, and the evaluators who gave those verdicts: what α rests on. */
  items: number;
  evaluators: number;
  kappa: KappaSummary | null;
  minShared: number;
}

/** `ratings`: one verdict (A, B or tie) per evaluator and item — the latest; skips are no verdict. */
export function labAgreement(ratings: readonly Rating[], minShared: number): LabAgreement {
  const ratersOf = new Map<string, Set<string>>();
  for (const r of ratings) {
    const raters = ratersOf.get(r.unit);
    if (raters) raters.add(r.rater);
    else ratersOf.set(r.unit, new Set([r.rater]));
  }
  const paired = [...ratersOf.values()].filter((raters) => raters.size >= 2);
  const evaluators = [...new Set(paired.flatMap((raters) => [...raters]))].sort();
  const kappaOf = pairwiseKappas(ratings);
  const kappas: number[] = [];
  for (let i = 0; i < evaluators.length; i++) {
    for (let j = i + 1; j < evaluators.length; j++) {
      const k = kappaOf(evaluators[i], evaluators[j]);
      if (k.n >= minShared && k.kappa !== null) kappas.push(k.kappa);
    }
  }
  const kappa = kappas.length === 0 ? null : { pairs: kappas.length, mean: kappas.reduce((s, k) => s + k, 0) / kappas.length, min: Math.min(...kappas), max: Math.max(...kappas) };
  return { alpha: krippendorffAlpha(ratings).alpha, items: paired.length, evaluators: evaluators.length, kappa, minShared };
}
