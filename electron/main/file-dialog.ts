// The window's file picker on the desktop: Electron's open dialog over the main window, answered with a one-use token
// for the chosen path (picked-paths.ts) and its name and size, never with the path itself.
import { statSync } from 'node:fs';
import { basename } from 'node:path';
import { dialog, type BrowserWindow, type OpenDialogOptions, type OpenDialogReturnValue } from 'electron';
import type { ApiResult } from '../api/errors';
import type { PickedPath } from '../api/file-picker';
import type { PickedPaths } from './picked-paths';

export type ShowOpenDialog = (window: BrowserWindow, options: OpenDialogOptions) => Promise<OpenDialogReturnValue>;

const dialogOptions = {
  file: {
    title: 'Choose a file to import',
    properties: ['openFile'],
    filters: [
      { name: 'Preference data', extensions: ['jsonl', 'ndjson', 'json', 'txt', 'gz', 'parquet'] },
      { name: 'All files', extensions: ['*'] },
    ],
  },
  folder: { title: 'Choose a folder', properties: ['openDirectory'] },
} satisfies Record<string, OpenDialogOptions>;

/** Shows the dialog for a file or a folder; null when the person cancels. */
export async function pickPath(
  kind: unknown,
  window: BrowserWindow,
  picked: PickedPaths,
  show: ShowOpenDialog = (w, options) => dialog.showOpenDialog(w, options),
): Promise<ApiResult<PickedPath | null>> {
  if (kind !== 'file' && kind !== 'folder') {
    return { ok: false, error: { code: 'INVALID_PARAMS', message: `pickPath: kind: expected "file" or "folder", got ${JSON.stringify(kind) ?? 'nothing'}` } };
  }
  const chosen = await show(window, dialogOptions[kind]);
  const path = chosen.canceled ? undefined : chosen.filePaths[0];
  if (path === undefined) return { ok: true, value: null };
  let bytes = 0;
  try {
    if (kind === 'file') bytes = statSync(path).size;
  } catch (error) {
    return { ok: false, error: { code: 'NOT_FOUND', message: `${path}: ${error instanceof Error ? error.message : String(error)}` } };
  }
  return { ok: true, value: { token: picked.grant(path), name: basename(path), bytes } };
}
