// Opens an import source (a path or uploaded bytes) as a stream of decompressed chunks,
// hashing the raw bytes on the way so the dataset's identity is the file's content.
import { createHash } from 'node:crypto';
import { createReadStream } from 'node:fs';
import { open, stat } from 'node:fs/promises';
import { basename } from 'node:path';
import { Readable } from 'node:stream';
import { createGunzip } from 'node:zlib';
import { RungError } from '../../api/errors';

export type ImportInput = { path: string } | { fileName: string; bytes: Buffer };

export interface OpenedSource {
  /** What error messages call the file. */
  fileName: string;
  /** Decompressed bytes, in chunks. */
  chunks: AsyncIterable<Uint8Array>;
  /** SHA-256 of the raw (possibly compressed) bytes; valid once `chunks` is fully consumed. */
  rawSha256: () => string;
  /** Raw bytes read so far, and the source's size, for progress. */
  rawBytesRead: () => number;
  rawSize: number;
  /** Stops reading (the file is closed) when the source is given up before its end. */
  close: () => void;
  /** About how many bytes the decompressed content holds (a gzip file's own size field; else the raw size). */
  uncompressedSize: number;
}

/** A gzip file's uncompressed size as its trailer states it (modulo 4 GiB, last member only): a hint, never less than the raw size. */
async function gzipSizeHint(input: ImportInput, rawSize: number): Promise<number> {
  if (rawSize < 18) return rawSize;
  let trailer: Buffer;
  if ('path' in input) {
    const file = await open(input.path, 'r');
    try {
      trailer = Buffer.alloc(4);
      await file.read(trailer, 0, 4, rawSize - 4);
    } finally {
      await file.close();
    }
  } else trailer = input.bytes.subarray(rawSize - 4);
  return Math.max(rawSize, trailer.readUInt32LE(0));
}

const SLICE = 256 * 1024;

/** Yields a buffer in slices, so a large upload is processed without blocking the event loop for long. */
async function* slices(bytes: Buffer): AsyncGenerator<Buffer> {
  for (let i = 0; i < bytes.length; i += SLICE) {
    yield bytes.subarray(i, i + SLICE);
    await new Promise<void>((resolve) => setImmediate(resolve));
  }
}

export async function openSource(input: ImportInput): Promise<OpenedSource> {
  let raw: AsyncIterable<Buffer>;
  let stream: ReturnType<typeof createReadStream> | null = null;
  let fileName: string;
  let rawSize: number;
  if ('path' in input) {
    fileName = input.path;
    try {
      const info = await stat(input.path);
      if (!info.isFile()) throw new RungError('BAD_INPUT', `${input.path}: not a regular file`);
      rawSize = info.size;
    } catch (error) {
      if (error instanceof RungError) throw error;
      throw new RungError('BAD_INPUT', `${input.path}: cannot read: ${(error as NodeJS.ErrnoException).code ?? (error as Error).message}`);
    }
    raw = stream = createReadStream(input.path, { highWaterMark: SLICE });
  } else {
    fileName = basename(input.fileName);
    raw = slices(input.bytes);
    rawSize = input.bytes.length;
  }

  const hash = createHash('sha256');
  let digest: string | null = null;
  let bytesRead = 0;
  const hashed = (async function* () {
    for await (const chunk of raw) {
      hash.update(chunk);
      bytesRead += chunk.length;
      yield chunk;
    }
    digest = hash.digest('hex');
  })();

  // Peek at the first chunk for the gzip magic number.
  const first = await hashed.next();
  const head: Buffer = first.done ? Buffer.alloc(0) : first.value;
  const all = (async function* () {
    if (!first.done) yield head;
    yield* hashed;
  })();

  const gzipped = head.length >= 2 && head[0] === 0x1f && head[1] === 0x8b;
  // asked before the gunzip stream starts: it must not meet the end of the data with no one listening
  const uncompressedSize = gzipped ? await gzipSizeHint(input, rawSize) : rawSize;
  let chunks: AsyncIterable<Uint8Array> = all;
  if (gzipped) {
    const gunzip = createGunzip();
    const decompressed = Readable.from(all).pipe(gunzip);
    chunks = (async function* () {
      try {
        for await (const chunk of decompressed) yield chunk as Buffer;
      } catch (error) {
        throw new RungError('BAD_INPUT', `${fileName}: not a valid gzip file: ${(error as Error).message}`);
      }
    })();
  }
  return {
    fileName,
    chunks,
    rawSha256: () => {
      if (digest === null) throw new Error('rawSha256() read before the source was consumed');
      return digest;
    },
    rawBytesRead: () => bytesRead,
    close: () => stream?.destroy(),
    rawSize,
    uncompressedSize,
  };
}

/** Dataset name from a file name: its base name without .json/.jsonl/.gz. */
export function datasetNameOf(fileName: string): string {
  return basename(fileName).replace(/(\.gz)?$/i, '').replace(/\.(jsonl|json|ndjson)$/i, '') || basename(fileName);
}
