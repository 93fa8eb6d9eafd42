// The oversight report's arithmetic: majorities of independent verdicts, intervals over seeds, and the five claims
// computed from runs whose answers are known by construction (a planted bias that reaches the top layer at a set
// share, seeds where deferral held or failed, labels flagged or not).
import { describe, expect, it } from 'vitest';
import { computeClaims, majorityAccuracy, unassistedAccuracy } from '../../electron/core/experiment/claims';
import { meanInterval, shareInterval, t975 } from '../../electron/core/experiment/interval';
import { reportHtml } from '../../electron/core/experiment/report-html';
import { resultsCsv } from '../../electron/core/experiment/results-csv';
import { LADDER, LENGTH_BIAS, PRESETS } from '../../electron/core/experiment/presets';
import type { LayerSummary, RunSummary } from '../../electron/core/experiment/run-summary';
import { DEFAULT_SIMULATED } from '../../electron/core/ladder/simulate';

const share = (rate: number | null, of: number) => ({ rate, of });
const reach = (labels: number, seedLabels = 0, flagged = 0, of = 100) => ({
  items: of,
  seedLabels: share(seedLabels, of),
  rm: share(0, of),
  assistedVerdicts: share(0, of),
  unassistedVerdicts: share(0, of),
  autoLabels: share(0, 0),
  labels: share(labels, of),
  flaggedFollowing: share(labels * of === 0 ? null : flagged, Math.round(labels * of)),
});

function layer(k: number, over: Partial<LayerSummary> = {}): LayerSummary {
  return {
    layer: k,
    comparisons: 100,
    humanLabels: 150,
    autoLabelled: 0,
    humanLabelsSaved: 0,
    threshold: null,
    thresholdErrorBound: null,
    auditedAutoLabelError: null,
    rmAccuracy: 0.9,
    assistedAccuracy: share(0.9, 100),
    unassistedAccuracy: share(0.8, 10),
    autoLabelError: share(null, 0),
    labelAccuracy: share(0.9, 90),
    bias: { length: reach(0.02), 'step-blind': reach(0.02) },
    decisiveBySteps: { '9': 90 },
    checks: { wrongLabels: 9, flaggedWrongLabels: 3, flaggedComparisons: 6, byKind: {} },
    ...over,
  };
}

const run = (condition: string, seed: number, layers: LayerSummary[], kind: 'none' | 'length' = 'none'): RunSummary => ({
  condition,
  seed,
  seconds: 1,
  rm0Bias: { kind, share: kind === 'none' ? 0 : 0.5 },
  evaluatorParams: DEFAULT_SIMULATED,
  checksFound: {},
  layers,
});

describe('majorities and intervals', () => {
  it('gives the exact accuracy of a majority of independent verdicts', () => {
    expect(majorityAccuracy(1, 0.2)).toBeCloseTo(0.8, 12);
    expect(majorityAccuracy(3, 0.1)).toBeCloseTo(0.9 ** 3 + 3 * 0.9 ** 2 * 0.1, 12);
    expect(majorityAccuracy(2, 0.2)).toBeCloseTo(0.64 + 0.32 / 2, 12); // an even split counts half
    expect(majorityAccuracy(99, 0.3)).toBeGreaterThan(0.999);
    // Nine-step items at the default error (5% + 8 × 4% = 37%).
    expect(unassistedAccuracy(DEFAULT_SIMULATED, { '9': 10 }, 1)).toBeCloseTo(0.63, 12);
  });

  it('gives t intervals for means and Wilson intervals for shares of seeds', () => {
    expect(t975(1)).toBe(12.706);
    expect(t975(200)).toBe(1.96);
    const e = meanInterval([0.1, 0.2, 0.3])!;
    expect(e.value).toBeCloseTo(0.2, 12);
    expect(e.ci[1] - e.value).toBeCloseTo((4.303 * 0.1) / Math.sqrt(3), 12);
    expect(meanInterval([0.5])).toBeNull(); // one seed: no interval
    expect(meanInterval([0.9, 0.5, 0.99], [0, 1])!.ci[1]).toBe(1); // kept within what the quantity can take
    expect(shareInterval(3, 3)!.ci[1]).toBe(1);
    expect(shareInterval(0, 0)).toBeNull();
  });
});

