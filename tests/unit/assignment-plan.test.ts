// Properties of the assignment draw (electron/core/assignments/plan.ts), with fast-check: every assigned comparison has
// exactly k distinct evaluators, counts differ by at most one without quotas, quotas are never exceeded, the same inputs
// and seed give the same plan whatever order they are listed in, and control trials and position checks are exactly
// round(share × n) of each evaluator's items.
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { planAssignment, type Plan, type PlanInput } from '../../electron/core/assignments/plan';

const ids = (n: number, prefix: string) => Array.from({ length: n }, (_, i) => `${prefix}-${i}`);

const inputArbitrary = (withQuotas: boolean) =>
  fc
    .record({
      comparisons: fc.integer({ min: 0, max: 60 }),
      evaluators: fc.integer({ min: 1, max: 7 }),
      overlapPick: fc.nat(),
      seed: fc.integer({ min: 0, max: 2 ** 31 }),
      controlShare: fc.constantFrom(0, 0.1, 0.25, 0.5),
      positionCheckShare: fc.constantFrom(0, 0.05, 0.2),
      quotas: fc.array(fc.option(fc.integer({ min: 0, max: 30 })), { minLength: 7, maxLength: 7 }),
    })
    .map(
      (r): PlanInput => ({
        comparisonIds: ids(r.comparisons, 'c'),
        evaluators: ids(r.evaluators, 'e').map((id, i) => ({ id, name: `name ${id}`, quota: withQuotas ? r.quotas[i] : null })),
        overlap: 1 + (r.overlapPick % r.evaluators),
        seed: r.seed,
        controlShare: r.controlShare,
        positionCheckShare: r.positionCheckShare,
      }),
    );

function countsOf(plan: Plan, input: PlanInput): number[] {
  return input.evaluators.map((e) => plan.items.filter((i) => i.evaluatorId === e.id).length);
}

function judgesOf(plan: Plan): Map<string, string[]> {
  const judges = new Map<string, string[]>();
  for (const item of plan.items) judges.set(item.comparisonId, [...(judges.get(item.comparisonId) ?? []), item.evaluatorId]);
  return judges;
}

describe('assignment draw', () => {
  it('gives each assigned comparison exactly k distinct evaluators and, without quotas, every comparison, balanced within one', () => {
    fc.assert(
      fc.property(inputArbitrary(false), (input) => {
        const plan = planAssignment(input);
        const judges = judgesOf(plan);
        expect(plan.assigned).toBe(input.comparisonIds.length);
        expect(plan.unassigned).toBe(0);
        expect(judges.size).toBe(input.comparisonIds.length);
        for (const evaluators of judges.values()) {
          expect(evaluators).toHaveLength(input.overlap);
          expect(new Set(evaluators).size).toBe(input.overlap);
        }
        const counts = countsOf(plan, input);
        expect(Math.max(...counts) - Math.min(...counts)).toBeLessThanOrEqual(1);
        expect(counts.reduce((a, b) => a + b, 0)).toBe(input.comparisonIds.length * input.overlap);
      }),
      { seed: 19, numRuns: 200 },
    );
  });

  it('never exceeds a quota, and leaves a comparison out only when fewer than k evaluators are under theirs', () => {
    fc.assert(
      fc.property(inputArbitrary(true), (input) => {
        const plan = planAssignment(input);
        const counts = countsOf(plan, input);
        input.evaluators.forEach((e, i) => {
          if (e.quota !== null) expect(counts[i]).toBeLessThanOrEqual(e.quota);
        });
        for (const evaluators of judgesOf(plan).values()) expect(new Set(evaluators).size).toBe(input.overlap);
        expect(plan.assigned + plan.unassigned).toBe(input.comparisonIds.length);
        if (plan.unassigned > 0) {
          const open = input.evaluators.filter((e, i) => e.quota === null || counts[i] < e.quota).length;
          expect(open).toBeLessThan(input.overlap);
        }
        // among evaluators without a quota, the counts still differ by at most one
        const free = input.evaluators.flatMap((e, i) => (e.quota === null ? [counts[i]] : []));
        if (free.length > 1) expect(Math.max(...free) - Math.min(...free)).toBeLessThanOrEqual(1);
      }),
      { seed: 20, numRuns: 200 },
    );
  });

  it('is reproducible: the same inputs and seed give the same plan, in any listing order; another seed another one', () => {
    fc.assert(
      fc.property(inputArbitrary(true), fc.integer(), (input, shuffleSeed) => {
        const shuffled = <T>(items: readonly T[]) => [...items].map((item, i) => ({ item, k: Math.sin(shuffleSeed + i) })).sort((a, b) => a.k - b.k).map((x) => x.item);
        const again = planAssignment({ ...input, comparisonIds: shuffled(input.comparisonIds), evaluators: shuffled(input.evaluators) });
        const key = (plan: Plan) => plan.items.map((i) => JSON.stringify(i)).sort();
        expect(key(again)).toEqual(key(planAssignment(input)));
      }),
      { seed: 21, numRuns: 100 },
    );
    const input: PlanInput = {
      comparisonIds: ids(40, 'c'),
      evaluators: ids(4, 'e').map((id) => ({ id, name: id, quota: null })),
      overlap: 2,
      seed: 1,
      controlShare: 0.1,
      positionCheckShare: 0.05,
    };
    const judges = (plan: Plan) => [...judgesOf(plan).entries()].map(([c, e]) => `${c}:${[...e].sort()}`).sort();
    expect(judges(planAssignment({ ...input, seed: 2 }))).not.toEqual(judges(planAssignment(input)));
  });

  it("puts exactly round(share × n) control trials and position checks in each evaluator's work", () => {
    fc.assert(
      fc.property(inputArbitrary(false), (input) => {
        const plan = planAssignment(input);
        for (const e of input.evaluators) {
          const mine = plan.items.filter((i) => i.evaluatorId === e.id);
          expect(mine.filter((i) => i.control)).toHaveLength(Math.round(input.controlShare * mine.length));
          expect(mine.filter((i) => i.positionCheck)).toHaveLength(Math.round(input.positionCheckShare * mine.length));
        }
      }),
      { seed: 22, numRuns: 100 },
    );
  });

  it('lets every pair of evaluators share comparisons when k = 2 (agreement can be measured between any two)', () => {
    const input: PlanInput = {
      comparisonIds: ids(60, 'c'),
      evaluators: ids(4, 'e').map((id) => ({ id, name: id, quota: null })),
      overlap: 2,
      seed: 7,
      controlShare: 0,
      positionCheckShare: 0,
    };
    const pairs = new Map<string, number>();
    for (const evaluators of judgesOf(planAssignment(input)).values()) {
      const key = [...evaluators].sort().join('+');
      pairs.set(key, (pairs.get(key) ?? 0) + 1);
    }
    expect(pairs.size).toBe(6); // all C(4, 2) pairs
    expect(Math.max(...pairs.values()) - Math.min(...pairs.values())).toBeLessThanOrEqual(2);
  });
});
