// The cost curve of deferral: with the model's predictions sorted by confidence, people label the h least
// confident comparisons and the model the rest; accuracy against the truth as h goes from 0 (model only) to n.

export interface CostItem {
  /** max(p, 1 − p) of the model's P(A ≻ B) */
  confidence: number;
  /** 1 when the model's side is right, 0 when wrong, ½ when it says exactly 0.5 */
  modelCorrect: number;
  /** expected correctness of a human label: the share of the comparison's human verdicts that are right */
  humanCorrect: number;
}

export interface CostPoint {
  humanLabels: number;
  accuracy: number;
}

/** At most `maxPoints` points, always including h = 0 and h = n; empty without items. */
export function costCurve(items: readonly CostItem[], maxPoints = 50): CostPoint[] {
  const n = items.length;
  if (n === 0) return [];
  const sorted = items.map((item, i) => ({ item, i })).sort((p, q) => p.item.confidence - q.item.confidence || p.i - q.i).map((x) => x.item);
  const human = [0], model = [0];
  for (const it of sorted) {
    human.push(human[human.length - 1] + it.humanCorrect);
    model.push(model[model.length - 1] + it.modelCorrect);
  }
  const steps = n + 1 <= maxPoints ? Array.from({ length: n + 1 }, (_, h) => h) : Array.from({ length: maxPoints }, (_, i) => Math.round((i * n) / (maxPoints - 1)));
  return [...new Set(steps)].map((h) => ({ humanLabels: h, accuracy: (human[h] + (model[n] - model[h])) / n }));
}
