// Importing a dataset, then running the checks on what it added: from a file path or a browser's upload.
// The one import that the Data page, the desktop app and `rung import` all start.
import type { ImportFormat, ParsedParams } from '../../api/contract';
import { RungError } from '../../api/errors';
import type { ColumnMapping } from '../../api/import-mapping';
import { checkAfterImport } from '../checks/triggers';
import { importDataset, type ImportProgress, type ImportSummary } from '../datasets/import';
import type { ImportInput } from '../datasets/source';
import type { Store } from '../store';
import { withUpload } from '../uploads';

/** Runs `use` on what an import reads: the file at a path, or an upload taken for this call (removed after it; named by its own name). */
export async function withImportInput<T>(
  source: ParsedParams<'importDataset'>['source'] | ParsedParams<'previewImport'>['source'],
  use: (input: ImportInput) => Promise<T>,
): Promise<T> {
  switch (source.kind) {
    case 'path':
      return use({ path: source.path });
    case 'upload':
      return withUpload(source, (path) => use({ path, name: source.name }));
    case 'picked':
      // The desktop app's main process turns a picked file's token into its path; dispatch refuses one that was not.
      throw new RungError('FORBIDDEN', 'importDataset: a picked file reaches the domain only as the path the desktop app resolved');
  }
}

export interface ImportAndCheckOptions {
  format: ImportFormat | 'auto';
  /** With format mapped: the fields of the prompt, the responses and the label. */
  mapping?: ColumnMapping;
  /** Who imports, for the audit log (the import's default when absent; the checks then run as "app"). */
  actor?: string;
  onProgress?: (progress: ImportProgress) => void;
}

/** Imports, then runs the checks when the import added something (their failures become the summary's warnings). */
export async function importAndCheck(store: Store, input: ImportInput, options: ImportAndCheckOptions): Promise<ImportSummary> {
  const summary = await importDataset(store, input, { format: options.format, mapping: options.mapping, actor: options.actor, onProgress: options.onProgress });
  return checkAfterImport(store, summary, options.actor ?? 'app');
}