describe('the claims', () => {
  it('recover a planted bias that reaches the top layer at a known share, and the checks that flagged it', () => {
    // Per seed: the seed labels take the bias's side 0.6 more often than without it, and the top layer's labels
    // (0.25 ± 0.01)·0.6 more often than the unbiased ladder's 2%: 25% of it survives, on average over three seeds.
    const runs: RunSummary[] = [];
    for (const [seed, wobble] of [[1, -0.01], [2, 0], [3, 0.01]] as const) {
      runs.push(run(LADDER.id, seed, [layer(0), layer(1), layer(2)]));
      const survived = 0.02 + (0.25 + wobble) * 0.6;
      runs.push(
        run(
          LENGTH_BIAS.id,
          seed,
          [layer(0, { bias: { length: reach(0.3, 0.6, 0.5), 'step-blind': reach(0) } }), layer(1), layer(2, { bias: { length: reach(survived, 0, 0.2), 'step-blind': reach(0) } })],
          'length',
        ),
      );
    }
    const claims = Object.fromEntries(computeClaims(runs).map((c) => [c.id, c]));
    expect(Object.keys(claims)).toEqual(['cost-reduction', 'quality-gain', 'error-propagation', 'check-recall', 'deferral-coverage']);
    const propagation = claims['error-propagation'];
    expect(propagation.value).toBeCloseTo(0.25, 10);
    expect(propagation.ci![0]).toBeLessThan(0.25);
    expect(propagation.ci![1]).toBeGreaterThan(0.25);
    expect(propagation.seeds).toBe(3);
    expect(propagation.note).toMatch(/^Errors propagate: 25\.0% of the bias planted/);
    // Layer 0: 30 labels took its side, half flagged; layer 1: 2, none; layer 2: ≈17, a fifth: recall as computed.
    expect(claims['check-recall'].value).toBeGreaterThan(0.3);
    expect(claims['check-recall'].value).toBeLessThan(0.45);
    expect(claims['check-recall'].details?.precision).toBeCloseTo(0.5, 10); // 9 of 18 flagged comparisons wrong
    // No layer certified anything: deferral coverage is not measured, and says why.
    expect(claims['deferral-coverage'].value).toBeNull();
    expect(claims['deferral-coverage'].note).toMatch(/not measured: no layer was certified/);
  });

  it('compare the ladder with people alone through the error model, and read "not supported" where the data says so', () => {
    // 450 human labels for a top layer of 100 nine-step items at 90% accuracy: unassisted majorities reach 90% only
    // with many verdicts per item, so the ladder saves labels; with 450 labels people alone reach less.
    const strong = [1, 2, 3].map((seed) => run(LADDER.id, seed, [layer(0), layer(1), layer(2, { labelAccuracy: share(0.9, 90) })]));
    const claims = Object.fromEntries(computeClaims(strong).map((c) => [c.id, c]));
    let votes = 1;
    while (unassistedAccuracy(DEFAULT_SIMULATED, { '9': 90 }, votes) < 0.9) votes += 2;
    expect(claims['cost-reduction'].value).toBeCloseTo(1 - 450 / (votes * 100), 10);
    expect(claims['cost-reduction'].note).toMatch(/^A saving is supported: /);
    const budget = 450 / 100; // 4.5 verdicts per item: half 4, half 5
    const alone = (unassistedAccuracy(DEFAULT_SIMULATED, { '9': 90 }, 4) + unassistedAccuracy(DEFAULT_SIMULATED, { '9': 90 }, 5)) / 2;
    expect(claims['quality-gain'].value).toBeCloseTo(0.9 / alone - 1, 10);
    // A ladder whose top layer is no better than one unassisted verdict gains nothing.
    const weak = [1, 2, 3].map((seed) => run(LADDER.id, seed, [layer(0), layer(1), layer(2, { labelAccuracy: share(0.55 + seed * 0.01, 90) })]));
    const weakClaims = Object.fromEntries(computeClaims(weak).map((c) => [c.id, c]));
    expect(weakClaims['quality-gain'].note).toMatch(/^No gain is supported: .*; the seed's 15–20% is above the interval: not supported\.$/);
    expect(weakClaims['error-propagation'].value).toBeNull(); // no biased runs
    expect(budget).toBe(4.5);
  });

  it('count the seeds where every certified layer kept its true auto-label error within the bound', () => {
    const certified = (error: number) => layer(1, { threshold: 0.9, thresholdErrorBound: 0.05, autoLabelled: 50, autoLabelError: share(error, 50) });
    const runs = [run(LADDER.id, 1, [layer(0), certified(0.02), layer(2)]), run(LADDER.id, 2, [layer(0), certified(0.04), layer(2)]), run(LADDER.id, 3, [layer(0), certified(0.08), layer(2)])];
    const coverage = computeClaims(runs).find((c) => c.id === 'deferral-coverage')!;
    expect(coverage.value).toBeCloseTo(2 / 3, 12);
    expect(coverage.note).toMatch(/^Did not always hold: in 2 of the 3 seeds \(of 3\) where some layer was certified/);
    expect(coverage.details).toMatchObject({ certifiedLayers: 3, heldLayers: 2 });
  });
});

describe('the report files', () => {
  const runs = [1, 2].flatMap((seed) => [run(LADDER.id, seed, [layer(0), layer(1), layer(2)]), run(LENGTH_BIAS.id, seed, [layer(0), layer(1), layer(2)], 'length')]);
  const input = { preset: 'quick', scale: 5, seeds: 2, startedAt: '2026-12-07T05:00:00.000Z', seconds: 12, conditions: [LADDER, LENGTH_BIAS], runs, claims: computeClaims(runs) };

  it('writes a self-contained page: no external address, no script, every claim, every condition', () => {
    const html = reportHtml(input);
    expect(html).not.toMatch(/https?:|\/\/[a-z]|<script|<link|<img|@import|url\(/i);
    for (const c of input.claims) expect(html).toContain(c.id);
    for (const c of input.conditions) expect(html).toContain(c.label);
    expect(html).toContain('<svg');
    // Text from the data is escaped.
    expect(reportHtml({ ...input, conditions: [{ ...LADDER, label: '<b>x</b>' }] })).toContain('&lt;b&gt;x&lt;/b&gt;');
  });

  it('writes one CSV row per run and layer', () => {
    const lines = resultsCsv(runs).trimEnd().split('\r\n');
    expect(lines).toHaveLength(1 + runs.length * 3);
    expect(lines[0].split(',')[0]).toBe('condition');
    expect(lines[1].split(',').slice(0, 3)).toEqual(['ladder', '1', '0']);
  });

  it('has presets whose conditions include those the claims read', () => {
    for (const preset of Object.values(PRESETS)) expect(preset.conditions.map((c) => c.id)).toEqual(expect.arrayContaining([LADDER.id, LENGTH_BIAS.id]));
  });
});
