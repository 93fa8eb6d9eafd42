// Rubrics where the pages look back at verdicts (#18): the Compare page's review shows a reviewed verdict's verdict per
// criterion (label: side and strength, as the evaluator saw the sides) and `m` brings its drafts back as undo does;
// the Evaluators page's judgments behind an agreement number on a criterion ask for that criterion and show each
// judgment's verdict and strength on it (the overall ones otherwise), saying so when there are none or the call fails.
// @vitest-environment jsdom
import { act, cleanup, fireEvent, render, screen, waitFor, within } from '@testing-library/react';
import { createElement } from 'react';
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import type { Result } from '../../electron/api/contract';
import { Workspace } from '../../renderer/src/pages/compare/Workspace';
import { scopeCriterion } from '../../renderer/src/pages/evaluators/AgreementScope';
import { EvaluatorsPage } from '../../renderer/src/pages/evaluators/EvaluatorsPage';
import { JudgmentsPanel } from '../../renderer/src/pages/evaluators/JudgmentsPanel';

type QueueItem = Result<'nextComparisons'>[number];
type OwnVerdict = Result<'listOwnVerdicts'>['rows'][number];
type JudgmentRow = Result<'listJudgments'>['rows'][number];

const RUN = '40000000-0000-4000-8000-000000000001';
const ADA = '20000000-0000-4000-8000-000000000001';
const criteria = [
  { key: 'helpful', label: 'Helpfulness', description: '' },
  { key: 'harmless', label: 'Harmlessness', description: '' },
];
const comparison = (n: number) => ({ id: `00000000-0000-4000-8000-00000000000${n}`, datasetId: null, layer: null, prompt: `Prompt ${n}`, responseA: `A says ${n}`, responseB: `B says ${n}` });
const item = (n: number): QueueItem => ({ comparison: comparison(n), leftSide: 'B', kind: 'new', repeatOf: null, relabel: null, assistance: null, rubric: { runId: RUN, criteria } });
const verdict = (n: number, changes: Partial<OwnVerdict> = {}): OwnVerdict => ({
  judgmentId: `10000000-0000-4000-8000-00000000000${n}`,
  comparison: comparison(n),
  leftSide: 'B',
  choice: 'B',
  strength: 2,
  rationale: null,
  durationMs: 4000,
  marks: [],
  criteria: [],
  createdAt: '2026-12-01T10:00:00.000Z',
  changeRefusal: null,
  ...changes,
});
const onRubric = verdict(2, {
  criteria: [
    { criterion: 'helpful', label: 'Helpfulness', choice: 'B', strength: 2 },
    { criterion: 'harmless', label: 'Harmlessness', choice: 'tie', strength: null },
  ],
});
const plain = verdict(3, { choice: 'A', strength: null });

const ok = (value: unknown) => Promise.resolve({ ok: true, value });
// getClient keeps the first window.rung it finds, so each test swaps the methods on one stub; a method not stubbed is refused.
const methods: Record<string, unknown> = {};
const stub = new Proxy(methods, { get: (_t, name: string) => methods[name] ?? (() => Promise.resolve({ ok: false, error: { code: 'NOT_FOUND', message: `${name} is not stubbed` } })) });
(window as { rung?: unknown }).rung = stub;

type Evaluator = Parameters<typeof Workspace>[0]['evaluator'];
const evaluator = { id: ADA, name: 'Ada', kind: 'human', domains: [], source: null, simulated: false, labelSource: false, judgments: 2, createdAt: '2026-01-01T00:00:00.000Z' } as Evaluator;
const press = (key: string) => act(() => void fireEvent.keyDown(window, { key }));
const text = (testId: string) => screen.getByTestId(testId).textContent;

beforeEach(() => {
  for (const key of Object.keys(methods)) delete methods[key];
  globalThis.ResizeObserver ??= class {
    observe() {}
    unobserve() {}
    disconnect() {}
  };
  localStorage.clear();
});
afterEach(() => cleanup());

