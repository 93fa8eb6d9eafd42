// Importing a dataset, then running the checks on what it added: from a file path or an uploaded file's content.
// The one import that the Data page, the desktop app and `rung import` all start.
import { MAX_UPLOAD_BASE64, type ImportFormat, type ParsedParams } from '../../api/contract';
import { RungError } from '../../api/errors';
import type { ColumnMapping } from '../../api/import-mapping';
import { checkAfterImport } from '../checks/triggers';
import { importDataset, type ImportProgress, type ImportSummary } from '../datasets/import';
import type { ImportInput } from '../datasets/source';
import type { Store } from '../store';

const BASE64 = /^[A-Za-z0-9+/]*={0,2}$/;

function decodeUpload(fileName: string, contentBase64: string): Buffer {
  if (contentBase64.length > MAX_UPLOAD_BASE64) throw new RungError('BAD_INPUT', `${fileName}: file too large to upload; import it with \`rung import\``);
  if (contentBase64.length % 4 !== 0 || !BASE64.test(contentBase64)) throw new RungError('BAD_INPUT', `${fileName}: upload is not valid base64`);
  return Buffer.from(contentBase64, 'base64');
}

/** What an import reads: the file at a path, or the decoded bytes of an upload (refused when not valid base64). */
export function importInputOf(source: ParsedParams<'importDataset'>['source'] | ParsedParams<'previewImport'>['source']): ImportInput {
  switch (source.kind) {
    case 'path':
      return { path: source.path };
    case 'upload':
      return { fileName: source.fileName, bytes: decodeUpload(source.fileName, source.contentBase64) };
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
