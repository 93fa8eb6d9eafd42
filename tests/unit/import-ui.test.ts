// The import form: its file choice (the desktop app's dialog, or a browser's upload), its progress line while the
// server imports, the summary after, and the table of datasets (one whose copy has not finished is marked).
import { createElement } from 'react';
import { renderToStaticMarkup } from 'react-dom/server';
import { afterEach, describe, expect, it, vi } from 'vitest';
import { ImportPanel } from '../../renderer/src/pages/data/ImportPanel';
import { importProgressText } from '../../renderer/src/pages/data/import-progress';
import { DatasetsTable } from '../../renderer/src/pages/data/DatasetsTable';
import { ImportSummaryView } from '../../renderer/src/pages/data/ImportSummaryView';

describe('import progress text', () => {
  it('says importing before the first report, then records read and the share of the file, then writing', () => {
    expect(importProgressText(null)).toBe('Importing…');
    expect(importProgressText({ phase: 'reading', records: 120_000, bytes: 31_000_000, totalBytes: 48_500_000 })).toBe('Importing… 120,000 records read (63% of the file)');
    expect(importProgressText({ phase: 'reading', records: 5, bytes: 10, totalBytes: 0 })).toBe('Importing… 5 records read');
    expect(importProgressText({ phase: 'writing', records: 200_000, bytes: 48_500_000, totalBytes: 48_500_000 })).toBe('Writing 200,000 records to the database…');
    expect(importProgressText({ phase: 'writing', records: 200_000, bytes: 48_500_000, totalBytes: 48_500_000, written: 50_000 })).toBe(
      'Writing 200,000 records to the database… 50,000 written (25%)',
    );
  });
});

describe('import summary', () => {
  const summary = {
    datasetId: '00000000-0000-8000-8000-000000000000', name: 'prefs', format: 'trl' as const, alreadyImported: false,
    records: 3, recordsSkipped: 1, comparisonsAdded: 2, comparisonsExisting: 0, judgmentsAdded: 2, evaluatorsAdded: 1,
    warnings: ['prefs.jsonl:2: rejected: the same text as chosen: nothing to compare; record skipped'],
  };
  const html = (s: typeof summary) => renderToStaticMarkup(createElement(ImportSummaryView, { fileName: 'prefs.jsonl', summary: s }));

  it('shows the records skipped, next to the warning that names each, only when there are some', () => {
    const shown = html(summary);
    expect(shown).toMatch(/<dt>Records skipped \(see warnings\)<\/dt><dd data-testid="import-records-skipped">1<\/dd>/);
    expect(shown).toContain('prefs.jsonl:2: rejected: the same text as chosen');
    expect(html({ ...summary, recordsSkipped: 0, warnings: [] })).not.toContain('import-records-skipped');
  });
});

describe('choosing the file', () => {
  const form = () => renderToStaticMarkup(createElement(ImportPanel, { onImported: () => undefined }));
  afterEach(() => vi.unstubAllGlobals());

  it("offers the desktop app's own dialog (no upload field) when the app provides one", () => {
    vi.stubGlobal('window', { rungFiles: { pick: vi.fn() } });
    const html = form();
    expect(html).toContain('data-testid="import-choose"');
    expect(html).toContain('No file chosen');
    expect(html).not.toContain('type="file"');
  });

  it('offers an upload field in a browser', () => {
    vi.stubGlobal('window', {});
    const html = form();
    expect(html).toContain('type="file"');
    expect(html).not.toContain('import-choose');
  });
});

describe('datasets table', () => {
  const dataset = {
    id: '00000000-0000-8000-8000-000000000001', name: 'prefs', format: 'trl' as const, fileName: 'prefs.jsonl', contentHash: 'h',
    comparisons: 3, judgments: 0, appVerdicts: 27, importedAt: '2026-12-06T10:00:00.000Z', complete: true,
  };
  const html = (complete: boolean) =>
    renderToStaticMarkup(createElement(DatasetsTable, { datasets: [{ ...dataset, complete }], error: undefined, onRetry: () => undefined, onChanged: () => undefined }));

  it('counts the verdicts given in Rung beside the judgments the file brought', () => {
    const shown = html(true);
    expect(shown).toContain('Imported judgments');
    expect(shown).toContain('Verdicts in Rung');
    expect(shown).toMatch(/data-testid="dataset-app-verdicts">27</);
  });

  it('marks a dataset whose copy has not finished, and says how to finish it', () => {
    expect(html(true)).not.toContain('dataset-incomplete');
    const shown = html(false);
    expect(shown).toMatch(/data-testid="dataset-incomplete"[^>]*>copy not finished</);
    expect(shown).toContain('import prefs.jsonl again to finish it');
  });
});
