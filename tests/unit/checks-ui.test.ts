// The model-check views drawn to static markup: the drift chart (a point per layer with a value, the threshold
// line, why a layer has none) and the evidence of each new flag kind in plain words.
import { createElement } from 'react';
import { renderToStaticMarkup } from 'react-dom/server';
import { describe, expect, it } from 'vitest';
import { EvidenceView } from '../../renderer/src/pages/flags/Evidence';
import { DriftChart } from '../../renderer/src/pages/ladder/DriftChart';

const text = (html: string) => html.replace(/<[^>]+>/g, '').replace(/\s+/g, ' ');
const evidence = (kind: string, e: Record<string, unknown>) => renderToStaticMarkup(createElement(EvidenceView, { kind, evidence: e }));

describe('drift chart', () => {
  const drift = {
    runId: '0123abcd-0000-4000-8000-000000000000',
    threshold: 0.5,
    layers: [
      { layer: 1, modelId: 'm1', modelName: 'RM1 a', previousModelId: 'm0', previousModelName: 'RM0 a', spearman: 0.9, anchors: 500, drifted: false, reason: null },
      { layer: 2, modelId: 'm2', modelName: 'RM2 a', previousModelId: 'm1', previousModelName: 'RM1 a', spearman: -0.2, anchors: 500, drifted: true, reason: null },
      { layer: 3, modelId: null, modelName: null, previousModelId: 'm2', previousModelName: 'RM2 a', spearman: null, anchors: 0, drifted: false, reason: 'no active model at layer 3' },
    ],
  };

  it('draws a point per layer with a value, the threshold, and why a layer has none', () => {
    const html = renderToStaticMarkup(createElement(DriftChart, { drift, runName: 'Demo' }));
    expect(html.match(/data-testid="drift-point"/g)).toHaveLength(2);
    expect(html).toContain('class="is-drifted"');
    expect(text(html)).toContain('drift threshold ρ = 0.5');
    expect(text(html)).toContain('RM3: no active model at layer 3');
    expect(html).toContain('layer 2: ρ -0.20, drifted');
    // ρ is printed as a number, not only in a tooltip: by each point and in a list under the chart.
    const values = text(html.slice(html.indexOf('data-testid="drift-values"')));
    expect(values).toContain('RM1 vs RM0: ρ = 0.900 on 500 anchors');
    expect(values).toContain('RM2 vs RM1: ρ = -0.200 on 500 anchors — drifted (below 0.5)');
    expect(text(html.slice(html.indexOf('</title>')))).toContain('ρ 0.90');
  });
});

describe('evidence of the model flags', () => {
  const scores = { pA: 0.97, spread: 0.02, rewardA: 2, rewardB: -1, stdA: 0.1, stdB: 0.2 };
  const model = { id: 'm1', name: 'Demo RM1', layer: 1 };

  it('cross-layer: the model, its confidence and the established judgment', () => {
    const t = text(evidence('cross-layer', { model, comparisonLayer: 0, established: { side: 'B', source: 'consensus', evaluators: 3 }, modelSide: 'A', confidence: 0.97, margin: 3, scores, trainedOnEstablished: 3 }));
    expect(t).toContain('Demo RM1 (RM1) prefers A (confidence 97.0%, reward margin 3.00)');
    expect(t).toContain('a unanimous consensus of 3 people says B');
    expect(t).toContain('trained on 3 of these verdicts');
  });

  it('model vs human: each verdict, and whether the model trained on it', () => {
    const t = text(
      evidence('model-vs-human', {
        model,
        modelSide: 'A',
        confidence: 0.97,
        scores,
        humanVerdicts: [{ judgmentId: 'j1', evaluator: 'ann', choice: 'B', contradicts: true, trainedOn: true }],
        summary: 'the model was trained on 1 of the 1 verdict(s) it contradicts',
      }),
    );
    expect(t).toContain('ann — Prefers B · contradicts the model · the model was trained on this verdict');
    expect(t).toContain('P(A ≻ B) = 97.0%');
  });

  it('segment vs overall and drift', () => {
    expect(text(evidence('segment-vs-overall', { contradictions: [{ evaluator: 'ann', choice: 'A', wrongInChosen: [0, 2], rejectedAllCorrect: true }] }))).toContain(
      'ann chose A yet marked steps 1, 3 of A wrong, and no step of the other response — every step of the other response was checked and found correct',
    );
    expect(text(evidence('drift', { model, previousModel: { name: 'Demo RM0', layer: 0 }, spearman: -0.3, threshold: 0.5, anchors: 200, run: 'Demo' }))).toContain(
      'Spearman ρ = -0.300, below the threshold 0.50',
    );
  });
});
