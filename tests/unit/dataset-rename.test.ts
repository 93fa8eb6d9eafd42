// Renaming a dataset: through the contract (audited, refusals exact, nothing changed on refusal), from the Data page's
// table (an inline field that shows the refusal), and from `rung dataset rename` (the same refusal as the contract's).
// @vitest-environment jsdom
import { cleanup, fireEvent, render, screen, waitFor } from '@testing-library/react';
import { createElement } from 'react';
import { afterEach, describe, expect, it, vi } from 'vitest';
import { DatasetName } from '../../renderer/src/pages/data/DatasetName';
import { useService } from '../helpers/api';
import { uploadSource } from '../helpers/store';

const s = useService();
const { call, value } = s;

async function importNamed(name: string): Promise<string> {
  return (await value('importDataset', { source: uploadSource(`${name}.jsonl`, [{ prompt: `${name} p`, response_a: 'a', response_b: 'b' }]), format: 'rung' })).datasetId;
}
const audit = () => s.t.store.db.prepare(`SELECT actor, action, entity_id AS entityId, details FROM audit_log WHERE entity = 'dataset' AND action = 'rename'`).all();

describe('renameDataset', () => {
  it('renames, returns the dataset as listed, and records both names in the audit log', async () => {
    const id = await importNamed('first');
    const renamed = await value('renameDataset', { datasetId: id, name: '  Maths, hard  ' });
    expect(renamed).toMatchObject({ id, name: 'Maths, hard', fileName: 'first.jsonl', comparisons: 1 });
    expect((await value('listDatasets'))[0].name).toBe('Maths, hard');
    expect(audit()).toEqual([{ actor: 'local user', action: 'rename', entityId: id, details: JSON.stringify({ from: 'first', to: 'Maths, hard' }) }]);
    // The same name again changes nothing and records nothing.
    await value('renameDataset', { datasetId: id, name: 'Maths, hard' });
    expect(audit()).toHaveLength(1);
  });

  it('refuses a name another dataset has, an empty name and an unknown dataset, changing nothing', async () => {
    const first = await importNamed('first');
    await importNamed('second');
    expect(await call('renameDataset', { datasetId: first, name: 'second' })).toMatchObject({ ok: false, error: { code: 'CONFLICT', message: 'another dataset is named second' } });
    expect(await call('renameDataset', { datasetId: first, name: '   ' })).toMatchObject({ ok: false, error: { code: 'INVALID_PARAMS' } });
    expect(await call('renameDataset', { datasetId: first, name: 'x'.repeat(201) })).toMatchObject({ ok: false, error: { code: 'INVALID_PARAMS' } });
    const unknown = '0123abcd-0000-4000-8000-000000000000';
    expect(await call('renameDataset', { datasetId: unknown, name: 'x' })).toMatchObject({ ok: false, error: { code: 'NOT_FOUND', message: `no dataset with id ${unknown}` } });
    expect((await value('listDatasets')).map((d: { name: string }) => d.name).sort()).toEqual(['first', 'second']);
    expect(audit()).toEqual([]);
  });
});

describe("the Data page's rename", () => {
  const dataset = {
    id: '00000000-0000-8000-8000-000000000001', name: 'prefs', format: 'trl' as const, fileName: 'prefs.jsonl', contentHash: 'h',
    comparisons: 3, judgments: 0, appVerdicts: 0, importedAt: '2026-12-06T10:00:00.000Z', complete: true,
  };
  // getClient keeps the first window.rung it finds, so each test swaps the method on one stub.
  const desktop: { renameDataset?: unknown } = {};
  (window as { rung?: unknown }).rung = desktop;
  afterEach(cleanup);

  it('saves the typed name with Enter and tells the table; shows a refusal beside the field and keeps it open', async () => {
    const renameDataset = vi
      .fn()
      .mockResolvedValueOnce({ ok: false, error: { code: 'CONFLICT', message: 'another dataset is named other' } })
      .mockResolvedValueOnce({ ok: true, value: { ...dataset, name: 'maths' } });
    desktop.renameDataset = renameDataset;
    const onRenamed = vi.fn();
    render(createElement(DatasetName, { dataset, onRenamed }));
    fireEvent.click(screen.getByRole('button', { name: 'Rename prefs' }));
    const field = screen.getByRole('textbox', { name: 'New name for prefs' });
    fireEvent.change(field, { target: { value: 'other' } });
    fireEvent.submit(field);
    expect(await screen.findByRole('alert')).toHaveProperty('textContent', 'another dataset is named other');
    expect(onRenamed).not.toHaveBeenCalled();
    fireEvent.change(field, { target: { value: 'maths' } });
    fireEvent.submit(field);
    await waitFor(() => expect(onRenamed).toHaveBeenCalledTimes(1));
    expect(renameDataset.mock.calls.map((c) => c[0])).toEqual([
      { datasetId: dataset.id, name: 'other' },
      { datasetId: dataset.id, name: 'maths' },
    ]);
    expect(screen.queryByRole('textbox')).toBeNull();
  });

  it('Escape leaves the name as it was without a call', () => {
    const renameDataset = vi.fn();
    desktop.renameDataset = renameDataset;
    render(createElement(DatasetName, { dataset, onRenamed: () => undefined }));
    fireEvent.click(screen.getByRole('button', { name: 'Rename prefs' }));
    fireEvent.keyDown(screen.getByRole('textbox'), { key: 'Escape' });
    expect(screen.queryByRole('textbox')).toBeNull();
    expect(screen.getByText('prefs')).toBeTruthy();
    expect(renameDataset).not.toHaveBeenCalled();
  });
});
