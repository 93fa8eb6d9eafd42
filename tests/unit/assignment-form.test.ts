// The Evaluators page's "Assign work" form logic (renderer/src/pages/evaluators/assignment-draft.ts): the fields as typed
// become createAssignment's params, so a bad field gets the contract's own message (the same as `rung assign`'s); the
// form itself (AssignmentForm.tsx) with a quota field beside each chosen evaluator.
// @vitest-environment jsdom
import { cleanup, fireEvent, render, screen, waitFor } from '@testing-library/react';
import { createElement } from 'react';
import { afterEach, describe, expect, it, vi } from 'vitest';
import { AssignmentForm } from '../../renderer/src/pages/evaluators/AssignmentForm';
import { assignmentParams, datasetSource, emptyAssignmentDraft, runLayerSource } from '../../renderer/src/pages/evaluators/assignment-draft';
import { useService } from '../helpers/api';
import { uploadSource } from '../helpers/store';

const s = useService();

describe('assignment form', () => {
  it('turns the typed fields into params: numbers as numbers, empty fields left out, the source as run and layer or dataset', () => {
    const run = '6f1c1a0e-1111-4111-8111-111111111111';
    expect(assignmentParams({ ...emptyAssignmentDraft, source: runLayerSource(run, 2), evaluatorIds: ['x'], overlap: ' 2 ', quota: '', deadline: ' 2026-12-31 ' })).toEqual({
      runId: run,
      layer: 2,
      evaluators: ['x'],
      overlap: 2,
      seed: 1,
      quota: undefined,
      deadline: '2026-12-31',
    });
    expect(assignmentParams({ ...emptyAssignmentDraft, source: datasetSource(run), quota: '5' })).toMatchObject({ datasetId: run, quota: 5 });
    expect(assignmentParams({ ...emptyAssignmentDraft, overlap: 'two' })).toMatchObject({ overlap: 'two' });
  });

  it("shows the contract's messages for what was typed", async () => {
    const dataset = await s.value('importDataset', { source: uploadSource('f.jsonl', [{ prompt: 'p', response_a: 'a', response_b: 'b' }]), format: 'rung' });
    const ada = await s.value('createEvaluator', { name: 'Ada' });
    const draft = { ...emptyAssignmentDraft, source: datasetSource(dataset.datasetId), evaluatorIds: [ada.id] };
    const message = async (patch: Partial<typeof draft>) => ((await s.call('createAssignment', assignmentParams({ ...draft, ...patch }))) as any).error?.message;
    expect(await message({ overlap: 'two' })).toBe('createAssignment: overlap: must be an integer ≥ 1 (each comparison judged by that many evaluators), got "two"');
    expect(await message({ quota: '-3' })).toBe('createAssignment: quota: must be an integer ≥ 0, got "-3"');
    expect(await message({ deadline: 'soon' })).toBe('createAssignment: deadline: must be an ISO 8601 date (2026-12-31) or date and time with its offset (2026-12-31T17:00:00Z), got "soon"');
    expect(await message({ source: '' })).toBe('createAssignment: runId: give a run and its layer, a dataset, or a saved filter');
    expect(await message({ evaluatorIds: [] })).toBe('createAssignment: evaluators: must name at least one evaluator');
    expect((await s.value('createAssignment', assignmentParams(draft))).comparisons).toBe(1);
  });
});

describe("the assign form's own quotas", () => {
  const dataset = { id: '00000000-0000-8000-8000-000000000001', name: 'prefs', comparisons: 20 };
  const people = [
    { id: '00000000-0000-8000-8000-0000000000a1', kind: 'human', name: 'Ada' },
    { id: '00000000-0000-8000-8000-0000000000b1', kind: 'human', name: 'Bob' },
    { id: '00000000-0000-8000-8000-0000000000c1', kind: 'human', name: 'Cy' },
  ];
  // getClient keeps the first window.rung it finds, so each test swaps the method on one stub.
  const desktop: { createAssignment?: unknown } = {};
  (window as { rung?: unknown }).rung = desktop;
  afterEach(cleanup);

  const renderForm = (onCreated = vi.fn()) => {
    render(createElement(AssignmentForm, { runs: [], datasets: [dataset] as any, evaluators: people as any, onCreated }));
    fireEvent.change(screen.getByTestId('assign-source'), { target: { value: datasetSource(dataset.id) } });
    const box = (name: string) => screen.getByRole('checkbox', { name });
    return { box, quotaOf: (name: string) => screen.getByRole('textbox', { name: `${name}'s quota` }) };
  };

  it('shows a quota field beside each chosen evaluator and sends the filled ones by name; empty ones get the overall quota', async () => {
    const createAssignment = vi.fn().mockResolvedValue({ ok: true, value: { name: 'prefs', comparisons: 11, overlap: 1, evaluators: people } });
    desktop.createAssignment = createAssignment;
    const onCreated = vi.fn();
    const { box, quotaOf } = renderForm(onCreated);
    expect(screen.queryAllByTestId('assign-evaluator-quota')).toHaveLength(0);
    for (const name of ['Ada', 'Bob', 'Cy']) fireEvent.click(box(name));
    expect(screen.getAllByTestId('assign-evaluator-quota')).toHaveLength(3);
    fireEvent.change(screen.getByTestId('assign-quota'), { target: { value: '8' } });
    expect(quotaOf('Bob').getAttribute('placeholder')).toBe('quota: 8');
    fireEvent.change(quotaOf('Ada'), { target: { value: ' 3 ' } });
    fireEvent.change(quotaOf('Cy'), { target: { value: '0' } });
    // unchoosing Cy drops the field and Cy's quota with it; choosing again starts empty
    fireEvent.click(box('Cy'));
    expect(screen.queryByRole('textbox', { name: "Cy's quota" })).toBeNull();
    fireEvent.click(box('Cy'));
    expect((quotaOf('Cy') as HTMLInputElement).value).toBe('');
    fireEvent.submit(screen.getByTestId('assign-form'));
    await waitFor(() => expect(onCreated).toHaveBeenCalledTimes(1));
    expect(createAssignment.mock.calls[0][0]).toEqual({ datasetId: dataset.id, evaluators: people.map((p) => p.id), overlap: 1, seed: 1, quota: 8, quotas: { Ada: 3 } });
  });

  it("shows the contract's refusal of an evaluator's quota", async () => {
    const message = 'createAssignment: quotas.Bob: must be an integer ≥ 0, got "-2"';
    const createAssignment = vi.fn().mockResolvedValue({ ok: false, error: { code: 'INVALID_PARAMS', message } });
    desktop.createAssignment = createAssignment;
    const { box, quotaOf } = renderForm();
    fireEvent.click(box('Bob'));
    fireEvent.change(quotaOf('Bob'), { target: { value: '-2' } });
    fireEvent.submit(screen.getByTestId('assign-form'));
    expect((await screen.findByTestId('assign-error')).textContent).toContain(message);
    expect(createAssignment.mock.calls[0][0]).toMatchObject({ evaluators: [people[1].id], quotas: { Bob: -2 } });
  });
});