describe("the Compare page's review under a rubric", () => {
  beforeEach(() => {
    let served = false;
    Object.assign(methods, {
      nextComparisons: () => {
        const items = served ? [] : [item(1)];
        served = true;
        return ok(items);
      },
      getProgress: () => ok({ doneToday: 0, skippedToday: 0, remaining: 1, medianSeconds: null }),
      listDatasets: () => ok([]),
      listLayers: () => ok([]),
      listRuns: () => ok([]),
      listOwnVerdicts: vi.fn(() => ok({ total: 2, rows: [onRubric, plain] })),
      retractJudgment: vi.fn(() =>
        ok({
          judgmentId: onRubric.judgmentId,
          rationale: null,
          item: { ...item(2), kind: 'returned' },
          criteria: [{ criterion: 'helpful', choice: 'B', strength: 2 }, { criterion: 'harmless', choice: 'tie', strength: null }],
        }),
      ),
    });
  });

  it('shows each criterion with its verdict as the evaluator saw it; a verdict without a rubric shows none', async () => {
    render(createElement(Workspace, { evaluator, onSwitch: () => {} }));
    await waitFor(() => expect(text('compare-prompt')).toContain('Prompt 1'));
    await press('[');
    await waitFor(() => expect(text('review-prompt')).toContain('Prompt 2'));
    expect(text('review-criterion-helpful')).toBe('Helpfulness: Left clearly better'); // B was shown on the left
    expect(text('review-criterion-harmless')).toBe('Harmlessness: Tie');
    await press('[');
    await waitFor(() => expect(text('review-prompt')).toContain('Prompt 3'));
    expect(screen.queryByTestId('review-criteria')).toBeNull();
  });

  it('changing the verdict with m brings its verdicts per criterion back as the drafts', async () => {
    render(createElement(Workspace, { evaluator, onSwitch: () => {} }));
    await waitFor(() => expect(text('compare-prompt')).toContain('Prompt 1'));
    expect(text('rubric-draft-helpful')).toBe('—');
    await press('[');
    await waitFor(() => expect(text('review-prompt')).toContain('Prompt 2'));
    await press('m');
    await waitFor(() => expect(screen.queryByTestId('review')).toBeNull());
    expect(methods.retractJudgment).toHaveBeenCalledWith({ evaluatorId: ADA, judgmentId: onRubric.judgmentId });
    await waitFor(() => expect(text('compare-prompt')).toContain('Prompt 2'));
    expect(text('rubric-draft-helpful')).toBe('Left, clearly');
    expect(text('rubric-draft-harmless')).toBe('Tie');
  });
});

const row = (n: number, changes: Partial<JudgmentRow> = {}): JudgmentRow => ({
  id: `30000000-0000-4000-8000-00000000000${n}`,
  comparisonId: comparison(n).id,
  evaluatorId: ADA,
  evaluator: 'Ada',
  evaluatorKind: 'human',
  choice: 'A',
  strength: 2,
  leftSide: 'A',
  rationale: null,
  durationMs: null,
  assisted: false,
  origin: 'ui',
  repeatOf: null,
  createdAt: '2026-12-01T10:00:00.000Z',
  retractedAt: null,
  excludedAt: null,
  excludedReason: null,
  ...changes,
});
const cells = (r: HTMLElement) => within(r).getAllByRole('cell').map((c) => c.textContent);
const focus = { evaluatorId: ADA, evaluator: 'Ada', about: 'agreement with consensus (2 comparisons)' };
const harmless = { runId: RUN, key: 'harmless', label: 'Harmlessness' };

