// An external model (a lab's imported scores) as the pages show it: the assistance bar names it "(external)" and says
// what its numbers are, a comparison it did not score says why nothing is shown, and the Ladder page's model list shows
// where its scores came from instead of what it trained on, with no Export; a flag's evidence names it as external.
// @vitest-environment jsdom
import { cleanup, render, screen } from '@testing-library/react';
import { createElement } from 'react';
import { afterEach, describe, expect, it } from 'vitest';
import type { Result } from '../../electron/api/contract';
import { AssistancePanel } from '../../renderer/src/pages/compare/AssistancePanel';
import { modelEvidence } from '../../renderer/src/pages/flags/ModelEvidence';
import { ModelList } from '../../renderer/src/pages/ladder/ModelList';
import type { ModelSummary } from '../../renderer/src/pages/ladder/jobs';

type Assistance = NonNullable<Result<'nextComparisons'>[number]['assistance']>;

afterEach(cleanup);

const keys = { next: 'J', prev: 'K', correct: 'C', wrong: 'W', unsure: 'U' };
const bar = (assistance: Assistance) =>
  render(createElement(AssistancePanel, { assistance, leftSide: 'A', collapsed: false, onToggle: () => {}, toggleKeys: 'H', segmentKeys: keys, marked: 0 }));
const shown = { version: 1 as const, runId: 'r1', layer: 1, modelId: 'm1', modelName: 'lab-rm-v3', modelKind: 'external' as const, modelLayer: 0 };

describe('an external model on the pages', () => {
  it('names the model as external in the assistance bar, with what its numbers are', () => {
    bar({
      ...shown, mode: 'assisted', rewardA: { mean: 1.5, std: 0.2 }, rewardB: { mean: -0.5, std: 0 }, pA: 0.88, pAInterval: [0.8, 0.95],
      segmentSource: 'auto', segments: { A: [], B: [] }, collapsed: false,
    });
    expect(screen.getByTestId('assist-model').textContent).toBe('RM0 · lab-rm-v3 (external)');
    expect(screen.getByTestId('assist-segments-note').textContent).toBe("A lab's own model, its scores imported: it scores whole responses, not segments.");
    expect(screen.getByTestId('assist-legend').textContent).toContain("Reward: the lab's model's reward ± the std its file gave (0 if none)");
  });

  it('says why a comparison the model did not score shows no assistance', () => {
    bar({ ...shown, mode: 'unscored', reason: 'lab-rm-v3 is external (lab.jsonl, 510 scores), and its file has no score for this comparison' });
    expect(screen.getByTestId('assist-unscored').textContent).toBe(
      'No model assistance on this comparison: lab-rm-v3 is external (lab.jsonl, 510 scores), and its file has no score for this comparison.',
    );
    expect(screen.queryByTestId('assist-panel')).toBeNull();
  });

  it("lists an external model with where its scores came from, and no Export", () => {
    const model: ModelSummary = {
      id: '00000000-0000-4000-8000-000000000001', name: 'lab-rm-v3', notes: '', recipe: 'external (lab.jsonl, 510 scores)', kind: 'external',
      runId: '00000000-0000-4000-8000-000000000002', layer: 0, active: true, device: 'external', engineVersion: 'external', createdAt: '2026-12-07T10:00:00.000Z',
      heldOut: null, trainComparisons: 0, judgments: 0, evaluators: 0, judgmentsBySource: { human: 0, simulated: 0, model: 0 }, combine: 'majority',
    };
    render(createElement(ModelList, { layer: 0, models: [model], loadError: undefined, onRetry: () => undefined, onMakeActive: async () => undefined, onEdited: () => undefined }));
    expect(screen.getByTestId('model-recipe').textContent).toBe('external (lab.jsonl, 510 scores)');
    expect(screen.getByText('Scores from')).toBeTruthy();
    expect(screen.queryByTestId('model-trained-on')).toBeNull();
    expect(screen.queryByTestId('model-export')).toBeNull();
  });

  it("names the model in a flag's evidence as external, and a trained one by its name and layer only", () => {
    const scores = { pA: 0.02, spread: 0, rewardA: -3, rewardB: 3, stdA: 0, stdB: 0 };
    const evidence = (kind: 'external' | 'trained') => ({
      model: { id: 'm1', name: 'lab-rm-v3', kind, layer: 0 }, modelSide: 'B', confidence: 0.98, scores, humanVerdicts: [{ judgmentId: 'j1', evaluator: 'ann', choice: 'A', contradicts: true }],
    });
    render(createElement('div', null, modelEvidence('model-vs-human', evidence('external'))));
    expect(screen.getByTestId('flag-evidence-model-vs-human').textContent).toMatch(/^lab-rm-v3 \(RM0, external: its scores imported\) is confident that B is better/);
    cleanup();
    render(createElement('div', null, modelEvidence('cross-layer', { ...evidence('trained'), comparisonLayer: 0, established: { side: 'A', source: 'gold' } })));
    expect(screen.getByTestId('flag-evidence-cross-layer').textContent).toMatch(/^lab-rm-v3 \(RM0\) prefers B/);
  });
});
