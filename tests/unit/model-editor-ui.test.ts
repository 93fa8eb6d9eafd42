// The Ladder page's model list in a DOM (jsdom): each model shows its notes and recipe line; Edit opens the name and
// notes in place, Save sends both through editModel and tells the list, a refusal stays beside the fields, Escape
// leaves the model as it was.
// @vitest-environment jsdom
import { cleanup, fireEvent, render, screen, waitFor, within } from '@testing-library/react';
import { createElement } from 'react';
import { afterEach, describe, expect, it, vi } from 'vitest';
import { ModelList } from '../../renderer/src/pages/ladder/ModelList';
import type { ModelSummary } from '../../renderer/src/pages/ladder/jobs';

const model: ModelSummary = {
  id: '00000000-0000-4000-8000-000000000001', name: 'RM1 2026-12-07 10:00:00', notes: 'seed 3\nfor the ablation',
  recipe: 'hashed words · layers 0..1 weighted 0.5, 1 · seed 3 · 25% held out · majority vote · 5 × 32 MLP · fp32', kind: 'trained',
  runId: '00000000-0000-4000-8000-000000000002', layer: 1, active: true, device: 'cpu', engineVersion: '1', createdAt: '2026-12-07T10:00:00.000Z',
  heldOut: null, trainComparisons: 30, judgments: 30, evaluators: 1, judgmentsBySource: { human: 30, simulated: 0, model: 0 }, combine: 'majority',
};

// getClient keeps the first window.rung it finds, so each test swaps the method on one stub.
const desktop: { editModel?: unknown } = {};
(window as { rung?: unknown }).rung = desktop;
afterEach(cleanup);

const list = (onEdited = vi.fn()) => render(createElement(ModelList, { layer: 1, models: [model], loadError: undefined, onRetry: () => undefined, onMakeActive: async () => undefined, onEdited }));

describe('the model list', () => {
  it('shows the notes and the recipe line', () => {
    list();
    expect(screen.getByTestId('model-notes').textContent).toBe('seed 3\nfor the ablation');
    expect(screen.getByTestId('model-recipe').textContent).toBe(model.recipe);
  });

  it('saves a new name and notes, showing a refusal first without closing', async () => {
    const editModel = vi
      .fn()
      .mockResolvedValueOnce({ ok: false, error: { code: 'INVALID_PARAMS', message: 'editModel: name: Too small: expected string to have >=1 characters' } })
      .mockResolvedValueOnce({ ok: true, value: { ...model, name: 'baseline', notes: '' } });
    desktop.editModel = editModel;
    const onEdited = vi.fn();
    list(onEdited);
    fireEvent.click(screen.getByRole('button', { name: `Edit the name and notes of ${model.name}` }));
    const editor = within(screen.getByTestId('model-editor'));
    fireEvent.change(editor.getByLabelText('Name'), { target: { value: ' ' } });
    fireEvent.click(editor.getByRole('button', { name: 'Save' }));
    expect((await screen.findByRole('alert')).textContent).toContain('Too small');
    expect(onEdited).not.toHaveBeenCalled();
    fireEvent.change(editor.getByLabelText('Name'), { target: { value: 'baseline' } });
    fireEvent.change(editor.getByLabelText('Notes'), { target: { value: '' } });
    fireEvent.click(editor.getByRole('button', { name: 'Save' }));
    await waitFor(() => expect(onEdited).toHaveBeenCalledTimes(1));
    expect(editModel.mock.calls.map((c) => c[0])).toEqual([
      { modelId: model.id, name: ' ', notes: model.notes },
      { modelId: model.id, name: 'baseline', notes: '' },
    ]);
    expect(screen.queryByTestId('model-editor')).toBeNull();
  });

  it('Escape closes the editor without a call', () => {
    const editModel = vi.fn();
    desktop.editModel = editModel;
    list();
    fireEvent.click(screen.getByTestId('model-edit'));
    fireEvent.keyDown(screen.getByTestId('model-edit-name'), { key: 'Escape' });
    expect(screen.queryByTestId('model-editor')).toBeNull();
    expect(editModel).not.toHaveBeenCalled();
  });
});
