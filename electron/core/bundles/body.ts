// A verified bundle's body, read a second time: streamed through gunzip into a private temp file while the whole file is
// hashed again (a file replaced or written to since verifyBundleFile is refused), then handed out one record at a time,
// synchronously. Why a temp file: the merge runs inside a better-sqlite3 transaction, which is synchronous, and Node's
// zlib has no documented synchronous incremental gunzip (gunzipSync takes the whole input; inflateSync per chunk cannot
// continue a stream). Decompressing first, outside the transaction, keeps memory flat over the body's size; the records
// are then read from the temp file in fixed-size chunks (chunks.ts).
import { createHash } from 'node:crypto';
import { createReadStream, createWriteStream } from 'node:fs';
import { join } from 'node:path';
import { Transform } from 'node:stream';
import { pipeline } from 'node:stream/promises';
import { createGunzip } from 'node:zlib';
import { makeStagingDir, removeStagingDir } from '../db/staging-dirs';
import { fileLines, hashFile } from './chunks';
import { parseRecord, refuse, type BundleRecord, type VerifiedBundle } from './format';

export type NumberedRecords = Iterable<{ n: number; record: BundleRecord }>;

const refuseChanged = (bundle: VerifiedBundle): never =>
  refuse(bundle.fileName, 'the file changed after it was verified (replaced or written to while it was being imported); choose it again once nothing is writing it');

function changedSince(bundle: VerifiedBundle): boolean {
  try {
    return hashFile(bundle.path) !== bundle.sha256;
  } catch {
    return true; // gone or unreadable: not the file that was verified
  }
}

/** Decompresses the body of the bundle's file into `to`, hashing the file again on the way; refuses when it changed. */
async function inflate(bundle: VerifiedBundle, to: string): Promise<void> {
  const whole = createHash('sha256');
  let position = 0;
  const body = new Transform({
    transform(chunk: Buffer, _encoding, done) {
      whole.update(chunk);
      const skip = Math.max(0, bundle.bodyOffset - position);
      position += chunk.length;
      done(null, skip < chunk.length ? chunk.subarray(skip) : undefined);
    },
  });
  try {
    await pipeline(createReadStream(bundle.path), body, createGunzip(), createWriteStream(to));
  } catch (error) {
    if (changedSince(bundle)) refuseChanged(bundle);
    if (String((error as NodeJS.ErrnoException).code).startsWith('Z_')) refuse(bundle.fileName, `its content does not decompress (${(error as Error).message})`);
    throw error;
  }
  if (whole.digest('hex') !== bundle.sha256) refuseChanged(bundle);
}

/** The records of a decompressed body file in order, each with its number (from 1); a malformed one is refused. */
function* bodyRecords(fileName: string, path: string): Generator<{ n: number; record: BundleRecord }> {
  let n = 0;
  for (const line of fileLines(path)) {
    n++;
    yield { n, record: parseRecord(fileName, n, line) };
  }
}

/** Runs `use` (synchronous: it may hold a transaction) on the body's records; the temp copy (in an import staging
 *  folder, swept at the next start when a killed process leaves it) is removed after. */
export async function withBundleRecords<T>(bundle: VerifiedBundle, use: (records: NumberedRecords) => T): Promise<T> {
  const dir = makeStagingDir();
  try {
    const inflated = join(dir, 'body.jsonl');
    await inflate(bundle, inflated);
    return use(bodyRecords(bundle.fileName, inflated));
  } finally {
    removeStagingDir(dir);
  }
}
