// Synchronous chunked file reading for bundles: a file's bytes through one fixed buffer, its lines (a line split across
// chunks is joined), and its SHA-256 — memory bounded by the chunk and the longest line, never by the file's size.
import { createHash } from 'node:crypto';
import { closeSync, openSync, readSync } from 'node:fs';

/** How much of a bundle file is read at a time. */
export const CHUNK_BYTES = 64 * 1024;

/** The bytes of an open file from `position` to its end, in chunks of one reused buffer (copy a chunk to keep it). */
export function* fileChunks(fd: number, position = 0, chunkBytes = CHUNK_BYTES): Generator<Buffer> {
  const buffer = Buffer.allocUnsafe(chunkBytes);
  for (;;) {
    const read = readSync(fd, buffer, 0, chunkBytes, position);
    if (read === 0) return;
    position += read;
    yield buffer.subarray(0, read);
  }
}

/** The text lines of a byte stream (split at '\n'; a last line without one counts; none for no bytes), as UTF-8. */
export function* lines(chunks: Iterable<Buffer>): Generator<string> {
  let pending: Buffer[] = [];
  for (const chunk of chunks) {
    let start = 0;
    for (let end = chunk.indexOf(0x0a); end >= 0; end = chunk.indexOf(0x0a, start)) {
      const piece = chunk.subarray(start, end);
      yield (pending.length ? Buffer.concat([...pending, piece]) : piece).toString('utf8');
      pending = [];
      start = end + 1;
    }
    if (start < chunk.length) pending.push(Buffer.from(chunk.subarray(start)));
  }
  if (pending.length) yield Buffer.concat(pending).toString('utf8');
}

/** The lines of the file at `path`, read chunk by chunk; the file is closed when the lines are done or abandoned. */
export function* fileLines(path: string, chunkBytes = CHUNK_BYTES): Generator<string> {
  const fd = openSync(path, 'r');
  try {
    yield* lines(fileChunks(fd, 0, chunkBytes));
  } finally {
    closeSync(fd);
  }
}

/** SHA-256 (hex) of the file at `path`, read chunk by chunk. */
export function hashFile(path: string): string {
  const fd = openSync(path, 'r');
  try {
    const hash = createHash('sha256');
    for (const chunk of fileChunks(fd)) hash.update(chunk);
    return hash.digest('hex');
  } finally {
    closeSync(fd);
  }
}
