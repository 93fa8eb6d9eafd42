// The Data page's Delete of a dataset: the confirmation dialog says the plan in words, keeps Delete disabled until
// "Also delete the N verdicts…" is ticked when others judged its comparisons, shows a refusal in the dialog, closes
// and tells the table after a deletion, and Escape leaves the dataset without a call.
// @vitest-environment jsdom
import { cleanup, fireEvent, render, screen, waitFor } from '@testing-library/react';
import { createElement } from 'react';
import { afterEach, describe, expect, it, vi } from 'vitest';
import { DatasetDeleteButton } from '../../renderer/src/pages/data/DatasetDelete';

const dataset = {
  id: '00000000-0000-8000-8000-000000000001', name: 'prefs', format: 'trl' as const, fileName: 'prefs.jsonl', contentHash: 'h',
  comparisons: 3, judgments: 2, appVerdicts: 2, importedAt: '2026-12-06T10:00:00.000Z', complete: true,
};
const plan = {
  datasetId: dataset.id, name: 'prefs', fileName: 'prefs.jsonl', comparisons: 2, importedJudgments: 2, otherVerdicts: 3, otherEvaluators: 2,
  keptComparisons: 1, flags: 1, runs: [{ id: '00000000-0000-8000-8000-000000000002', name: 'Study', comparisons: 2 }],
};
const removed = { comparisons: 2, judgments: 5, keptComparisons: 1, flags: 1, prompts: 2, responses: 4 };

// getClient keeps the first window.rung it finds, so each test swaps the methods on one stub.
const desktop: { datasetDeletionPlan?: unknown; deleteDataset?: unknown } = {};
(window as { rung?: unknown }).rung = desktop;
afterEach(cleanup);

const confirm = () => screen.getByTestId('dataset-delete-confirm') as HTMLButtonElement;

describe("the Data page's delete", () => {
  it('shows the plan, keeps Delete disabled until the verdicts are ticked, shows a refusal, then deletes and tells the table', async () => {
    desktop.datasetDeletionPlan = vi.fn().mockResolvedValue({ ok: true, value: plan });
    const deleteDataset = vi
      .fn()
      .mockResolvedValueOnce({ ok: false, error: { code: 'BUSY', message: 'deleteDataset: the database stayed busy for 30 s' } })
      .mockResolvedValueOnce({ ok: true, value: removed });
    desktop.deleteDataset = deleteDataset;
    const onDeleted = vi.fn();
    render(createElement(DatasetDeleteButton, { dataset, onDeleted }));
    fireEvent.click(screen.getByRole('button', { name: 'Delete prefs' }));
    const words = await screen.findByTestId('dataset-delete-plan');
    expect([...words.querySelectorAll('li')].map((li) => li.textContent)).toEqual([
      '2 comparisons only this dataset holds go, with 1 flag on them.',
      '2 judgments the file brought go.',
      '1 comparison other datasets also hold stays with them.',
      'Run Study loses 2 comparisons.',
      '3 verdicts by 2 evaluators not imported with it sit on the comparisons that go.',
    ]);
    expect(confirm().disabled).toBe(true);
    fireEvent.click(screen.getByRole('checkbox', { name: 'Also delete the 3 verdicts given on its comparisons' }));
    expect(confirm().disabled).toBe(false);
    fireEvent.click(confirm());
    expect((await screen.findByTestId('dataset-delete-error')).textContent).toContain('deleteDataset: the database stayed busy for 30 s');
    expect(onDeleted).not.toHaveBeenCalled();
    fireEvent.click(confirm());
    await waitFor(() => expect(onDeleted).toHaveBeenCalledTimes(1));
    expect(deleteDataset.mock.calls.map((c) => c[0])).toEqual([
      { datasetId: dataset.id, withJudgments: true },
      { datasetId: dataset.id, withJudgments: true },
    ]);
    expect(screen.queryByRole('dialog')).toBeNull();
  });

  it('asks nothing more when no one judged its comparisons; Escape closes without deleting', async () => {
    desktop.datasetDeletionPlan = vi.fn().mockResolvedValue({ ok: true, value: { ...plan, otherVerdicts: 0, otherEvaluators: 0, runs: [] } });
    const deleteDataset = vi.fn();
    desktop.deleteDataset = deleteDataset;
    render(createElement(DatasetDeleteButton, { dataset, onDeleted: () => undefined }));
    fireEvent.click(screen.getByRole('button', { name: 'Delete prefs' }));
    await screen.findByTestId('dataset-delete-plan');
    expect(screen.queryByRole('checkbox')).toBeNull();
    expect(confirm().disabled).toBe(false);
    fireEvent.keyDown(screen.getByRole('dialog'), { key: 'Escape' });
    expect(screen.queryByRole('dialog')).toBeNull();
    expect(deleteDataset).not.toHaveBeenCalled();
  });
});
