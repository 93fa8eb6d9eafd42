// Refuses an import that cannot fit on the disk before anything is written: the staging copy (in the temp folder) and
// the database each grow by about GROWTH × the file's uncompressed size, and each folder's disk must have that free.
import { statfsSync } from 'node:fs';
import { RungError } from '../../api/errors';

/** Bytes free to this user on the disk holding `dir`. */
export type FreeBytes = (dir: string) => number;

export const statfsFreeBytes: FreeBytes = (dir) => {
  const info = statfsSync(dir);
  return info.bavail * info.bsize;
};

/** A staged or stored record takes about this many times its JSON (texts, content ids, indexes). */
const GROWTH = 2;

const megabytes = (bytes: number): string => (bytes / 1e6).toFixed(1);

/** Throws BAD_INPUT naming the first place without room for a file of `uncompressedBytes`; a disk that cannot be asked is not checked. */
export function ensureRoomForImport(file: string, uncompressedBytes: number, places: { dir: string; what: string }[], freeBytes: FreeBytes = statfsFreeBytes): void {
  const needed = GROWTH * uncompressedBytes;
  for (const { dir, what } of places) {
    let free: number;
    try {
      free = freeBytes(dir);
    } catch {
      continue;
    }
    if (free < needed) {
      throw new RungError('BAD_INPUT', `${file}: not enough free disk space to import it: about ${megabytes(needed)} MB needed in ${dir} (${what}), ${megabytes(free)} MB free`);
    }
  }
}