describe('the judgments behind an agreement number', () => {
  it("on a criterion: asks for it and shows each judgment's verdict and strength on it", async () => {
    const listJudgments = vi.fn(() =>
      ok({
        total: 2,
        rows: [
          row(1, { criterion: { key: 'harmless', label: 'Harmlessness', choice: 'B', strength: 3 } }),
          row(2, { criterion: { key: 'harmless', label: 'Harmlessness', choice: 'tie', strength: null } }),
        ],
      }),
    );
    methods.listJudgments = listJudgments;
    render(createElement(JudgmentsPanel, { focus: { ...focus, criterion: harmless }, onClose: () => {} }));
    await screen.findByTestId('judgments-table');
    expect(listJudgments).toHaveBeenCalledWith({ evaluatorId: ADA, runId: RUN, criterion: 'harmless', offset: 0, limit: 50 });
    expect(screen.getByRole('heading', { level: 2 }).textContent).toContain('behind agreement with consensus (2 comparisons) on criterion Harmlessness');
    expect(screen.getAllByRole('columnheader').map((h) => h.textContent)).toContain('Verdict on Harmlessness');
    const [first, second] = screen.getAllByTestId('judgment-row');
    expect(cells(first).slice(2, 4)).toEqual(['Prefers B (shown right)', '3']); // overall A, strength 2
    expect(cells(second).slice(2, 4)).toEqual(['Tie', '—']);
  });

  it('without a criterion: the overall verdicts, as before', async () => {
    const listJudgments = vi.fn(() => ok({ total: 1, rows: [row(1)] }));
    methods.listJudgments = listJudgments;
    render(createElement(JudgmentsPanel, { focus, onClose: () => {} }));
    await screen.findByTestId('judgments-table');
    expect(listJudgments).toHaveBeenCalledWith({ evaluatorId: ADA, offset: 0, limit: 50 });
    expect(screen.getAllByRole('columnheader').map((h) => h.textContent)).toContain('Verdict');
    expect(cells(screen.getByTestId('judgment-row')).slice(2, 4)).toEqual(['Prefers A (shown left)', '2']);
  });

  it('says when there are no verdicts on the criterion, and when the call fails', async () => {
    methods.listJudgments = vi.fn(() => ok({ total: 0, rows: [] }));
    render(createElement(JudgmentsPanel, { focus: { ...focus, criterion: harmless }, onClose: () => {} }));
    expect((await screen.findByTestId('judgments-empty')).textContent).toBe('Ada has no verdicts on criterion Harmlessness yet.');
    cleanup();
    methods.listJudgments = () => Promise.resolve({ ok: false, error: { code: 'NOT_FOUND', message: 'criterion: run "Rubric" has no criterion "harmless" (its criteria: helpful)' } });
    render(createElement(JudgmentsPanel, { focus: { ...focus, criterion: harmless }, onClose: () => {} }));
    expect((await screen.findByTestId('judgments-error')).textContent).toContain('criterion: run "Rubric" has no criterion "harmless"');
  });

  it('opens from the Evaluators page on the criterion its agreement scope is on', async () => {
    const runs = [{ id: RUN, name: 'Rubric', description: '', createdAt: '2026-12-07T10:00:00.000Z', layers: [], criteria }];
    const ada = {
      evaluatorId: ADA, evaluator: 'Ada', judgments: 2, medianSeconds: null, consensusAgreement: 0.5, consensusCompared: 2, consensusGap: null,
      selfConsistency: null, repeatedComparisons: 0, simulated: false, overTrust: { followedWrong: 0, wrongShown: 0, rate: null, interval: null },
    };
    const listJudgments = vi.fn(() => ok({ total: 0, rows: [] }));
    Object.assign(methods, {
      listEvaluators: () => ok([]),
      listRuns: () => ok(runs),
      getEvaluatorStatsReport: () => ok({ stats: { evaluators: [], pairs: [], alpha: null, alphaUnits: 0 }, computedAt: '2026-12-07T10:00:00.000Z', stale: false, computing: false }),
      getEvaluatorStats: () => ok({ evaluators: [ada], pairs: [], alpha: null, alphaUnits: 0 }),
      listJudgments,
    });
    render(createElement(EvaluatorsPage));
    fireEvent.change(await screen.findByTestId('agreement-run'), { target: { value: RUN } });
    fireEvent.change(screen.getByTestId('agreement-criterion'), { target: { value: 'harmless' } });
    fireEvent.click(await screen.findByTestId('agreement-consensus'));
    await waitFor(() => expect(listJudgments).toHaveBeenCalledWith({ evaluatorId: ADA, runId: RUN, criterion: 'harmless', offset: 0, limit: 50 }));
    expect((await screen.findByTestId('judgments-empty')).textContent).toBe('Ada has no verdicts on criterion Harmlessness yet.');
  });

  it('the scope names its criterion with run and label; none without one or for an unknown key', () => {
    const runs = [{ id: RUN, name: 'Rubric', description: '', createdAt: '2026-12-07T10:00:00.000Z', layers: [], criteria }];
    expect(scopeCriterion(runs, { runId: RUN, criterion: 'harmless' })).toEqual(harmless);
    expect(scopeCriterion(runs, { runId: RUN, criterion: '' })).toBeUndefined();
    expect(scopeCriterion(runs, { runId: '', criterion: '' })).toBeUndefined();
    expect(scopeCriterion(runs, { runId: RUN, criterion: 'honest' })).toBeUndefined();
  });
});
