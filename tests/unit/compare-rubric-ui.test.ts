// The Compare page under a rubric (issue #18): the criteria above the verdict keys, one active; the verdict keys judge
// the active criterion (strength first) and move on; Tab / Shift+Tab move; Enter is refused with the missing criterion
// named until each has a verdict, then submits them (the first as the judgment's own); undo brings the drafts back;
// skip skips the whole comparison. An item without a rubric is judged as before: one key, one verdict. Then the
// pure parts: the run and criteria a submit names, and where the active criterion goes.
// @vitest-environment jsdom
import { act, cleanup, fireEvent, render, screen, waitFor } from '@testing-library/react';
import { createElement } from 'react';
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import type { Result } from '../../electron/api/contract';
import { Workspace } from '../../renderer/src/pages/compare/Workspace';
import { draftsFrom, nextActive } from '../../renderer/src/pages/compare/rubric';
import { rubricParams } from '../../renderer/src/pages/compare/session';

type QueueItem = Result<'nextComparisons'>[number];

const runId = '40000000-0000-4000-8000-000000000001';
const criteria = [
  { key: 'helpful', label: 'Helpfulness', description: 'Does it answer the question?' },
  { key: 'harmless', label: 'Harmlessness', description: '' },
];
const comparison = (n: number) => ({ id: `00000000-0000-4000-8000-00000000000${n}`, datasetId: null, layer: null, prompt: `Prompt ${n}`, responseA: `A says ${n}`, responseB: `B says ${n}` });
const item = (n: number, rubric: QueueItem['rubric']): QueueItem => ({ comparison: comparison(n), leftSide: 'B', kind: 'new', repeatOf: null, relabel: null, assistance: null, rubric });

const ok = (value: unknown) => Promise.resolve({ ok: true, value });
const methods: Record<string, unknown> = {};
const stub = new Proxy(methods, { get: (_t, name: string) => methods[name] ?? (() => Promise.resolve({ ok: false, error: { code: 'NOT_FOUND', message: `${name} is not stubbed` } })) });
(window as { rung?: unknown }).rung = stub;

type Evaluator = Parameters<typeof Workspace>[0]['evaluator'];
const evaluator = { id: '20000000-0000-4000-8000-000000000001', name: 'Grace', kind: 'human', domains: [], source: null, simulated: false, labelSource: false, judgments: 0, createdAt: '2026-01-01T00:00:00.000Z' } as Evaluator;
const press = (key: string, extra: object = {}) => act(() => void fireEvent.keyDown(window, { key, ...extra }));
const text = (testId: string) => screen.getByTestId(testId).textContent;
const activeKey = () => screen.getByTestId('compare-rubric').querySelector('[aria-current="step"]')?.getAttribute('data-testid');

function serve(items: QueueItem[]) {
  let served = false;
  Object.assign(methods, {
    nextComparisons: () => {
      const next = served ? [] : items;
      served = true;
      return ok(next);
    },
    getProgress: () => ok({ doneToday: 0, skippedToday: 0, remaining: items.length, medianSeconds: null }),
    listDatasets: () => ok([]),
    listLayers: () => ok([]),
    listRuns: () => ok([]),
    submitJudgment: vi.fn(() => ok({ id: '30000000-0000-4000-8000-000000000001', createdAt: 'now', duplicate: false })),
    undoLastJudgment: vi.fn(() =>
      ok({
        judgmentId: '30000000-0000-4000-8000-000000000001',
        rationale: null,
        item: item(1, { runId, criteria }),
        criteria: [{ criterion: 'helpful', choice: 'B', strength: 2 }, { criterion: 'harmless', choice: 'tie', strength: null }],
      }),
    ),
  });
}

