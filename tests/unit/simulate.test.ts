// Simulated evaluators: they err more on longer items, less when assistance marks the planted wrong step, give the
// same verdicts for the same seed, and are stored (and listed, and exported) as simulated, never as people.
import { describe, expect, it } from 'vitest';
import { createSimulatedEvaluator, DEFAULT_SIMULATED, errorRate, simulateVerdict, simulatedParams, verdictRandom, wronglyFavoured, type SimulatedItem, type SimulatedParams } from '../../electron/core/ladder/simulate';
import { insertSimulatedEvaluator } from '../../electron/core/db/evaluators';
import { contentId } from '../../electron/core/ids';
import { DEMO_COUNTS, DEMO_SEED, demoCounts, generateDemo } from '../../electron/core/demo/generate';
import { useService } from '../helpers/api';

const s = useService();

const item = (steps: number, assistance: SimulatedItem['assistance'] = null): SimulatedItem => ({ groundTruth: 'A', steps, wrong: { side: 'B', step: 1 }, assistance });
const marking = (weakStep: number): SimulatedItem['assistance'] => ({
  mode: 'assisted',
  segments: { A: [{ weak: false }, { weak: false }, { weak: true }], B: [0, 1, 2].map((i) => ({ weak: i === weakStep })) },
});

/** Share of wrong verdicts over many comparisons (each its own draw). */
function observedError(it: SimulatedItem, n = 4000, params: SimulatedParams = DEFAULT_SIMULATED): number {
  let wrong = 0;
  for (let i = 0; i < n; i++) if (simulateVerdict(params, it, verdictRandom(params, `c${i}`)) !== it.groundTruth) wrong++;
  return wrong / n;
}

const pointing = (pA: number): SimulatedItem['assistance'] => ({ mode: 'assisted', pA, segments: { A: [], B: [] } });

describe('simulated verdicts', () => {
  it('err more on items with more steps (capped at a coin flip)', () => {
    const rates = [1, 3, 9].map((steps) => errorRate(DEFAULT_SIMULATED, item(steps)));
    expect(rates[0]).toBeCloseTo(DEFAULT_SIMULATED.baseError);
    expect(rates[1]).toBeGreaterThan(rates[0]);
    expect(rates[2]).toBeGreaterThan(rates[1]);
    expect(errorRate({ ...DEFAULT_SIMULATED, errorPerStep: 0.3 }, item(9))).toBe(0.5);
    const observed = [1, 9].map((steps) => observedError(item(steps)));
    expect(observed[1]).toBeGreaterThan(observed[0] + 0.15);
  });

  it('err less when the assistance marks the planted wrong step as weak, not when it marks another', () => {
    const plain = errorRate(DEFAULT_SIMULATED, item(9));
    expect(errorRate(DEFAULT_SIMULATED, item(9, marking(1)))).toBeCloseTo(plain * DEFAULT_SIMULATED.assistedWrongStepFactor);
    expect(errorRate(DEFAULT_SIMULATED, item(9, marking(2)))).toBe(plain);
    expect(errorRate(DEFAULT_SIMULATED, item(9, { mode: 'control' }))).toBe(plain);
    expect(observedError(item(9, marking(1)))).toBeLessThan(observedError(item(9)) - 0.1);
  });

  it('follow assistance that favours the wrong side with the over-trust chance, on top of their own errors', () => {
    // Truth A, one step: own error e = 5%. Wrong-way assistance (pA 0.2) is followed with chance P: error P + (1 − P)·e.
    const e = DEFAULT_SIMULATED.baseError;
    for (const overtrust of [0, 0.3, 0.8]) {
      const params = { ...DEFAULT_SIMULATED, overtrust };
      const n = 6000;
      const expected = overtrust + (1 - overtrust) * e;
      const sd = Math.sqrt((expected * (1 - expected)) / n);
      expect(Math.abs(observedError(item(1, pointing(0.2)), n, params) - expected)).toBeLessThan(4 * sd);
      // Assistance on the right side, or sitting on ½, is never a reason to err more.
      expect(Math.abs(observedError(item(1, pointing(0.9)), n, params) - e)).toBeLessThan(4 * Math.sqrt((e * (1 - e)) / n));
    }
    expect(wronglyFavoured({ groundTruth: 'A', assistance: pointing(0.2) })).toBe('B');
    expect(wronglyFavoured({ groundTruth: 'B', assistance: pointing(0.2) })).toBeNull();
    expect(wronglyFavoured({ groundTruth: 'A', assistance: pointing(0.5) })).toBeNull();
    expect(wronglyFavoured({ groundTruth: 'tie', assistance: pointing(0.9) })).toBeNull();
    expect(wronglyFavoured({ groundTruth: 'A', assistance: { mode: 'control' } })).toBeNull();
    // Without over-trust the verdicts are those drawn before it existed: no further draw is taken.
    const before = Array.from({ length: 300 }, (_, i) => simulateVerdict(DEFAULT_SIMULATED, item(9, pointing(0.1)), verdictRandom(DEFAULT_SIMULATED, `k${i}`)));
    const plain = Array.from({ length: 300 }, (_, i) => simulateVerdict(DEFAULT_SIMULATED, item(9), verdictRandom(DEFAULT_SIMULATED, `k${i}`)));
    expect(before).toEqual(plain);
  });

  it('are deterministic per (seed, comparison), differ across seeds, and a wrong verdict on a tie picks a side', () => {
    const verdicts = (seed: number) => Array.from({ length: 200 }, (_, i) => simulateVerdict({ ...DEFAULT_SIMULATED, seed }, item(9), verdictRandom({ ...DEFAULT_SIMULATED, seed }, `c${i}`)));
    expect(verdicts(1)).toEqual(verdicts(1));
    expect(verdicts(2)).not.toEqual(verdicts(1));
    const tie = { ...item(9), groundTruth: 'tie' as const, wrong: null };
    const answers = new Set(Array.from({ length: 300 }, (_, i) => simulateVerdict(DEFAULT_SIMULATED, tie, verdictRandom(DEFAULT_SIMULATED, `t${i}`))));
    expect(answers).toEqual(new Set(['tie', 'A', 'B']));
  });
});

