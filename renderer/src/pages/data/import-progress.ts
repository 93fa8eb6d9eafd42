// What the import form says while the server imports: records read and the share of the file, then the writing phase
// (with the records written so far).
import type { Result } from '../../../../electron/api/contract';
import { writtenShare } from '../../../../electron/api/import-progress';

export type ImportProgress = Result<'getImportProgress'>;

export function importProgressText(progress: ImportProgress): string {
  if (!progress) return 'Importing…';
  const records = progress.records.toLocaleString('en-US');
  if (progress.phase === 'writing') return `Writing ${records} records to the database…${writtenShare(progress)}`;
  const share = progress.totalBytes > 0 ? ` (${Math.floor((100 * progress.bytes) / progress.totalBytes)}% of the file)` : '';
  return `Importing… ${records} records read${share}`;
}
