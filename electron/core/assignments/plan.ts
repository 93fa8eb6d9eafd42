// Draws an assignment: which comparisons each evaluator judges, each comparison judged by `overlap` (k) of them.
//
// The algorithm (pure: the same inputs and seed give the same plan on every machine, whatever order the comparisons
// and evaluators are listed in, since comparison ids derive from content and evaluators are known by their names):
//   1. Order the comparisons by sha256(seed, 'order', comparison id): a seeded shuffle, independent of import order.
//      An evaluator's items keep this order (their `position`), which is the order the queue serves them in.
//   2. Walk the comparisons in that order. A comparison goes to exactly k distinct evaluators, picked one at a time
//      among those still under their quota: the one with the fewest items so far; among equals, the one that has
//      shared the fewest comparisons with those already picked for this comparison (so every pair of evaluators
//      meets about equally often, for agreement); among equals, the lowest sha256(seed, 'tie', comparison, name).
//      When fewer than k evaluators are under their quota, this comparison and every later one stay unassigned
//      (counts only grow, so no later comparison could find k either): never fewer than k judges on a comparison.
//   3. Balance: without quotas, the counts differ by at most one after every comparison. They start equal; if they
//      are c or c+1 before a comparison, picking the least loaded first takes every evaluator at c before any at
//      c+1, so afterwards they are c+1 or c+2 (some at c+1 were picked) or c or c+1 (k ≤ the number at c).
//   4. Control trials and position checks: of each evaluator's n items, exactly round(share × n) are control trials
//      (those with the lowest sha256(seed, 'control', name, comparison); only at a run's layer k ≥ 1, where assistance
//      is shown — elsewhere there is nothing to withhold) and exactly round(share × n) are position checks (likewise
//      with 'position-check'), the shares being the settings' controlShare and positionCheckShare. So every
//      evaluator's work carries the run's shares exactly, where the queue's own draws (a hash per evaluator and
//      comparison) would give each evaluator a share only on average.
import { sha256Hex } from '../ids';

export interface PlanEvaluator {
  id: string;
  /** The evaluator's (unique) name: what the seeded draws hash, so another database with the same names draws the same. */
  name: string;
  /** The most comparisons this evaluator gets; null: no limit. */
  quota: number | null;
}

export interface PlanInput {
  comparisonIds: readonly string[];
  evaluators: readonly PlanEvaluator[];
  overlap: number;
  seed: number;
  /** Shares of each evaluator's items that are control trials (0 where nothing is assisted) and position checks. */
  controlShare: number;
  positionCheckShare: number;
}

export interface PlannedItem {
  evaluatorId: string;
  comparisonId: string;
  position: number;
  control: boolean;
  positionCheck: boolean;
}

export interface Plan {
  items: PlannedItem[];
  /** Comparisons that got k evaluators, and those left out because the quotas ran out. */
  assigned: number;
  unassigned: number;
}

const key = (...parts: (string | number)[]): string => sha256Hex(...parts.map(String));

/** The plan for these inputs (see the algorithm above); the caller has checked 1 ≤ overlap ≤ evaluators. */
export function planAssignment(input: PlanInput): Plan {
  const { overlap, seed } = input;
  const order = [...new Set(input.comparisonIds)]
    .map((id) => ({ id, k: key(seed, 'order', id) }))
    .sort((a, b) => (a.k < b.k ? -1 : a.k > b.k ? 1 : 0))
    .map((c) => c.id);
  const evaluators = [...input.evaluators].sort((a, b) => (a.name < b.name ? -1 : a.name > b.name ? 1 : 0));
  const m = evaluators.length;
  const counts = new Array<number>(m).fill(0);
  const shared = Array.from({ length: m }, () => new Array<number>(m).fill(0));
  const itemsOf: { comparisonId: string; position: number }[][] = evaluators.map(() => []);
  let assigned = 0;

  for (const [position, comparisonId] of order.entries()) {
    const open = evaluators.map((_, i) => i).filter((i) => evaluators[i].quota === null || counts[i] < evaluators[i].quota!);
    if (open.length < overlap) break;
    const tie = new Map(open.map((i) => [i, key(seed, 'tie', comparisonId, evaluators[i].name)]));
    const picked: number[] = [];
    for (let j = 0; j < overlap; j++) {
      let best = -1;
      let bestShared = 0;
      for (const i of open) {
        if (picked.includes(i)) continue;
        const meets = picked.reduce((sum, p) => sum + shared[i][p], 0);
        if (best < 0 || counts[i] < counts[best] || (counts[i] === counts[best] && (meets < bestShared || (meets === bestShared && tie.get(i)! < tie.get(best)!)))) {
          best = i;
          bestShared = meets;
        }
      }
      picked.push(best);
    }
    for (const i of picked) {
      counts[i] += 1;
      itemsOf[i].push({ comparisonId, position });
      for (const p of picked) if (p !== i) shared[i][p] += 1;
    }
    assigned += 1;
  }

  const items = evaluators.flatMap((evaluator, i) => {
    const mine = itemsOf[i];
    const chosen = (what: string, share: number) => {
      const n = Math.round(share * mine.length);
      const ranked = mine.map((item) => ({ id: item.comparisonId, k: key(seed, what, evaluator.name, item.comparisonId) })).sort((a, b) => (a.k < b.k ? -1 : 1));
      return new Set(ranked.slice(0, n).map((r) => r.id));
    };
    const control = chosen('control', input.controlShare);
    const checks = chosen('position-check', input.positionCheckShare);
    return mine.map((item) => ({
      evaluatorId: evaluator.id,
      comparisonId: item.comparisonId,
      position: item.position,
      control: control.has(item.comparisonId),
      positionCheck: checks.has(item.comparisonId),
    }));
  });
  return { items, assigned, unassigned: order.length - assigned };
}