describe('simulated evaluators in the database', () => {
  it('are kind human with their parameters stored, listed as simulated, idempotent, and never clash with a person', async () => {
    const db = s.t.store.db;
    const sim = createSimulatedEvaluator(db, 'Sim 1', { seed: 7 });
    expect(sim).toMatchObject({ kind: 'human', simulated: true, source: 'simulation' });
    expect(simulatedParams(db, sim.id)).toEqual({ ...DEFAULT_SIMULATED, seed: 7 });
    expect(createSimulatedEvaluator(db, 'Sim 1', { seed: 7 }).id).toBe(sim.id);
    expect(() => createSimulatedEvaluator(db, 'Sim 2', { overtrust: 1.5 })).toThrow('overtrust must be in [0, 1], got 1.5');
    // An evaluator stored before over-trust existed reads as one without it.
    const { overtrust: _, ...older } = DEFAULT_SIMULATED;
    const olderId = insertSimulatedEvaluator(db, contentId('older simulated evaluator'), 'Older sim', JSON.stringify(older), { simulated: older });
    expect(simulatedParams(db, olderId)).toEqual({ ...DEFAULT_SIMULATED, overtrust: 0 });
    expect(() => createSimulatedEvaluator(db, 'Sim 1', { seed: 8 })).toThrow(/other parameters/);
    const person = await s.value('createEvaluator', { name: 'Ada' });
    expect(person.simulated).toBe(false);
    expect(() => createSimulatedEvaluator(db, 'Ada')).toThrow(/a person named "Ada"/);
    expect(() => simulatedParams(db, person.id)).toThrow(/not simulated/);
    expect(() => createSimulatedEvaluator(db, 'Sim 2', { baseError: 2 })).toThrow(/baseError/);
    const listed = await s.value('listEvaluators');
    expect(listed.find((e: { id: string }) => e.id === sim.id)).toMatchObject({ simulated: true });
  });

  it('exports say which judgments are simulated', async () => {
    await s.value('loadDemo');
    const db = s.t.store.db;
    const sim = createSimulatedEvaluator(db, 'Sim 1');
    const ada = await s.value('createEvaluator', { name: 'Ada' });
    const [a] = await s.value('nextComparisons', { evaluatorId: ada.id, count: 1 });
    await s.value('submitJudgment', { comparisonId: a.comparison.id, evaluatorId: ada.id, choice: 'A', leftSide: a.leftSide });
    await s.value('submitJudgment', { comparisonId: a.comparison.id, evaluatorId: sim.id, choice: 'B', leftSide: a.leftSide });
    const trl = (await s.value('exportData', { format: 'trl-jsonl' })).content.trim().split('\n').map((l: string) => JSON.parse(l));
    expect(trl.map((r: { evaluator: string; evaluator_simulated: boolean }) => [r.evaluator, r.evaluator_simulated]).sort()).toEqual([['Ada', false], ['Sim 1', true]]);
    const csv = (await s.value('exportData', { format: 'judgments-csv' })).content.split('\r\n');
    const column = csv[0].split(',').indexOf('evaluator_simulated');
    expect(column).toBeGreaterThan(0);
    expect(csv.slice(1, 3).map((line: string) => line.split(',')[column]).sort()).toEqual(['false', 'true']);
  });
});

describe('the demo at a scale (for simulations)', () => {
  it('multiplies the comparisons per layer, leaves the default demo as it is, and refuses a bad scale', () => {
    expect(demoCounts()).toEqual(DEMO_COUNTS);
    expect(generateDemo(DEMO_SEED, 1)).toEqual(generateDemo());
    const scaled = generateDemo(DEMO_SEED, 3);
    for (const layer of [0, 1, 2] as const) expect(scaled.filter((r) => r.layer === layer)).toHaveLength(3 * DEMO_COUNTS[layer]);
    expect(new Set(scaled.map((r) => r.id)).size).toBe(scaled.length);
    expect(() => demoCounts(0)).toThrow(/positive/);
  });
});
