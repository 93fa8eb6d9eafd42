// The Data page's record browser in jsdom: the filter bar's query, the list with "searched N of M" that goes on by
// itself while pages come back short and then asks to search further (by cursor), ↓/↑/Enter on the list opening the detail (judgments with undone ones marked, flags,
// "no model"), and the empty and error states.
// @vitest-environment jsdom
import { cleanup, fireEvent, render, screen, waitFor, within } from '@testing-library/react';
import { createElement } from 'react';
import { afterEach, beforeAll, describe, expect, it, vi } from 'vitest';
import { RecordsSection } from '../../renderer/src/pages/data/records/RecordsSection';
import { queryOf, emptyForm } from '../../renderer/src/pages/data/records/logic';
import { AUTO_CALLS } from '../../renderer/src/pages/data/records/useRecordPages';

const uuid = (n: number) => `00000000-0000-4000-8000-${String(n).padStart(12, '0')}`;
const row = (n: number) => ({ id: uuid(n), datasetId: uuid(900), layer: n % 3, promptExcerpt: `prompt ${n}`, responseAExcerpt: `a ${n}`, responseBExcerpt: `b ${n}`, judgments: 2, openFlags: n === 1 ? 1 : 0 });
const page = (rows: ReturnType<typeof row>[], extra: Record<string, unknown> = {}) => ({ ok: true, value: { rows, nextCursor: null, examined: rows.length, scope: rows.length, exact: true, ...extra } });
const judgment = (id: number, evaluator: string, choice: string, retractedAt: string | null) => ({
  id: uuid(id), comparisonId: uuid(1), evaluatorId: uuid(50), evaluator, evaluatorKind: 'human', choice, strength: null, leftSide: 'A', rationale: null, durationMs: null,
  assisted: false, origin: 'ui', repeatOf: null, createdAt: '2026-12-06T10:00:00.000Z', retractedAt, excludedAt: null, excludedReason: null,
});
const detail = {
  id: uuid(1), prompt: 'the whole prompt 1', responseA: 'all of a', responseB: 'all of b', groundTruth: null, layer: 1, metadata: '{"topic":"math"}', createdAt: '2026-12-06T10:00:00.000Z',
  datasets: [{ id: uuid(900), name: 'prefs' }],
  layers: [{ runId: uuid(700), run: 'Ladder', layer: 1, name: 'L1' }],
  judgments: [judgment(60, 'Ann', 'A', '2026-12-06T10:01:00.000Z'), judgment(61, 'Ann', 'B', null)],
  flags: [{ id: uuid(80), kind: 'evaluator-disagreement', status: 'open', severity: 0.8, notes: '', createdAt: '2026-12-06T10:00:00.000Z' }],
  modelScores: [],
  modelNote: 'no active reward model: train one',
};

// getClient keeps the first window.rung it finds, so each test swaps the methods on one stub.
const desktop: Record<string, unknown> = {};
(window as { rung?: unknown }).rung = desktop;

beforeAll(() => {
  globalThis.ResizeObserver ??= class {
    observe() {}
    unobserve() {}
    disconnect() {}
  } as unknown as typeof ResizeObserver;
});
afterEach(cleanup);

function stub(listComparisons: ReturnType<typeof vi.fn>, getComparison = vi.fn().mockResolvedValue({ ok: true, value: detail })) {
  Object.assign(desktop, {
    listRuns: vi.fn().mockResolvedValue({ ok: true, value: [] }),
    listEvaluators: vi.fn().mockResolvedValue({ ok: true, value: [{ id: uuid(50), name: 'Ann' }] }),
    listComparisons,
    getComparison,
  });
  render(createElement(RecordsSection, { datasets: [{ id: uuid(900), name: 'prefs' }], version: 0 }));
}

