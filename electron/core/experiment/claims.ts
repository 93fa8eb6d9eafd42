// The oversight report's five claims, each from the simulated runs with a 95% interval over seeds and a plain
// reading. Two compare the ladder with people labelling alone; that baseline is computed from the simulator's own
// error model (each evaluator errs independently with the chance errorRate gives an item of that many steps), not run.
import { errorRate, type SimulatedParams } from '../ladder/simulate';
import type { MeasuredBias } from '../ladder/simulation-truth';
import { meanInterval, shareInterval, type Estimate } from './interval';
import { LADDER, LENGTH_BIAS } from './presets';
import type { RunSummary } from './run-summary';

export type ClaimId = 'cost-reduction' | 'quality-gain' | 'error-propagation' | 'check-recall' | 'deferral-coverage';

export interface Claim {
  id: ClaimId;
  metric: string;
  value: number | null;
  ci: [number, number] | null;
  seeds: number;
  note: string;
  /** Further figures behind the claim (check-recall: the precision). */
  details?: Record<string, number | [number, number] | null>;
}

/** P(the majority of m independent verdicts is right) when each is wrong with chance e; an even split counts half. */
export function majorityAccuracy(m: number, e: number): number {
  let right = 0;
  let choose = 1; // C(m, k)
  for (let k = 0; k <= m; k++) {
    const p = choose * (1 - e) ** k * e ** (m - k);
    if (2 * k > m) right += p;
    else if (2 * k === m) right += p / 2;
    choose = (choose * (m - k)) / (k + 1);
  }
  return right;
}

/** The expected accuracy of majorities of m unassisted verdicts on the decisive items of a layer (steps → count). */
export function unassistedAccuracy(params: SimulatedParams, bySteps: Record<string, number>, m: number): number {
  let total = 0;
  let right = 0;
  for (const [steps, n] of Object.entries(bySteps)) {
    right += n * majorityAccuracy(m, errorRate(params, { groundTruth: 'A', steps: Number(steps), wrong: null, assistance: null }));
    total += n;
  }
  return total === 0 ? 0 : right / total;
}

/** The accuracy of m verdicts per item where m may be fractional: a mix of ⌊m⌋ and ⌈m⌉ verdicts in proportion. */
function budgetAccuracy(params: SimulatedParams, bySteps: Record<string, number>, m: number): number {
  const low = Math.floor(m);
  const share = m - low;
  const at = (k: number) => (k === 0 ? 0.5 : unassistedAccuracy(params, bySteps, k));
  return (1 - share) * at(low) + share * at(low + 1);
}

/** The most verdicts per item the all-human baseline is allowed before it is said never to reach the ladder. */
const MAX_VOTES = 99;

/** One seed's figures for the claims that compare the ladder with people alone. */
function versusPeopleAlone(run: RunSummary): { costReduction: number | null; qualityGain: number } {
  const top = run.layers[run.layers.length - 1];
  const ladderLabels = run.layers.reduce((s, l) => s + l.humanLabels, 0);
  const ladderAccuracy = top.labelAccuracy.rate ?? 0;
  let votes = 1;
  while (votes <= MAX_VOTES && unassistedAccuracy(run.evaluatorParams, top.decisiveBySteps, votes) < ladderAccuracy) votes += 2;
  const costReduction = votes > MAX_VOTES ? null : 1 - ladderLabels / (votes * top.comparisons);
  const sameBudget = budgetAccuracy(run.evaluatorParams, top.decisiveBySteps, ladderLabels / top.comparisons);
  return { costReduction, qualityGain: ladderAccuracy / sameBudget - 1 };
}

const pct = (x: number) => `${(x * 100).toFixed(1)}%`;

/** Where a range the seed document claims sits against an estimate's interval. */
function seedRangeReading(e: Estimate, [low, high]: [number, number]): string {
  if (e.ci[1] < low) return 'is above the interval: not supported';
  if (e.ci[0] > high) return 'is below the interval: the data show more';
  return 'overlaps the interval';
}
const range = (ci: [number, number]) => `${pct(ci[0])} to ${pct(ci[1])}`;

function claim(id: ClaimId, metric: string, estimate: Estimate | null, read: (e: Estimate) => string, missing: string, details?: Claim['details']): Claim {
  if (!estimate) return { id, metric, value: null, ci: null, seeds: 0, note: `not measured: ${missing}`, ...(details ? { details } : {}) };
  return { id, metric, value: estimate.value, ci: estimate.ci, seeds: estimate.seeds, note: read(estimate), ...(details ? { details } : {}) };
}

const runsOf = (runs: readonly RunSummary[], conditionId: string) => runs.filter((r) => r.condition === conditionId);

/** The planted bias's reach into a layer's labels beyond the same seed's unbiased ladder: (biased − unbiased) rates. */
function excess(biased: RunSummary, plain: RunSummary, kind: MeasuredBias, layer: number, of: 'seedLabels' | 'labels'): number | null {
  const b = biased.layers[layer].bias[kind][of].rate;
  const p = plain.layers[layer].bias[kind][of].rate;
  return b === null || p === null ? null : b - p;
}

