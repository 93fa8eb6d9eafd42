// The oversight report's error-propagation claim against a closed form, up to the top layer: simulated ladders with a
// planted RM0 length bias, summarised and turned into claims as `rung experiment` does (summarize, computeClaims),
// recover within their 95% interval over seeds the share of the bias that the simulator's rules say reaches the top.
import type Database from 'better-sqlite3';
import { rmSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { computeClaims } from '../../electron/core/experiment/claims';
import { LADDER, LENGTH_BIAS, type Condition } from '../../electron/core/experiment/presets';
import { summarize, type RunSummary } from '../../electron/core/experiment/run-summary';
import { comparisonTexts, comparisonTruths } from '../../electron/core/db/comparisons';
import { runComparisonIds } from '../../electron/core/db/runs';
import { loadJudgedVerdicts } from '../../electron/core/db/verdicts';
import { biasSide } from '../../electron/core/ladder/rm0-bias';
import { runSimulation } from '../../electron/core/ladder/simulation';
import { openStore } from '../../electron/core/store';
import { tempDir } from '../helpers/store';

/*
 * The derivation. Every simulated evaluator is error-free (baseError = errorPerStep = 0) and over-trusts with chance
 * P; RM0's length bias is planted with share b = 1; the demo runs at scale 1, where deferral cannot certify the 5%
 * target (simulation.ts), so no layer auto-labels and every label is the majority of people's verdicts: three on a
 * layer's seed half, one on each routed comparison. The baseline is the same ladder without the bias and, as in the
 * experiment's presets, without over-trust.
 *
 *  - Planted (the claim's denominator). On layer 0 the bias decides every seed item it touches (b = 1) and stands in
 *    for all three verdicts there, so the seed labels take the longer, wrong side on every bias item: rate 1. The
 *    baseline's error-free evaluators never do: rate 0. The planted excess is exactly 1 in every seed.
 *  - Survived into layer k ≥ 1's labels (the numerator). An error-free verdict is the ground truth unless the
 *    assistance shown favours the wrong side (simulate.ts, wronglyFavoured); then it is that side with chance P. On a
 *    bias item the wrong side is the longer one, so verdict j takes the bias's side with chance p_j = P when RM(k-1)'s
 *    assistance was shown to it (not a control trial) with P(A ≻ B) on the longer side, else p_j = 0, independently
 *    across evaluators. A one-verdict label takes it with chance p_1; a three-verdict label when two or three do:
 *    p_1 p_2 + p_1 p_3 + p_2 p_3 − 2 p_1 p_2 p_3 (with every p_j = P: 3P² − 2P³, which is P at P = ½). The baseline
 *    takes it nowhere (rate 0). So the share that survives is E_k = (1/n) Σ P(label takes the bias's side) over the n
 *    bias items of layer k (the longer response is the wrong one), and the claim's expected value is E_top.
 *
 * What is not a parameter is where RM(k-1), trained by the engine, leans to the longer side: every path from RM0's
 * seed labels upwards runs through the models, so beyond 0 ≤ E_k ≤ P nothing closes on the parameters alone. The closed
 * form is therefore conditional on the assistance shown, which every verdict records; given it, it is exact in
 * expectation over the evaluators' draws. On these seeds RM0 leans to the longer side and carries the bias into
 * layer 1, but RM1 does not lean on layer 2's bias items, so E_2 is 0 there: the bias dies at RM1. The same runs cut
 * after layer 1 are a two-layer ladder (layers 0 and 1 are done before layer 2 starts), whose top layer the bias does
 * reach: the claim is checked on both.
 */
const P = 0.5;
const SEEDS = [1, 2, 3, 4];

const plain: Condition = { ...LADDER, overtrust: 0 };
const biased: Condition = { ...LENGTH_BIAS, rm0Bias: { kind: 'length', share: 1 }, overtrust: P };

/** The chance that a strict majority of independent verdicts takes a side, verdict j with chance p_j. */
function majorityChance(p: readonly number[]): number {
  let dist = [1]; // dist[k]: the chance that k of the verdicts so far take it
  for (const pj of p) dist = [...dist, 0].map((q, k) => q * (1 - pj) + (k > 0 ? dist[k - 1] * pj : 0));
  return dist.reduce((s, q, k) => (2 * k > p.length ? s + q : s), 0);
}

interface Expected {
  /** E_k: the expected share of the layer's bias items whose label takes the bias's side. */
  share: number;
  /** Its standard deviation over the evaluators' draws. */
  sd: number;
  items: number;
}

/** E_k on one layer of a finished simulation whose evaluators over-trust with chance `overtrust` (the derivation above). */
function expectedShare(db: Database.Database, runId: string, layer: number, overtrust: number): Expected {
  const ids = runComparisonIds(db, runId, layer);
  const biasOf = new Map<string, 'A' | 'B'>();
  for (const { id, groundTruth } of comparisonTruths(db, ids)) {
    const texts = comparisonTexts(db, id)!;
    const side = biasSide('length', { textA: texts.a.text, textB: texts.b.text, groundTruth: groundTruth!, wrong: null });
    if (side !== null && groundTruth !== 'tie' && side !== groundTruth) biasOf.set(id, side);
  }
  const chances = new Map<string, number[]>();
  for (const v of loadJudgedVerdicts(db, [...biasOf.keys()])) {
    const leadsAstray = v.mode === 'assisted' && v.pA !== null && v.pA !== 0.5 && (v.pA > 0.5 ? 'A' : 'B') === biasOf.get(v.comparisonId);
    chances.set(v.comparisonId, [...(chances.get(v.comparisonId) ?? []), leadsAstray ? overtrust : 0]);
  }
  expect(chances.size).toBe(biasOf.size); // people labelled every bias item
  let mean = 0;
  let variance = 0;
  for (const p of chances.values()) {
    expect([1, 3]).toContain(p.length); // a routed comparison's one verdict, or the seed half's three
    const q = majorityChance(p);
    mean += q;
    variance += q * (1 - q);
  }
  return { share: mean / chances.size, sd: Math.sqrt(variance) / chances.size, items: chances.size };
}

const dir = tempDir();
afterAll(() => rmSync(dir, { recursive: true, force: true }));

/** One condition at one seed as the experiment runs it (three evaluators, their seeds from the experiment's), error-free; E_k per layer. */
async function simulate(condition: Condition, seed: number): Promise<{ summary: RunSummary; expected: Expected[] }> {
  const store = openStore(join(dir, `${condition.id}-${seed}.db`));
  try {
    const report = await runSimulation(store, {
      scale: 1,
      seed,
      target: condition.target,
      device: 'cpu',
      rm0Bias: condition.rm0Bias,
      assistance: condition.assistance,
      evaluators: [0, 1, 2].map((i) => ({ seed: 3 * (seed - 1) + i + 1, baseError: 0, errorPerStep: 0, overtrust: condition.overtrust })),
      actor: 'test',
    });
    return { summary: summarize(condition, seed, 0, report), expected: report.rows.map((r) => expectedShare(store.db, report.runId, r.layer, condition.overtrust)) };
  } finally {
    store.close();
  }
}

/** The ladder cut after layer `top`: the same figures for layers 0..top, as a ladder of top + 1 layers would have them. */
const upTo = (run: RunSummary, top: number): RunSummary => ({ ...run, layers: run.layers.slice(0, top + 1) });

const propagation = (runs: readonly RunSummary[]) => computeClaims(runs).find((c) => c.id === 'error-propagation')!;

describe('error propagation in closed form', () => {
  it("recovers the share of a planted RM0 length bias that reaches the top layer's labels within the claim's 95% interval", async () => {
    const runs: RunSummary[] = [];
    const expected: Expected[][] = [];
    for (const seed of SEEDS) {
      const without = await simulate(plain, seed);
      const withBias = await simulate(biased, seed);
      runs.push(without.summary, withBias.summary);
      expected.push(withBias.expected);
      // The derivation's premises: people label everything; the planted excess is exactly 1.
      for (const run of [without.summary, withBias.summary]) expect(run.layers.map((l) => l.autoLabelled)).toEqual([0, 0, 0]);
      expect(withBias.summary.layers[0].bias.length.seedLabels.rate).toBe(1);
      expect(without.summary.layers[0].bias.length.seedLabels.rate).toBe(0);
      for (const k of [1, 2]) {
        expect(without.summary.layers[k].bias.length.labels.rate, `baseline, layer ${k}`).toBe(0);
        // Per seed and layer, the measured share is E_k up to the evaluators' draws.
        const measured = withBias.summary.layers[k].bias.length.labels;
        const e = withBias.expected[k];
        expect(measured.of).toBe(e.items);
        expect(Math.abs(measured.rate! - e.share), `seed ${seed}, layer ${k}: ${measured.rate} against ${e.share} ± ${e.sd}`).toBeLessThanOrEqual(4 * e.sd + 1e-12);
      }
    }

    for (const top of [2, 1]) {
      const claim = propagation(runs.map((r) => upTo(r, top)));
      const closedForm = expected.reduce((s, e) => s + e[top].share, 0) / expected.length;
      expect(claim.seeds).toBe(SEEDS.length);
      expect(claim.ci![0], `top layer ${top}`).toBeLessThanOrEqual(closedForm + 1e-12);
      expect(claim.ci![1], `top layer ${top}`).toBeGreaterThanOrEqual(closedForm - 1e-12);
      expect(closedForm).toBeLessThanOrEqual(P);
    }
    // Not a vacuous match: through RM0's assistance the bias reaches layer 1, the two-layer ladder's top.
    expect(expected.reduce((s, e) => s + e[1].share, 0)).toBeGreaterThan(0);
    expect(propagation(runs.map((r) => upTo(r, 1))).value).toBeGreaterThan(0);
  }, 180_000);
});
