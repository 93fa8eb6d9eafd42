// The Ladder page's pure logic for the new pieces: the Train RMk form's data options (layer weights, combining,
// sources) and the per-layer metrics table rows (naming the rubric criterion RMk was trained on, if any).
import { describe, expect, it } from 'vitest';
import { defaultTrainOptions, sourcesText, validateTrainOptions } from '../../renderer/src/pages/ladder/train-options';
import { labelsSummary, metricRows, modelCriterionWords, type LayerMetrics } from '../../renderer/src/pages/ladder/layer-metrics-view';

describe('training data options', () => {
  it('starts with weight 1 for each layer 0..k, majority, people only', () => {
    expect(defaultTrainOptions(2)).toEqual({ layerWeights: ['1', '1', '1'], combine: 'majority', includeSimulated: false, includeModelJudgments: false });
    expect(validateTrainOptions(defaultTrainOptions(1))).toEqual({
      ok: true,
      value: { layerWeights: [1, 1], combine: 'majority', includeSimulated: false, includeModelJudgments: false },
    });
    expect(sourcesText({ includeSimulated: false, includeModelJudgments: false })).toBe('human judgments');
    expect(sourcesText({ includeSimulated: true, includeModelJudgments: true })).toBe("human judgments plus simulated evaluators' judgments and model judgments (auto-labels)");
  });

  it('says what is wrong with a weight, and refuses all zero', () => {
    const bad = validateTrainOptions({ ...defaultTrainOptions(2), layerWeights: ['', '-1', '101'] });
    expect(bad).toEqual({
      ok: false,
      errors: {
        layerWeights: {
          0: 'Enter a number (1 = normal weight, 0 = leave the layer out).',
          1: 'A weight must be from 0 to 100.',
          2: 'A weight must be from 0 to 100.',
        },
      },
    });
    expect(validateTrainOptions({ ...defaultTrainOptions(1), layerWeights: ['0', '0'] })).toEqual({ ok: false, errors: { layerWeights: {}, all: 'At least one layer needs a weight above 0.' } });
    expect(validateTrainOptions({ ...defaultTrainOptions(1), layerWeights: ['0.5', '2'], combine: 'reliability', includeSimulated: true })).toMatchObject({
      ok: true,
      value: { layerWeights: [0.5, 2], combine: 'reliability', includeSimulated: true },
    });
  });
});

const base: LayerMetrics = {
  layer: 1, layerName: 'L1', comparisons: 9, humanLabels: 14, simulatedLabels: 1, autoLabelled: 2, humanLabelsSaved: 1, auditedAutoLabels: 1, auditedAutoLabelError: 1,
  modelId: null, modelName: null, modelError: null, heldOutComparisons: 0, rmAccuracy: null, rmGroundTruthAccuracy: null, ece: null, reliability: [],
  agreementWithLowerLayers: null, agreementWithLowerLayersTrained: null, humanAccuracy: { successes: 7, total: 11, rate: 7 / 11, interval: [0.35, 0.85] },
  assistedAccuracy: { successes: 2, total: 4, rate: 0.5, interval: [0.15, 0.85] }, unassistedAccuracy: { successes: 2, total: 4, rate: 0.5, interval: [0.15, 0.85] },
  assistanceEffect: { estimate: 0, low: -0.49, high: 0.49 }, medianSecondsAssisted: 30, medianSecondsAssistedInterval: null, medianSecondsUnassisted: 3.5,
  medianSecondsUnassistedInterval: [1, 6], overTrust: { followedWrong: 1, wrongShown: 2, rate: 0.5, interval: [0.09, 0.91] }, costCurve: [],
  modelCriterion: null,
};

describe('metrics rows', () => {
  it('shows each rate with its interval and basis, and says why a number is missing', () => {
    const rows = Object.fromEntries(metricRows(base).map((r) => [r.id, r]));
    expect(rows.assisted).toMatchObject({ value: '50.0%', interval: '15.0% – 85.0%', basis: '2/4 verdicts' });
    expect(rows.effect).toMatchObject({ value: '0.0%', interval: '−49.0% – +49.0%' });
    expect(rows['time-assisted']).toMatchObject({ value: '30.0 s', interval: '—', basis: 'too few for an interval' });
    expect(rows['time-unassisted']).toMatchObject({ value: '3.5 s', interval: '1.0 s – 6.0 s' });
    expect(rows['over-trust']).toMatchObject({ value: '50.0%', basis: 'followed 1 of 2 wrong suggestions' });
    expect(rows.rm).toMatchObject({ label: 'RM1 held out on layer 1, vs consensus', value: '—', basis: '(0 decided of 0 held out)' });
    // Held-out accuracy says over how many decided comparisons of how many held out; lower layers, trained and not, apart.
    const scored = Object.fromEntries(
      metricRows({
        ...base,
        heldOutComparisons: 206,
        rmAccuracy: { successes: 150, total: 177, rate: 150 / 177, interval: [0.79, 0.89] },
        agreementWithLowerLayers: { successes: 53, total: 70, rate: 53 / 70, interval: [0.65, 0.84] },
        agreementWithLowerLayersTrained: { successes: 340, total: 347, rate: 340 / 347, interval: [0.96, 0.99] },
      }).map((r) => [r.id, r]),
    );
    expect(scored.rm).toMatchObject({ value: '84.7%', basis: '150/177 (177 decided of 206 held out)' });
    expect(scored.lower).toMatchObject({ label: "RM1 on lower layers' established judgments, not trained on", value: '75.7%', basis: '53/70 comparisons' });
    expect(scored['lower-trained']).toMatchObject({ value: '98.0%', basis: '340/347 comparisons' });
    expect(labelsSummary(base)).toBe('14 human labels (1 simulated) on 9 comparisons · 2 auto-labelled, 1 human labels saved · audited auto-label error 100.0% of 1');
  });

  it("names the criterion RMk was trained on in its rows, and says its figures are against people's verdicts on it", () => {
    const onCriterion = { ...base, modelId: 'm1', modelName: 'RM1', modelCriterion: { key: 'harmless', label: 'Harmlessness' } };
    const rows = Object.fromEntries(metricRows(onCriterion).map((r) => [r.id, r]));
    expect(rows.rm.label).toBe('RM1 held out on layer 1, vs consensus on Harmlessness');
    expect(rows.lower.label).toBe("RM1 on lower layers' established judgments on Harmlessness, not trained on");
    expect(rows.human.label).toBe('People, all verdicts'); // people's own figures stay overall
    expect(modelCriterionWords(onCriterion)).toBe("RM1 was trained on criterion Harmlessness: its figures are against people's verdicts on it");
    expect(modelCriterionWords(base)).toBe('');
  });
});