export function computeClaims(runs: readonly RunSummary[]): Claim[] {
  const ladder = runsOf(runs, LADDER.id);
  const people = ladder.map(versusPeopleAlone);
  const costs = people.map((p) => p.costReduction).filter((x): x is number => x !== null);

  const propagation: number[] = [];
  for (const biased of runsOf(runs, LENGTH_BIAS.id)) {
    const plain = ladder.find((r) => r.seed === biased.seed);
    if (!plain) continue;
    const planted = excess(biased, plain, 'length', 0, 'seedLabels');
    const survived = excess(biased, plain, 'length', biased.layers.length - 1, 'labels');
    if (planted !== null && survived !== null && planted > 0) propagation.push(survived / planted);
  }

  // Check recall and precision over the runs with a planted bias: of the final labels that took its side (any layer),
  // the share a check flagged; of the flagged comparisons, the share whose label is wrong.
  const recalls: number[] = [];
  const precisions: number[] = [];
  for (const run of runs.filter((r) => r.rm0Bias.kind !== 'none')) {
    const kind = run.rm0Bias.kind as MeasuredBias;
    const following = run.layers.reduce((s, l) => s + l.bias[kind].flaggedFollowing.of, 0);
    const flaggedFollowing = run.layers.reduce((s, l) => s + (l.bias[kind].flaggedFollowing.rate ?? 0) * l.bias[kind].flaggedFollowing.of, 0);
    if (following > 0) recalls.push(flaggedFollowing / following);
    const flagged = run.layers.reduce((s, l) => s + l.checks.flaggedComparisons, 0);
    if (flagged > 0) precisions.push(run.layers.reduce((s, l) => s + l.checks.flaggedWrongLabels, 0) / flagged);
  }
  const precision = meanInterval(precisions, [0, 1]);

  // Deferral coverage: per seed, whether every certified layer of every condition kept its auto-labels' true error within the certified bound.
  const seeds = [...new Set(runs.map((r) => r.seed))];
  const certified = seeds.map((seed) => runs.filter((r) => r.seed === seed).flatMap((r) => r.layers.filter((l) => l.thresholdErrorBound !== null && l.autoLabelError.of > 0)));
  const covered = certified.filter((layers) => layers.length > 0);
  const held = covered.filter((layers) => layers.every((l) => l.autoLabelError.rate! <= l.thresholdErrorBound!)).length;
  const certifiedLayers = certified.reduce((s, l) => s + l.length, 0);
  const heldLayers = certified.flat().filter((l) => l.autoLabelError.rate! <= l.thresholdErrorBound!).length;

  return [
    claim(
      'cost-reduction',
      "1 − the ladder's human labels ÷ those of unassisted majorities reaching the same top-layer ground-truth accuracy",
      meanInterval(costs, [-Infinity, 1]), // no ladder saves more than every label
      (e) =>
        `${e.ci[0] > 0 ? 'A saving is supported' : 'No saving is supported'}: the ladder used ${pct(e.value)} fewer human labels (95% CI ${range(e.ci)}) than people alone would need for its top-layer accuracy; the seed's 40–60% ${seedRangeReading(e, [0.4, 0.6])}.`,
      costs.length < people.length ? `in some seeds people alone never reach the ladder's top-layer accuracy within ${MAX_VOTES} verdicts per item` : 'it needs at least two seeds of the assisted ladder',
    ),
    claim(
      'quality-gain',
      "the ladder's top-layer ground-truth accuracy ÷ that of unassisted majorities with the same number of human labels − 1",
      meanInterval(people.map((p) => p.qualityGain)),
      (e) =>
        `${e.ci[0] > 0 ? 'A gain is supported' : 'No gain is supported'}: the ladder's top-layer labels are ${pct(e.value)} more often correct (95% CI ${range(e.ci)}) than people alone with its budget; the seed's 15–20% ${seedRangeReading(e, [0.15, 0.2])}.`,
      'it needs at least two seeds of the assisted ladder',
    ),
    claim(
      'error-propagation',
      "(top-layer labels taking the planted length bias's side − the same seed without it) ÷ (the same excess in RM0's seed labels)",
      meanInterval(propagation),
      (e) =>
        e.ci[0] > 0
          ? `Errors propagate: ${pct(e.value)} of the bias planted in RM0's seed labels reaches the top layer's labels (95% CI ${range(e.ci)}).`
          : `No propagation shown: ${pct(e.value)} of the planted bias reaches the top layer's labels (95% CI ${range(e.ci)}), an interval that includes none.`,
      'it needs the length-bias and ladder conditions in at least two seeds',
    ),
    claim(
      'check-recall',
      "of the final labels that took a planted bias's side, the share a check flagged",
      meanInterval(recalls, [0, 1]),
      (e) => `The checks flagged ${pct(e.value)} of the labels that took the planted bias's side (95% CI ${range(e.ci)})${precision ? `; ${pct(precision.value)} of the flagged comparisons had a wrong label (precision, 95% CI ${range(precision.ci)})` : ''}.`,
      'it needs a condition with a planted bias in at least two seeds where labels took its side',
      { precision: precision?.value ?? null, precisionCi: precision?.ci ?? null },
    ),
    claim(
      'deferral-coverage',
      "the share of seeds in which every certified layer's auto-labels erred (against the ground truth) no more than the certified bound",
      shareInterval(held, covered.length),
      (e) =>
        `${e.value === 1 ? 'Held' : 'Did not always hold'}: in ${held} of the ${covered.length} seeds (of ${seeds.length}) where some layer was certified, every certified layer stayed within its bound (${heldLayers} of ${certifiedLayers} certified layers over all conditions; 95% CI ${range(e.ci)}).`,
      'no layer was certified with auto-labels in any seed',
      { certifiedLayers, heldLayers },
    ),
  ];
}
