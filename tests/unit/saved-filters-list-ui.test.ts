// The Data page's list of saved filters (jsdom): each filter's name, words, matches now and saved date; Delete asks first
// (naming the assignments that keep their comparisons), Cancel deletes nothing, Delete calls deleteRecordFilter and
// reads the list again; a refusal is shown with the contract's message.
// @vitest-environment jsdom
import { cleanup, fireEvent, render, screen, waitFor } from '@testing-library/react';
import { createElement } from 'react';
import { afterEach, describe, expect, it, vi } from 'vitest';
import { SavedFilters, deleteQuestion } from '../../renderer/src/pages/data/records/SavedFilters';

// getClient keeps the first window.rung it finds, so each test swaps the methods on one stub.
const desktop: Record<string, unknown> = {};
(window as { rung?: unknown }).rung = desktop;
afterEach(cleanup);

const listed = (name: string, words: string, matches: number | null, assignments: string[] = []) => ({
  name,
  filter: { text: 'sum' },
  savedBy: 'Lea',
  savedAt: '2026-12-07T10:00:00.000Z',
  words,
  matches,
  assignments,
});
const math = listed('math', 'text contains "sum"', 4, ['math round']);
const big = listed('big', 'every comparison', null);

describe('the saved filters list', () => {
  it('shows each filter in words with what it matches now, asks before deleting, and reads the list again', async () => {
    const listRecordFilters = vi.fn().mockResolvedValueOnce({ ok: true, value: [big, math] }).mockResolvedValueOnce({ ok: true, value: [big] });
    const deleteRecordFilter = vi.fn().mockResolvedValue({ ok: true, value: { deleted: true, assignments: ['math round'] } });
    Object.assign(desktop, { listRecordFilters, deleteRecordFilter });
    render(createElement(SavedFilters, { reloadKey: 0 }));
    await waitFor(() => expect(screen.getAllByTestId('saved-filter')).toHaveLength(2));
    expect(screen.getAllByTestId('saved-filter-name').map((e) => e.textContent)).toEqual(['big', 'math']);
    expect(screen.getAllByTestId('saved-filter-words').map((e) => e.textContent)).toEqual(['every comparison', 'text contains "sum"']);
    const facts = screen.getAllByTestId('saved-filter-facts').map((e) => e.textContent);
    expect(facts[0]).toMatch(/^ — too many to count here; saved by Lea, \S/);
    expect(facts[1]).toMatch(/^ — 4 comparisons match now; saved by Lea, \S/);

    const deletes = screen.getAllByTestId('saved-filter-delete');
    fireEvent.click(deletes[1]);
    expect(screen.getByTestId('saved-filter-question').textContent).toBe('Delete saved filter "math"? Assignment "math round" keeps the comparisons drawn from it.');
    fireEvent.click(screen.getByTestId('saved-filter-cancel'));
    expect(screen.queryByTestId('saved-filter-question')).toBeNull();
    expect(deleteRecordFilter).not.toHaveBeenCalled();

    fireEvent.click(screen.getAllByTestId('saved-filter-delete')[1]);
    fireEvent.click(screen.getByTestId('saved-filter-confirm'));
    await waitFor(() => expect(screen.getAllByTestId('saved-filter')).toHaveLength(1));
    expect(deleteRecordFilter.mock.calls).toEqual([[{ name: 'math' }]]);
    expect(screen.getByTestId('saved-filters-status').textContent).toBe('Deleted saved filter "math".');
    expect(listRecordFilters).toHaveBeenCalledTimes(2);
  });

  it("shows a refused delete's message and keeps the list", async () => {
    const refusal = { ok: false, error: { code: 'NOT_FOUND', message: 'name: no saved filter named "math"' } };
    Object.assign(desktop, { listRecordFilters: vi.fn().mockResolvedValue({ ok: true, value: [math] }), deleteRecordFilter: vi.fn().mockResolvedValue(refusal) });
    render(createElement(SavedFilters, { reloadKey: 0 }));
    fireEvent.click(await screen.findByTestId('saved-filter-delete'));
    fireEvent.click(screen.getByTestId('saved-filter-confirm'));
    await waitFor(() => expect(screen.getByTestId('saved-filters-status').textContent).toBe(refusal.error.message));
    expect(screen.getAllByTestId('saved-filter')).toHaveLength(1);
  });

  it('shows nothing when no filter is saved, and asks plainly when no assignment was drawn from one', async () => {
    Object.assign(desktop, { listRecordFilters: vi.fn().mockResolvedValue({ ok: true, value: [] }) });
    render(createElement(SavedFilters, { reloadKey: 0 }));
    await waitFor(() => expect((desktop.listRecordFilters as any).mock.calls.length).toBe(1));
    expect(screen.queryByTestId('saved-filters')).toBeNull();
    expect(deleteQuestion(big)).toBe('Delete saved filter "big"?');
    expect(deleteQuestion({ ...math, assignments: ['a', 'b'] })).toBe('Delete saved filter "math"? Assignments "a", "b" keep the comparisons drawn from it.');
  });
});
