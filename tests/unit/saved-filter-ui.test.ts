// Saved filters in the renderer (jsdom): the record browser's "Save these filters as" sends the current search's
// filters under the typed name and offers Replace when the name is taken; the "Assign work" form offers each saved
// filter as "saved filter NAME" and sends its name (a name with ':' too) as createAssignment's `filter`.
// @vitest-environment jsdom
import { cleanup, fireEvent, render, screen, waitFor } from '@testing-library/react';
import { createElement } from 'react';
import { afterEach, describe, expect, it, vi } from 'vitest';
import { SaveFilter } from '../../renderer/src/pages/data/records/SaveFilter';
import { AssignmentForm } from '../../renderer/src/pages/evaluators/AssignmentForm';
import { assignmentParams, emptyAssignmentDraft, filterSource } from '../../renderer/src/pages/evaluators/assignment-draft';

// getClient keeps the first window.rung it finds, so each test swaps the methods on one stub.
const desktop: Record<string, unknown> = {};
(window as { rung?: unknown }).rung = desktop;
afterEach(cleanup);

const saved = (name: string, filter: Record<string, unknown>) => ({ name, filter, savedBy: 'Lea', savedAt: '2026-12-07T10:00:00.000Z' });

describe('saving the record browser filters', () => {
  it('sends the search filters under the typed name, and resends with replace when the name is taken', async () => {
    const conflict = { ok: false, error: { code: 'CONFLICT', message: 'name: a filter named "math" is saved already; choose another name or replace it' } };
    const saveRecordFilter = vi.fn().mockResolvedValueOnce(conflict).mockResolvedValueOnce({ ok: true, value: saved('math', { text: 'sum' }) });
    desktop.saveRecordFilter = saveRecordFilter;
    render(createElement(SaveFilter, { query: { text: 'sum', verdict: 'none' } }));
    expect(screen.queryByTestId('records-save-replace')).toBeNull();
    fireEvent.change(screen.getByTestId('records-save-name'), { target: { value: 'math' } });
    fireEvent.click(screen.getByTestId('records-save-submit'));
    expect((await screen.findByTestId('records-save-status')).textContent).toBe(conflict.error.message);
    expect(saveRecordFilter.mock.calls[0][0]).toEqual({ name: 'math', filter: { text: 'sum', verdict: 'none' }, replace: false });
    fireEvent.click(screen.getByTestId('records-save-replace'));
    await waitFor(() => expect(screen.getByTestId('records-save-status').textContent).toBe('Saved filter "math": assign its comparisons on the Evaluators page.'));
    expect(saveRecordFilter.mock.calls[1][0]).toEqual({ name: 'math', filter: { text: 'sum', verdict: 'none' }, replace: true });
    expect(screen.queryByTestId('records-save-replace')).toBeNull();
  });
});

describe('assigning a saved filter', () => {
  it("makes { filter: name } of a filter source, whatever the name holds", () => {
    expect(assignmentParams({ ...emptyAssignmentDraft, source: filterSource('math: not judged'), evaluatorIds: ['x'] })).toEqual({
      filter: 'math: not judged',
      evaluators: ['x'],
      overlap: 1,
      seed: 1,
      quota: undefined,
      quotas: undefined,
      deadline: undefined,
    });
  });

  it('offers each saved filter as "saved filter NAME" and sends its name', async () => {
    const ada = { id: '00000000-0000-8000-8000-0000000000a1', kind: 'human', name: 'Ada' };
    const createAssignment = vi.fn().mockResolvedValue({ ok: true, value: { name: 'saved filter math: hard', comparisons: 4, overlap: 1, evaluators: [ada] } });
    desktop.createAssignment = createAssignment;
    const onCreated = vi.fn();
    const filters = [saved('math: hard', { text: 'sum' }), saved('undone', { verdict: 'none' })];
    render(createElement(AssignmentForm, { runs: [], datasets: [], evaluators: [ada] as any, filters, onCreated }));
    const options = [...screen.getByTestId('assign-source').querySelectorAll('optgroup[label="Saved filters (Data page)"] option')].map((o) => o.textContent);
    expect(options).toEqual(['saved filter math: hard', 'saved filter undone']);
    fireEvent.change(screen.getByTestId('assign-source'), { target: { value: filterSource('math: hard') } });
    fireEvent.click(screen.getByRole('checkbox', { name: 'Ada' }));
    fireEvent.submit(screen.getByTestId('assign-form'));
    await waitFor(() => expect(onCreated).toHaveBeenCalledTimes(1));
    expect(createAssignment.mock.calls[0][0]).toMatchObject({ filter: 'math: hard', evaluators: [ada.id] });
    expect(screen.getByTestId('assign-created').textContent).toBe('Assigned 4 comparisons of saved filter math: hard to 1 evaluator, each judged by 1.');
  });
});
