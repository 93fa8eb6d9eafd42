// Opens an import source (a path or uploaded bytes) as a stream of decompressed chunks, or, for a Parquet file, its
// footer and byte ranges; the raw bytes are hashed on the way so the dataset's identity is the file's content.
import { createHash } from 'node:crypto';
import { createReadStream, statSync } from 'node:fs';
import { open, stat, type FileHandle } from 'node:fs/promises';
import { basename } from 'node:path';
import { Readable } from 'node:stream';
import { createGunzip } from 'node:zlib';
import { RungError } from '../../api/errors';
import type { AsyncBuffer } from 'hyparquet';
import { hasParquetMagic, openParquet, type ParquetSource } from './parquet';

/** A file by its path (`name`: what messages call it, an upload's own name, else the path), or bytes in memory. */
export type ImportInput = { path: string; name?: string } | { fileName: string; bytes: Buffer };

/** An input's size in bytes, for progress before it is opened (0 when its file cannot be read: opening it says why). */
export function inputSize(input: ImportInput): number {
  if ('bytes' in input) return input.bytes.length;
  try {
    return statSync(input.path).size;
  } catch {
    return 0;
  }
}

export interface OpenedSource {
  /** What error messages call the file. */
  fileName: string;
  /** Decompressed bytes, in chunks (a Parquet file's raw bytes, read through only for the hash). */
  chunks: AsyncIterable<Uint8Array>;
  /** A Parquet file (its first bytes are PAR1, whatever its name): its rows are read from here, by byte ranges. */
  parquet: ParquetSource | null;
  /** SHA-256 of the raw (possibly compressed) bytes; valid once `chunks` is fully consumed. */
  rawSha256: () => string;
  /** Raw bytes read so far, and the source's size, for progress. */
  rawBytesRead: () => number;
  rawSize: number;
  /** Reads the raw bytes not yet read in order, for the hash: a Parquet file's, whose rows are read by ranges. */
  readToEnd: () => Promise<void>;
  /** Stops reading (the file is closed) when the source is given up before its end, and once an import is done with it. */
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

/** A file read by byte ranges (a Parquet file's footer and row groups), never whole; `reach` is how far reads went.
 *  A range past the end is read to the end (a footer may state any length: it is not allocated). */
function rangeReader(read: (start: number, end: number) => Promise<ArrayBuffer>, byteLength: number): AsyncBuffer & { reach: () => number } {
  let reach = 0;
  return {
    byteLength,
    slice: async (start, end = byteLength) => {
      const to = Math.min(end, byteLength);
      reach = Math.max(reach, to);
      return read(start, to);
    },
    reach: () => reach,
  };
}

async function readRange(handle: FileHandle, start: number, end: number): Promise<ArrayBuffer> {
  const bytes = new Uint8Array(end - start);
  for (let at = 0; at < bytes.length; ) {
    const { bytesRead } = await handle.read(bytes, at, bytes.length - at, start + at);
    if (bytesRead === 0) break; // the file shrank: the reader meets what is missing as a corrupt file
    at += bytesRead;
  }
  return bytes.buffer;
}

/** Yields a buffer in slices, so a large upload is processed without blocking the event loop for long. */
async function* slices(bytes: Buffer): AsyncGenerator<Buffer> {
  for (let i = 0; i < bytes.length; i += SLICE) {
    yield bytes.subarray(i, i + SLICE);
    await new Promise<void>((resolve) => setImmediate(resolve));
  }
}

/** `maxRowGroupBytes`: a Parquet file's largest row group (default MAX_ROW_GROUP_BYTES, parquet.ts). */
export async function openSource(input: ImportInput, maxRowGroupBytes?: number): Promise<OpenedSource> {
  let raw: AsyncIterable<Buffer>;
  let stream: ReturnType<typeof createReadStream> | null = null;
  let fileName: string;
  let rawSize: number;
  if ('path' in input) {
    fileName = input.name === undefined ? input.path : basename(input.name);
    try {
      const info = await stat(input.path);
      if (!info.isFile()) throw new RungError('BAD_INPUT', `${fileName}: not a regular file`);
      rawSize = info.size;
    } catch (error) {
      if (error instanceof RungError) throw error;
      throw new RungError('BAD_INPUT', `${fileName}: cannot read: ${(error as NodeJS.ErrnoException).code ?? (error as Error).message}`);
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

  let parquet: ParquetSource | null = null;
  let handle: FileHandle | null = null;
  let reach = () => 0;
  if (hasParquetMagic(head)) {
    try {
      let read: (start: number, end: number) => Promise<ArrayBuffer>;
      if ('path' in input) {
        const file = (handle = await open(input.path, 'r'));
        read = (start, end) => readRange(file, start, end);
      } else {
        const bytes = input.bytes;
        read = async (start, end) => new Uint8Array(bytes.subarray(start, end)).buffer; // a copy: the upload's buffer may be pooled
      }
      const ranges = rangeReader(read, rawSize);
      reach = ranges.reach;
      parquet = await openParquet(ranges, fileName, maxRowGroupBytes);
    } catch (error) {
      stream?.destroy();
      await handle?.close();
      throw error;
    }
  }

  const gzipped = head.length >= 2 && head[0] === 0x1f && head[1] === 0x8b;
  // asked before the gunzip stream starts: it must not meet the end of the data with no one listening
  const uncompressedSize = gzipped ? await gzipSizeHint(input, rawSize) : Math.max(rawSize, parquet?.uncompressedSize ?? 0);
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
    parquet,
    rawSha256: () => {
      if (digest === null) throw new Error('rawSha256() read before the source was consumed');
      return digest;
    },
    rawBytesRead: () => Math.max(bytesRead, reach()),
    readToEnd: async () => {
      if (parquet) for await (const chunk of all) void chunk;
    },
    close: () => {
      stream?.destroy();
      handle?.close().catch(() => undefined); // closing a read-only handle has nothing to lose
      handle = null;
    },
    rawSize,
    uncompressedSize,
  };
}

/** Dataset name from a file name: its base name without .json/.jsonl/.parquet/.gz. */
export function datasetNameOf(fileName: string): string {
  return basename(fileName).replace(/(\.gz)?$/i, '').replace(/\.(jsonl|json|ndjson|parquet)$/i, '') || basename(fileName);
}