describe('the record browser', () => {
  it('makes the query from the filled fields only', () => {
    expect(queryOf(emptyForm)).toEqual({});
    expect(queryOf({ ...emptyForm, text: '  needle ', layer: '2', verdict: 'none', metadataKey: 'topic', metadataValue: 'math' })).toEqual({
      text: 'needle', layer: 2, verdict: 'none', metadataKey: 'topic', metadataValue: 'math',
    });
  });

  it('lists the first page, searches with the filters on submit, goes on by itself while pages come back short, then asks', async () => {
    let call = 0;
    const LAST_CALL = 1 + AUTO_CALLS + 4;
    const listComparisons = vi.fn().mockImplementation(async (params: { cursor?: string }) => {
      call++;
      if (call === 1) return page([row(0), row(1), row(2)]);
      const cursor = Number(params.cursor ?? 0) + 1000;
      // The search: one match in its first call, then nothing, until the end 4 calls after the first walk's.
      return page(call === 2 ? [row(1)] : [], { nextCursor: call < LAST_CALL ? String(cursor) : null, examined: 1000, scope: params.cursor ? null : 100000, exact: false });
    });
    stub(listComparisons);
    await waitFor(() => expect(screen.getAllByTestId('record-row')).toHaveLength(3));
    expect(listComparisons).toHaveBeenLastCalledWith({ limit: 100 });
    expect(screen.getByTestId('records-footer').textContent).toContain('3 matching');

    fireEvent.change(screen.getByTestId('records-text'), { target: { value: 'Prompt 1' } });
    fireEvent.change(screen.getByTestId('records-evaluator'), { target: { value: uuid(50) } });
    fireEvent.change(screen.getByTestId('records-verdict'), { target: { value: 'B' } });
    fireEvent.click(screen.getByTestId('records-search'));
    // AUTO_CALLS calls, each from the last one's cursor, then the list asks.
    await waitFor(() => expect(screen.getByTestId('records-more').textContent).toBe('Search further'));
    expect(listComparisons).toHaveBeenCalledTimes(1 + AUTO_CALLS);
    expect(listComparisons.mock.calls[1][0]).toEqual({ text: 'Prompt 1', evaluatorId: uuid(50), verdict: 'B', limit: 100 });
    expect(listComparisons).toHaveBeenLastCalledWith({ text: 'Prompt 1', evaluatorId: uuid(50), verdict: 'B', cursor: String((AUTO_CALLS - 1) * 1000), limit: 100 });
    expect(screen.getAllByTestId('record-row')).toHaveLength(1);
    expect(screen.getByTestId('records-footer').textContent).toContain(`searched ${(AUTO_CALLS * 1000).toLocaleString('en-US')} of 100,000 so far`);

    fireEvent.click(screen.getByTestId('records-more'));
    await waitFor(() => expect(screen.getByTestId('records-footer').textContent).toContain('searched all 100,000'));
    expect(listComparisons).toHaveBeenCalledTimes(LAST_CALL);
    expect(screen.queryByTestId('records-more')).toBeNull();
  });

  it('moves with ↓/↑ on the list and opens the selected comparison with Enter: judgments (undone marked), flags, no model', async () => {
    const getComparison = vi.fn().mockResolvedValue({ ok: true, value: detail });
    stub(vi.fn().mockResolvedValue(page([row(0), row(1), row(2)])), getComparison);
    await waitFor(() => expect(screen.getAllByTestId('record-row')).toHaveLength(3));
    const grid = screen.getByTestId('records-grid');
    for (const key of ['ArrowDown', 'ArrowDown', 'ArrowDown', 'ArrowUp']) fireEvent.keyDown(grid, { key });
    expect(screen.getAllByTestId('record-row').filter((r) => r.getAttribute('aria-selected') === 'true').map((r) => r.dataset.comparisonId)).toEqual([uuid(1)]);
    fireEvent.keyDown(grid, { key: 'Enter' });
    expect(getComparison).toHaveBeenCalledWith({ id: uuid(1) });
    const panel = await screen.findByTestId('record-detail');
    await waitFor(() => expect(within(panel).getByTestId('record-prompt').textContent).toBe('the whole prompt 1'));
    const judgments = within(panel).getAllByTestId('record-judgment');
    expect(judgments.map((j) => j.dataset.retracted)).toEqual(['true', 'false']);
    expect(judgments[0].textContent).toContain('undone');
    expect(within(panel).getByTestId('record-flags').textContent).toContain('Evaluators disagree');
    expect(within(panel).getByTestId('record-no-model').textContent).toBe('no active reward model: train one');
    expect(panel.textContent).toContain('Ladder · 1 (L1)');
    fireEvent.click(within(panel).getByTestId('record-close'));
    expect(screen.queryByTestId('record-detail')).toBeNull();
  });

  it('says when nothing matches, and shows errors of the search and of the detail', async () => {
    const listComparisons = vi
      .fn()
      .mockResolvedValueOnce(page([row(0)]))
      .mockResolvedValueOnce(page([]))
      .mockResolvedValueOnce({ ok: false, error: { code: 'NOT_FOUND', message: 'no dataset with id x' } });
    stub(listComparisons, vi.fn().mockResolvedValue({ ok: false, error: { code: 'NOT_FOUND', message: 'no comparison with id y' } }));
    await waitFor(() => expect(screen.getAllByTestId('record-row')).toHaveLength(1));
    fireEvent.click(screen.getAllByTestId('record-row')[0]);
    expect((await screen.findByTestId('record-error')).textContent).toContain('no comparison with id y');

    fireEvent.change(screen.getByTestId('records-text'), { target: { value: 'nothing' } });
    fireEvent.click(screen.getByTestId('records-search'));
    expect((await screen.findByTestId('records-empty')).textContent).toBe('No comparison matches these filters.');

    fireEvent.change(screen.getByTestId('records-dataset'), { target: { value: uuid(900) } });
    fireEvent.click(screen.getByTestId('records-search'));
    expect((await screen.findByTestId('records-error')).textContent).toContain('no dataset with id x');
  });
});
