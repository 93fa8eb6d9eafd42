// Browser uploads where the domain meets them: this process's upload folder (the HTTP server writes each upload there
// as it arrives; the domain's threads share the process), and an upload taken by the one call that uses it, then removed.
import { lstatSync, mkdirSync, renameSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { basename, join } from 'node:path';
import { RungError } from '../api/errors';
import { UPLOAD_LIFETIME_MS } from '../api/upload';

/** The folders' names in the temp folder: one per process, by its pid. */
export const UPLOAD_FOLDER_PREFIX = 'rung-uploads-';

/** A process's upload folder (this one's by default). */
export const uploadFolder = (pid: number = process.pid): string => join(tmpdir(), `${UPLOAD_FOLDER_PREFIX}${pid}`);

/** This process's upload folder, made (0700) when missing; refused unless it is a folder of this user's, closed to others. */
export function ensureUploadFolder(): string {
  const folder = uploadFolder();
  mkdirSync(folder, { recursive: true, mode: 0o700 });
  const info = lstatSync(folder);
  const ours = process.platform === 'win32' || (info.uid === process.getuid?.() && (info.mode & 0o077) === 0);
  if (!info.isDirectory() || !ours) throw new Error(`${folder}: the upload folder is not a private folder of this user's; remove it and start again`);
  return folder;
}

/** What a call reads an upload's bytes from; remove() once done (the upload is used up). */
export interface TakenUpload {
  path: string;
  remove: () => void;
}

/** Takes an upload for one call: renamed aside, so no other call can take it too; refused when unknown, used or expired. */
export function takeUpload(source: { uploadId: string; name: string }): TakenUpload {
  const waiting = join(uploadFolder(), source.uploadId);
  const path = `${waiting}.taken`;
  try {
    renameSync(waiting, path);
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code !== 'ENOENT') throw error;
    throw new RungError(
      'NOT_FOUND',
      `${basename(source.name)}: no upload ${source.uploadId} here: it was used already, or not used within ${UPLOAD_LIFETIME_MS / 60_000} minutes, or sent to another server; send the file again`,
    );
  }
  return { path, remove: () => rmSync(path, { force: true }) };
}

/** Runs `use` on the path of an upload taken for it, and removes the upload after, whatever happened. */
export async function withUpload<T>(source: { uploadId: string; name: string }, use: (path: string) => T | Promise<T>): Promise<T> {
  const taken = takeUpload(source);
  try {
    return await use(taken.path);
  } finally {
    taken.remove();
  }
}
