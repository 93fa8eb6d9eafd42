// The Data page's import form with "Mapped columns": the preview of the chosen file fills the role selects and the label
// values editor, and submitting sends the mapping — on the desktop (a picked file's token, previewed without using it
// up) and in a browser (an upload, previewed from its first bytes through the real contract).
// @vitest-environment jsdom
import { cleanup, fireEvent, render, screen, waitFor, within } from '@testing-library/react';
import { createElement } from 'react';
import { afterEach, describe, expect, it, vi } from 'vitest';
import { ImportPanel } from '../../renderer/src/pages/data/ImportPanel';
import { randomBytes } from 'node:crypto';
import { useService } from '../helpers/api';
import { parquetFile, type ParquetColumn } from '../helpers/parquet';
import { jsonl } from '../helpers/store';
import { answerPageUploads } from '../helpers/uploads';

const s = useService();

const rows = [
  { prompt: 'What is 2+2?', 'response 1': '4', 'response 2': '5', label: 0 },
  { prompt: 'Capital of France?', 'response 1': 'Lyon', 'response 2': 'Paris', label: 1 },
  { prompt: 'Say hi', 'response 1': 'hi', 'response 2': 'hello', label: 2 },
];

// getClient keeps the first window.rung it finds, so each test swaps the methods on one stub.
const api: Record<string, unknown> = {};
const win = window as unknown as { rung?: unknown; rungEvents?: unknown; rungFiles?: unknown };
win.rung = api;
win.rungEvents = { subscribe: () => () => undefined };
answerPageUploads();
afterEach(() => {
  cleanup();
  delete win.rungFiles;
});

const token = 'ab'.repeat(32);
const preview = {
  fileName: 'pairs.jsonl',
  fields: ['prompt', 'response 1', 'response 2', 'label'],
  records: rows.map((r, i) => ({ line: i + 1, cells: [{ text: r.prompt, value: r.prompt }, { text: r['response 1'], value: r['response 1'] }, { text: r['response 2'], value: r['response 2'] }, { text: String(r.label), value: r.label }] })),
};
const choose = (testId: string, value: string) => fireEvent.change(screen.getByTestId(testId), { target: { value } });
const options = (testId: string) => within(screen.getByTestId(testId)).getAllByRole('option').map((o) => (o as HTMLOptionElement).value);

