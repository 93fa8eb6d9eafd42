// The Compare page's assistance as shown: the legend saying what the numbers are, "no clear weakest", and the `h` key hiding only the model's assistance.
// @vitest-environment jsdom
import { act, cleanup, fireEvent, render, screen, waitFor } from '@testing-library/react';
import { createElement } from 'react';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import type { Result } from '../../electron/api/contract';
import { AssistancePanel } from '../../renderer/src/pages/compare/AssistancePanel';
import { Workspace } from '../../renderer/src/pages/compare/Workspace';

const responseA = 'First step.\n\nSecond step.\n\nThird step.';
const responseB = 'Only step.';
const spans = (text: string) => text.split('\n\n').map((part) => ({ start: text.indexOf(part), end: text.indexOf(part) + part.length }));

type QueueItem = Result<'nextComparisons'>[number];
type Assisted = Extract<NonNullable<QueueItem['assistance']>, { mode: 'assisted' }>;

const assistance: Assisted = {
  version: 1,
  mode: 'assisted',
  runId: 'r1',
  layer: 1,
  modelId: 'm1',
  modelName: 'RM0',
  modelLayer: 0,
  rewardA: { mean: 0.4, std: 0.1 },
  rewardB: { mean: -0.2, std: 0.1 },
  pA: 0.7,
  pAInterval: [0.6, 0.8],
  segmentSource: 'data',
  segments: {
    A: spans(responseA).map((s, i) => ({ ...s, reward: i === 1 ? -0.9 : 0.5, std: 0.05, weak: i === 1 })),
    B: spans(responseB).map((s) => ({ ...s, reward: 0.1, std: 0.05, weak: false })),
  },
  collapsed: false,
};
const item = {
  comparison: { id: 'c1', datasetId: null, layer: 1, prompt: 'Solve it.', responseA, responseB },
  leftSide: 'A',
  kind: 'new',
  repeatOf: null,
  relabel: null,
  assistance,
} as QueueItem;

/** The desktop client the page finds as window.rung: one assisted comparison, then an empty queue. */
function fakeClient() {
  let served = false;
  const ok = (value: unknown) => Promise.resolve({ ok: true, value });
  return {
    nextComparisons: () => {
      const items = served ? [] : [item];
      served = true;
      return ok(items);
    },
    getProgress: () => ok({ doneToday: 0, skippedToday: 0, remaining: 1, medianSeconds: null }),
    listDatasets: () => ok([]),
    listLayers: () => ok([]),
    listRuns: () => ok([]),
  };
}

type Evaluator = Parameters<typeof Workspace>[0]['evaluator'];
const evaluator = { id: 'e1', name: 'Grace', kind: 'human', domains: [], source: null, simulated: false, labelSource: false, judgments: 0, createdAt: '2026-01-01T00:00:00.000Z' } as Evaluator;
const press = (key: string) => act(() => void fireEvent.keyDown(window, { key }));
const segment = (pane: string, i: number) => screen.getByTestId(`segment-${pane}-${i}`);

describe('the assistance bar', () => {
  afterEach(() => cleanup());
  const keys = { next: 'J', prev: 'K', correct: 'C', wrong: 'F', unsure: 'U' };
  const bar = (shown: Assisted, collapsed = false) =>
    render(createElement(AssistancePanel, { assistance: shown, leftSide: 'B', collapsed, onToggle: () => {}, toggleKeys: 'H', segmentKeys: keys, marked: 0 }));

  it('says in one line what the numbers are, whenever the numbers are shown', () => {
    bar(assistance);
    expect(screen.getByTestId('assist-legend').textContent).toBe(
      "Reward: members' mean ± std (a segment scored alone) · P(left better): members' mean [± 1.96 std] · Weakest: mean + std below every other segment's mean − std",
    );
    // Seen from the left (B here): 1 − pA, and the interval flipped.
    expect(screen.getByTestId('assist-p').textContent).toBe('P(left better) 30% [20%–40%]');
    cleanup();
    bar(assistance, true);
    expect(screen.queryByTestId('assist-legend')).toBeNull();
  });

  it('says "weakest marked" only when a segment is marked, else "no clear weakest"', () => {
    bar(assistance);
    expect(screen.getByTestId('assist-segments-note').textContent).toContain('scored; weakest marked.');
    cleanup();
    const none = { ...assistance, segments: { A: assistance.segments.A.map((s) => ({ ...s, weak: false })), B: assistance.segments.B } };
    bar(none);
    expect(screen.getByTestId('assist-segments-note').textContent).toContain('scored; no clear weakest.');
  });
});

describe('hiding the assistance (h)', () => {
  beforeEach(() => {
    // What jsdom lacks and the page uses: size observers (the "more below" hint) and scrolling a segment into view.
    globalThis.ResizeObserver ??= class {
      observe() {}
      unobserve() {}
      disconnect() {}
    };
    Element.prototype.scrollIntoView ??= () => {};
    localStorage.clear();
    Object.defineProperty(window, 'rung', { value: fakeClient(), configurable: true });
  });
  afterEach(() => cleanup());

  it("hides the model's numbers and weakest marks, keeps the segments and the evaluator's marks, and shows them again", async () => {
    render(createElement(Workspace, { evaluator, onSwitch: () => {} }));
    await screen.findByTestId('segment-left-0');
    expect(screen.getByTestId('assist-legend').textContent).toContain('P(left better)');
    expect(segment('left', 1).getAttribute('data-weak')).toBe('true');
    expect(segment('left', 1).textContent).toContain('Weakest');
    expect(segment('left', 0).textContent).toContain('0.50 ± 0.05');

    // The evaluator marks one segment by click and another by keys.
    fireEvent.click(screen.getByTestId('segment-left-0-wrong'));
    await press('j');
    await press('j');
    await press('c');
    await waitFor(() => expect(segment('left', 1).getAttribute('data-verdict')).toBe('correct'));

    await press('h');
    await waitFor(() => expect(screen.getByTestId('assist-panel').getAttribute('data-collapsed')).toBe('true'));
    expect(screen.queryByTestId('assist-legend')).toBeNull();
    expect(screen.queryByTestId('assist-p')).toBeNull();
    expect(document.querySelectorAll('[data-segment]').length).toBe(4);
    expect(document.querySelectorAll('.segment-weak-label, .is-weak, [data-weak="true"]').length).toBe(0);
    expect(segment('left', 0).textContent).not.toContain('0.50');
    expect(segment('left', 0).getAttribute('data-verdict')).toBe('wrong');
    expect(segment('left', 1).getAttribute('data-verdict')).toBe('correct');
    // Marking goes on while the assistance is hidden.
    await press('j');
    await press('u');
    await waitFor(() => expect(segment('left', 2).getAttribute('data-verdict')).toBe('unsure'));

    await press('h');
    await waitFor(() => expect(screen.getByTestId('assist-panel').getAttribute('data-collapsed')).toBe('false'));
    expect(screen.getByTestId('assist-legend')).toBeTruthy();
    expect(segment('left', 1).getAttribute('data-weak')).toBe('true');
    expect(['wrong', 'correct', 'unsure'].map((v, i) => segment('left', i).getAttribute('data-verdict') === v)).toEqual([true, true, true]);
  });
});
