// A synthetic ladder for the model-check tests: comparisons of embedded responses whose better side a planted
// reward (v·x) decides, with planted contradictions — gold answers, unanimous people and single people against it.
import { gaussian, rng } from '../native/synthetic';

export const DIM = 8;
export const N = 300;
const v = Array.from({ length: DIM }, (_, k) => gaussian(rng(500 + k)));
const norm = Math.hypot(...v);
export const reward = (x: number[]) => x.reduce((s, xi, k) => s + (xi * v[k]) / norm, 0);

export type Role =
  | 'gold-against' // no human verdict, ground truth against the rule: RM1 contradicts gold (cross-layer)
  | 'gold-clean'
  | 'consensus2-against' // two people agree, against the rule: cross-layer (RM1) and model vs human (RM0)
  | 'consensus3-against'
  | 'single-against' // one person against the rule: model vs human only (not established)
  | 'consensus-clean'
  | 'single-clean';

export interface Item {
  key: string;
  layer: number;
  role: Role;
  xa: number[];
  xb: number[];
}

/** N layer-0 and N layer-1 comparisons; every pair's rewards differ by ≥ 1.5 (planted ones by ≥ 4, so the models are sure). */
export function ladder(planted: boolean): Item[] {
  const rand = rng(planted ? 11 : 12);
  const roles0: Role[] = planted
    ? ['gold-against', 'gold-against', 'gold-against', 'gold-clean', 'gold-clean', 'gold-clean', 'consensus2-against', 'consensus2-against', 'consensus3-against', 'single-against', 'single-against']
    : ['gold-clean', 'gold-clean', 'gold-clean'];
  const roles1: Role[] = planted ? ['single-against', 'single-against', 'single-against'] : [];
  const items: Item[] = [];
  for (let i = 0; i < 2 * N; i++) {
    const layer = i < N ? 0 : 1;
    const j = layer === 0 ? i : i - N;
    const fixed = layer === 0 ? roles0 : roles1;
    const role: Role = j < fixed.length ? fixed[j] : layer === 0 && j < fixed.length + 20 ? 'consensus-clean' : 'single-clean';
    const minGap = role.endsWith('against') ? 4 : 1.5;
    for (;;) {
      const xa = Array.from({ length: DIM }, () => gaussian(rand));
      const xb = Array.from({ length: DIM }, () => gaussian(rand));
      if (Math.abs(reward(xa) - reward(xb)) >= minGap) {
        items.push({ key: `p${i}`, layer, role, xa, xb });
        break;
      }
    }
  }
  return items;
}

export function record(item: Item) {
  const rule: 'A' | 'B' = reward(item.xa) > reward(item.xb) ? 'A' : 'B';
  const other: 'A' | 'B' = rule === 'A' ? 'B' : 'A';
  const judged = (names: string[], choice: 'A' | 'B') => names.map((evaluator) => ({ evaluator, choice }));
  const byRole: Record<Role, { judgments: { evaluator: string; choice: 'A' | 'B' }[]; ground_truth?: 'A' | 'B' }> = {
    'gold-against': { judgments: [], ground_truth: other },
    'gold-clean': { judgments: [], ground_truth: rule },
    'consensus2-against': { judgments: judged(['ann', 'bob'], other) },
    'consensus3-against': { judgments: judged(['ann', 'bob', 'cat'], other) },
    'single-against': { judgments: judged(['dan'], other) },
    'consensus-clean': { judgments: judged(['ann', 'bob'], rule) },
    'single-clean': { judgments: judged(['ann'], rule) },
  };
  return { prompt: `prompt ${item.key}`, response_a: `${item.key} a`, response_b: `${item.key} b`, layer: item.layer, embedding: { a: item.xa, b: item.xb }, ...byRole[item.role] };
}