describe('the import form, Mapped columns', () => {
  it('on the desktop: previews the picked file, fills the selects from its fields, and sends the mapping with the token', async () => {
    win.rungFiles = { pick: vi.fn().mockResolvedValue({ ok: true, value: { token, name: 'pairs.jsonl', bytes: 300 } }) };
    const previewImport = vi.fn().mockResolvedValue({ ok: true, value: preview });
    const importDataset = vi.fn().mockResolvedValue({
      ok: true,
      value: { datasetId: '00000000-0000-8000-8000-000000000001', name: 'pairs', format: 'mapped', alreadyImported: false, records: 3, recordsSkipped: 0, comparisonsAdded: 3, comparisonsExisting: 0, judgmentsAdded: 3, evaluatorsAdded: 1, warnings: [] },
    });
    Object.assign(api, { previewImport, importDataset });
    render(createElement(ImportPanel, { onImported: () => undefined }));
    expect(options('import-format')).toContain('mapped');
    expect(screen.getByRole('option', { name: 'Mapped columns' })).toBeTruthy();
    choose('import-format', 'mapped');
    fireEvent.click(screen.getByTestId('import-choose'));
    await screen.findByTestId('mapping-preview');
    expect(previewImport).toHaveBeenCalledWith({ source: { kind: 'picked', token }, records: 5 });
    // the preview: its fields as columns, the first records' values as rows
    const table = screen.getByTestId('mapping-preview');
    expect(within(table).getAllByRole('columnheader').map((h) => h.textContent)).toEqual(['Line', 'prompt', 'response 1', 'response 2', 'label']);
    expect(within(table).getByText('Capital of France?')).toBeTruthy();
    for (const role of ['prompt', 'a', 'b', 'label']) expect(options(`mapping-${role}`)).toEqual(['', 'prompt', 'response 1', 'response 2', 'label']);

    const submit = screen.getByTestId('import-submit') as HTMLButtonElement;
    expect(submit.disabled).toBe(true); // nothing mapped yet
    choose('mapping-prompt', 'prompt');
    choose('mapping-a', 'response 1');
    choose('mapping-b', 'response 2');
    await waitFor(() => expect(submit.disabled).toBe(false)); // without a label: unjudged comparisons
    choose('mapping-label', 'label');
    // one select per distinct label value the preview shows
    const values = screen.getByTestId('mapping-values');
    expect(within(values).getAllByRole('combobox')).toHaveLength(3);
    expect(within(values).getByText('0')).toBeTruthy();
    await waitFor(() => expect(submit.disabled).toBe(true)); // each value must mean A, B or tie
    expect(options('mapping-value-0')).toEqual(['', 'A', 'B', 'tie']);
    choose('mapping-value-0', 'A');
    choose('mapping-value-1', 'B');
    await waitFor(() => expect(submit.disabled).toBe(true));
    choose('mapping-value-2', 'tie');
    await waitFor(() => expect(submit.disabled).toBe(false));
    fireEvent.click(submit);
    await screen.findByText('Comparisons added');
    expect(importDataset).toHaveBeenCalledWith({
      source: { kind: 'picked', token },
      format: 'mapped',
      progressId: expect.any(String),
      mapping: {
        prompt: 'prompt',
        a: 'response 1',
        b: 'response 2',
        label: 'label',
        labelValues: [{ value: 0, choice: 'A' }, { value: 1, choice: 'B' }, { value: 2, choice: 'tie' }],
      },
    });
  });

  it("shows the preview's refusal (a file that is not JSONL)", async () => {
    win.rungFiles = { pick: vi.fn().mockResolvedValue({ ok: true, value: { token, name: 'notes.txt', bytes: 30 } }) };
    api.previewImport = vi.fn().mockResolvedValue({ ok: false, error: { code: 'BAD_INPUT', message: "notes.txt:1: invalid JSON: unexpected 'j' at column 1" } });
    render(createElement(ImportPanel, { onImported: () => undefined }));
    choose('import-format', 'mapped');
    fireEvent.click(screen.getByTestId('import-choose'));
    expect((await screen.findByTestId('mapping-error')).textContent).toContain("notes.txt:1: invalid JSON: unexpected 'j' at column 1");
    expect((screen.getByTestId('import-submit') as HTMLButtonElement).disabled).toBe(true);
  });

  it('in a browser: previews the upload through the contract and imports it with the mapping, winners and ties as mapped', async () => {
    Object.assign(api, { previewImport: (params: unknown) => s.call('previewImport', params), importDataset: (params: unknown) => s.call('importDataset', params) });
    render(createElement(ImportPanel, { onImported: () => undefined }));
    choose('import-format', 'mapped');
    const file = new File([jsonl(rows)], 'pairs.jsonl', { type: 'application/x-ndjson' });
    fireEvent.change(screen.getByTestId('import-file'), { target: { files: [file] } });
    await screen.findByTestId('mapping-preview');
    choose('mapping-prompt', 'prompt');
    choose('mapping-a', 'response 1');
    choose('mapping-b', 'response 2');
    choose('mapping-label', 'label');
    choose('mapping-value-0', 'A');
    choose('mapping-value-1', 'B');
    choose('mapping-value-2', 'tie');
    const submit = screen.getByTestId('import-submit') as HTMLButtonElement;
    await waitFor(() => expect(submit.disabled).toBe(false));
    fireEvent.click(submit);
    await waitFor(() => expect(screen.queryByTestId('import-error')).toBeNull());
    await waitFor(() => expect((s.t.store.db.prepare('SELECT COUNT(*) AS n FROM judgments').get() as { n: number }).n).toBe(3));
    const choices = s.t.store.db
      .prepare('SELECT ra.text AS a, j.choice FROM judgments j JOIN comparisons c ON c.id = j.comparison_id JOIN responses ra ON ra.id = c.response_a_id ORDER BY ra.text')
      .all();
    expect(choices).toEqual([{ a: '4', choice: 'A' }, { a: 'Lyon', choice: 'B' }, { a: 'hi', choice: 'tie' }]);
    expect((await s.value('listDatasets'))[0]).toMatchObject({ format: 'mapped' });
  });

  it('in a browser: previews a Parquet file sent whole (rows, not lines) and imports it; a larger one is refused, saying why', async () => {
    Object.assign(api, { previewImport: (params: unknown) => s.call('previewImport', params), importDataset: (params: unknown) => s.call('importDataset', params) });
    const columns: ParquetColumn[] = [
      { name: 'prompt', kind: 'text' },
      { name: 'response 1', kind: 'text' },
      { name: 'response 2', kind: 'text' },
      { name: 'label', kind: 'int64' },
    ];
    render(createElement(ImportPanel, { onImported: () => undefined }));
    choose('import-format', 'mapped');
    const small = new File([parquetFile(columns, rows)], 'pairs.parquet');
    fireEvent.change(screen.getByTestId('import-file'), { target: { files: [small] } });
    const table = await screen.findByTestId('mapping-preview');
    expect(within(table).getAllByRole('columnheader').map((h) => h.textContent)).toEqual(['Row', 'prompt', 'response 1', 'response 2', 'label']);
    choose('mapping-prompt', 'prompt');
    choose('mapping-a', 'response 1');
    choose('mapping-b', 'response 2');
    choose('mapping-label', 'label');
    choose('mapping-value-0', 'A');
    choose('mapping-value-1', 'B');
    choose('mapping-value-2', 'tie');
    const submit = screen.getByTestId('import-submit') as HTMLButtonElement;
    await waitFor(() => expect(submit.disabled).toBe(false));
    fireEvent.click(submit);
    await waitFor(() => expect((s.t.store.db.prepare('SELECT COUNT(*) AS n FROM judgments').get() as { n: number }).n).toBe(3));

    // over 512 KiB: its footer is past what a browser sends for a preview
    const large = parquetFile(columns, Array.from({ length: 400 }, (_, i) => ({ prompt: `p${i}`, 'response 1': randomBytes(1000).toString('hex'), 'response 2': 'b', label: 0 })));
    expect(large.length).toBeGreaterThan(512 * 1024);
    fireEvent.change(screen.getByTestId('import-file'), { target: { files: [new File([large], 'large.parquet')] } });
    expect((await screen.findByTestId('mapping-error')).textContent).toContain(
      'large.parquet: a Parquet file keeps its footer at its end, so only a whole file can be previewed, not its first 512 KiB; use the desktop app or `rung import FILE --format mapped …`',
    );
  });
});
