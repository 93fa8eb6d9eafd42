// The Compare page's review of past verdicts (issue #18) in the page itself: `[` opens it read-only on the newest verdict,
// shown with the sides it was judged with; `[` / `]` move older / newer, `]` from the newest and Esc go back to judging;
// verdict keys do nothing while reviewing and say so; `m` changes the verdict (retract, then judge it again) or says
// why it cannot be changed.
// @vitest-environment jsdom
import { act, cleanup, fireEvent, render, screen, waitFor } from '@testing-library/react';
import { createElement } from 'react';
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import type { Result } from '../../electron/api/contract';
import { Workspace } from '../../renderer/src/pages/compare/Workspace';

type QueueItem = Result<'nextComparisons'>[number];
type OwnVerdict = Result<'listOwnVerdicts'>['rows'][number];

const comparison = (n: number) => ({ id: `00000000-0000-4000-8000-00000000000${n}`, datasetId: null, layer: null, prompt: `Prompt ${n}`, responseA: `A says ${n}`, responseB: `B says ${n}` });
const waiting: QueueItem = { comparison: comparison(1), leftSide: 'A', kind: 'new', repeatOf: null, relabel: null, assistance: null, rubric: null };
const verdict = (n: number, changes: Partial<OwnVerdict> = {}): OwnVerdict => ({
  judgmentId: `10000000-0000-4000-8000-00000000000${n}`,
  comparison: comparison(n),
  leftSide: 'B',
  choice: 'B',
  strength: 2,
  rationale: `Because ${n}`,
  durationMs: 4000,
  marks: [],
  criteria: [],
  createdAt: '2026-12-01T10:00:00.000Z',
  changeRefusal: null,
  ...changes,
});
const newest = verdict(2);
const older = verdict(3, { choice: 'tie', strength: null, rationale: null, changeRefusal: 'this verdict answered a position check (the comparison shown again with its sides swapped): it cannot be changed' });

const ok = (value: unknown) => Promise.resolve({ ok: true, value });
// getClient keeps the first window.rung it finds, so each test swaps the methods on one stub; a method not stubbed is refused.
const methods: Record<string, unknown> = {};
const stub = new Proxy(methods, { get: (_t, name: string) => methods[name] ?? (() => Promise.resolve({ ok: false, error: { code: 'NOT_FOUND', message: `${name} is not stubbed` } })) });
(window as { rung?: unknown }).rung = stub;

type Evaluator = Parameters<typeof Workspace>[0]['evaluator'];
const evaluator = { id: '20000000-0000-4000-8000-000000000001', name: 'Grace', kind: 'human', domains: [], source: null, simulated: false, labelSource: false, judgments: 2, createdAt: '2026-01-01T00:00:00.000Z' } as Evaluator;
const press = (key: string) => act(() => void fireEvent.keyDown(window, { key }));
const text = (testId: string) => screen.getByTestId(testId).textContent;

describe("the Compare page's review of past verdicts", () => {
  beforeEach(() => {
    globalThis.ResizeObserver ??= class {
      observe() {}
      unobserve() {}
      disconnect() {}
    };
    localStorage.clear();
    let served = false;
    Object.assign(methods, {
      nextComparisons: () => {
        const items = served ? [] : [waiting];
        served = true;
        return ok(items);
      },
      getProgress: () => ok({ doneToday: 0, skippedToday: 0, remaining: 1, medianSeconds: null }),
      listDatasets: () => ok([]),
      listLayers: () => ok([]),
      listRuns: () => ok([]),
      listOwnVerdicts: vi.fn(() => ok({ total: 2, rows: [newest, older] })),
      submitJudgment: vi.fn(() => ok({ id: '30000000-0000-4000-8000-000000000001', createdAt: 'now', duplicate: false })),
      retractJudgment: vi.fn(() => ok({ judgmentId: newest.judgmentId, rationale: newest.rationale, item: { comparison: newest.comparison, leftSide: 'B', kind: 'returned', repeatOf: null, relabel: null, assistance: null } })),
    });
  });
  afterEach(() => cleanup());

  it('opens read-only on the newest verdict with its sides, moves older and newer, refuses verdict keys, and goes back to judging', async () => {
    render(createElement(Workspace, { evaluator, onSwitch: () => {} }));
    await waitFor(() => expect(text('compare-prompt')).toContain('Prompt 1'));
    await press('[');
    await waitFor(() => expect(screen.getByTestId('review-banner').textContent).toMatch(/^Reviewing your verdict of .+ — 1 of 2 · read-only · Esc or \] back to judging$/));
    expect(screen.queryByTestId('compare-prompt')).toBeNull();
    expect(text('review-prompt')).toContain('Prompt 2');
    expect(text('review-left')).toContain('B says 2'); // B was shown on the left
    expect(text('review-right')).toContain('A says 2');
    expect(text('review-choice')).toBe('Left clearly better');
    expect(text('review-rationale')).toBe('Because 2');

    await press('1');
    expect(text('review-notice')).toBe('Reviewing (read-only): verdict keys do nothing here. M changes this verdict; Esc or ] goes back to judging.');
    expect(methods.submitJudgment).not.toHaveBeenCalled();

    await press('[');
    await waitFor(() => expect(text('review-banner')).toContain('— 2 of 2 ·'));
    expect(text('review-choice')).toBe('Tie');
    expect(text('review-banner')).toMatch(/read-only · Esc back to judging$/);
    await press(']');
    await waitFor(() => expect(text('review-banner')).toContain('— 1 of 2 ·'));
    await press(']');
    await waitFor(() => expect(screen.queryByTestId('review')).toBeNull());
    expect(text('compare-prompt')).toContain('Prompt 1');

    await press('[');
    await screen.findByTestId('review');
    await press('Escape');
    await waitFor(() => expect(screen.queryByTestId('review')).toBeNull());
    expect(methods.retractJudgment).not.toHaveBeenCalled();
  });

  it("changes the verdict shown with m: the comparison comes back with its rationale as the draft; one that cannot be changed says why", async () => {
    render(createElement(Workspace, { evaluator, onSwitch: () => {} }));
    await waitFor(() => expect(text('compare-prompt')).toContain('Prompt 1'));
    fireEvent.click(screen.getByTestId('action-review'));
    await screen.findByTestId('review-banner');
    await press('[');
    await waitFor(() => expect(text('review-banner')).toContain('— 2 of 2 ·'));
    await press('m');
    expect(text('review-notice')).toBe(`Not changed: ${older.changeRefusal}`);
    expect(methods.retractJudgment).not.toHaveBeenCalled();

    await press(']');
    await waitFor(() => expect(text('review-banner')).toContain('— 1 of 2 ·'));
    await press('m');
    await waitFor(() => expect(screen.queryByTestId('review')).toBeNull());
    expect(methods.retractJudgment).toHaveBeenCalledWith({ evaluatorId: evaluator.id, judgmentId: newest.judgmentId });
    expect(text('compare-prompt')).toContain('Prompt 2');
    expect(screen.getByTestId('compare')).toHaveProperty('dataset.leftSide', 'B');
    await waitFor(() => expect(text('compare-rationale-saved')).toBe('Rationale: Because 2'));
  });
});