describe('the Compare page under a rubric', () => {
  beforeEach(() => {
    globalThis.ResizeObserver ??= class {
      observe() {}
      unobserve() {}
      disconnect() {}
    };
    localStorage.clear();
  });
  afterEach(() => cleanup());

  it('judges criterion by criterion, refuses Enter naming the missing one, submits them all, and undo restores the drafts', async () => {
    serve([item(1, { runId, criteria }), item(2, { runId, criteria })]);
    render(createElement(Workspace, { evaluator, onSwitch: () => {} }));
    await waitFor(() => expect(text('compare-prompt')).toContain('Prompt 1'));
    expect(activeKey()).toBe('rubric-criterion-helpful');
    expect(text('rubric-hint')).toContain('Does it answer the question?');

    await press('Enter');
    expect(text('rubric-hint')).toBe('Not submitted: “Helpfulness” (criterion 1 of 2) has no verdict yet.');
    expect(screen.getByTestId('rubric-hint').getAttribute('role')).toBe('alert');

    await press('w'); // clearly, then left (B is shown on the left)
    await press('1');
    expect(text('rubric-draft-helpful')).toBe('Left, clearly');
    expect(activeKey()).toBe('rubric-criterion-harmless');
    await press('Enter');
    expect(text('rubric-hint')).toBe('Not submitted: “Harmlessness” (criterion 2 of 2) has no verdict yet.');
    expect(methods.submitJudgment).not.toHaveBeenCalled();

    await press('Tab', { shiftKey: true });
    expect(activeKey()).toBe('rubric-criterion-helpful');
    await press('Tab');
    expect(activeKey()).toBe('rubric-criterion-harmless');
    await press('3');
    expect(text('rubric-draft-harmless')).toBe('Tie');
    expect(text('compare-prompt')).toContain('Prompt 1'); // nothing submitted before Enter

    await press('Enter');
    await waitFor(() => expect(text('compare-prompt')).toContain('Prompt 2'));
    expect(methods.submitJudgment).toHaveBeenCalledTimes(1);
    expect(methods.submitJudgment).toHaveBeenCalledWith(
      expect.objectContaining({
        comparisonId: comparison(1).id,
        choice: 'B',
        strength: 2,
        rubricRunId: runId,
        criteria: [{ criterion: 'helpful', choice: 'B', strength: 2 }, { criterion: 'harmless', choice: 'tie' }],
      }),
    );
    expect(activeKey()).toBe('rubric-criterion-helpful');
    expect(text('rubric-draft-helpful')).toBe('—');

    await waitFor(() => expect(text('compare-saving')).toBe('All saved'));
    await press('z');
    await waitFor(() => expect(text('compare-prompt')).toContain('Prompt 1'));
    expect(text('rubric-draft-helpful')).toBe('Left, clearly');
    expect(text('rubric-draft-harmless')).toBe('Tie');

    await press('s'); // a skip skips the whole comparison, with no criteria
    await waitFor(() => expect(methods.submitJudgment).toHaveBeenCalledTimes(2));
    const skip = (methods.submitJudgment as ReturnType<typeof vi.fn>).mock.calls[1][0];
    expect(skip).toMatchObject({ comparisonId: comparison(1).id, choice: 'skip', rubricRunId: runId });
    expect(skip).not.toHaveProperty('criteria');
  });

  it('lists the rubric keys in the help overlay', async () => {
    serve([item(1, { runId, criteria })]);
    render(createElement(Workspace, { evaluator, onSwitch: () => {} }));
    await waitFor(() => expect(text('compare-prompt')).toContain('Prompt 1'));
    await press('?');
    expect(text('compare-help-rubric')).toContain('Next criterion / previous criterionTabShift+Tab');
    expect(text('compare-help-rubric')).toContain('Submit, once every criterion has a verdict (else it names the one missing)Enter');
  });

  it('judges an item without a rubric as before: one key, one verdict, no criteria', async () => {
    serve([item(1, null), item(2, null)]);
    render(createElement(Workspace, { evaluator, onSwitch: () => {} }));
    await waitFor(() => expect(text('compare-prompt')).toContain('Prompt 1'));
    expect(screen.queryByTestId('compare-rubric')).toBeNull();
    await press('Enter');
    expect(methods.submitJudgment).not.toHaveBeenCalled();
    await press('2');
    await waitFor(() => expect(text('compare-prompt')).toContain('Prompt 2'));
    const [params] = (methods.submitJudgment as ReturnType<typeof vi.fn>).mock.calls[0];
    expect(params).toMatchObject({ comparisonId: comparison(1).id, choice: 'A' });
    expect(params).not.toHaveProperty('criteria');
    expect(params).not.toHaveProperty('rubricRunId');
  });
});

describe('what a verdict says of its rubric', () => {
  const rubric = { runId, criteria: [...criteria, { key: 'honest', label: 'Honesty', description: '' }] };
  const given = [{ criterion: 'helpful', choice: 'A' as const }];
  const filterRun = '40000000-0000-4000-8000-000000000002';

  it("names the item's rubric's run (else the run filter's) and carries criteria only under a rubric, never with a skip", () => {
    expect(rubricParams(item(1, rubric), filterRun, { pick: 'left', criteria: given })).toEqual({ rubricRunId: runId, criteria: given });
    expect(rubricParams(item(1, rubric), undefined, { pick: 'skip', criteria: given })).toEqual({ rubricRunId: runId });
    expect(rubricParams(item(1, null), filterRun, { pick: 'left', criteria: given })).toEqual({ rubricRunId: filterRun });
    expect(rubricParams(item(1, null), undefined, { pick: 'tie' })).toEqual({});
  });

  it('moves on to the next criterion without a verdict, round to the first, and keeps only the rubric\'s drafts', () => {
    expect(nextActive(rubric, { helpful: { choice: 'A' } }, 0)).toBe(1);
    expect(nextActive(rubric, { harmless: { choice: 'A' }, honest: { choice: 'B' } }, 2)).toBe(0);
    expect(nextActive(rubric, { helpful: { choice: 'A' }, harmless: { choice: 'A' }, honest: { choice: 'B' } }, 2)).toBe(2);
    expect(draftsFrom(rubric, [{ criterion: 'helpful', choice: 'B', strength: 3 }, { criterion: 'gone', choice: 'A', strength: null }])).toEqual({ helpful: { choice: 'B', strength: 3 } });
    expect(draftsFrom(null, [{ criterion: 'helpful', choice: 'B', strength: 3 }])).toEqual({});
  });
});
