// The import form's progress line while the server imports (getImportProgress, polled by ImportPanel).
import { describe, expect, it } from 'vitest';
import { importProgressText } from '../../renderer/src/pages/data/import-progress';

describe('import progress text', () => {
  it('says importing before the first report, then records read and the share of the file, then writing', () => {
    expect(importProgressText(null)).toBe('Importing…');
    expect(importProgressText({ phase: 'reading', records: 120_000, bytes: 31_000_000, totalBytes: 48_500_000 })).toBe('Importing… 120,000 records read (63% of the file)');
    expect(importProgressText({ phase: 'reading', records: 5, bytes: 10, totalBytes: 0 })).toBe('Importing… 5 records read');
    expect(importProgressText({ phase: 'writing', records: 200_000, bytes: 48_500_000, totalBytes: 48_500_000 })).toBe('Writing 200,000 records to the database…');
  });
});
