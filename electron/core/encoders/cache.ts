// The embedding cache at work: the pooled vectors of a list of texts for one encoder, read from the cache where
// present, otherwise encoded in chunks (each chunk encoded, stored in one transaction, then dropped, so memory stays
// flat over the number of texts to encode) with progress and an AbortSignal checked between chunks.
import { createHash } from 'node:crypto';
import type Database from 'better-sqlite3';
import { cachedEmbeddings, storeEmbeddings } from '../db/encoders';
import type { PretrainedEncoder } from '../engine/encoder';

/** Texts per encoding chunk: also the texts per cache read. */
export const ENCODE_CHUNK = 256;

export interface CacheKey {
  checksum: string;
  dim: number;
}

export interface EmbedProgress {
  /** Distinct texts encoded so far (cache hits not counted) of those that needed encoding. */
  encoded: number;
  toEncode: number;
}

export interface EnsureOptions {
  signal?: AbortSignal;
  onProgress?: (progress: EmbedProgress) => void;
  chunk?: number;
}

export const textHash = (text: string): Buffer => createHash('sha256').update(text, 'utf8').digest();

function aborted(signal?: AbortSignal): void {
  if (signal?.aborted) {
    const e = new Error('encoding was cancelled');
    e.name = 'AbortError';
    throw signal.reason ?? e;
  }
}

/**
 * Makes sure every text has a cached vector; the encoder is loaded (through `open`, told how many distinct texts are
 * missing) only when one is missing.
 * Returns how many distinct texts were encoded.
 */
export async function ensureEmbeddings(db: Database.Database, key: CacheKey, texts: readonly string[], open: (missing: number) => Promise<PretrainedEncoder>, options: EnsureOptions = {}): Promise<number> {
  const chunk = options.chunk ?? ENCODE_CHUNK;
  const distinct = new Map<string, { text: string; hash: Buffer }>();
  for (const text of texts) {
    const hash = textHash(text);
    distinct.set(hash.toString('hex'), { text, hash });
  }
  const missing: { text: string; hash: Buffer }[] = [];
  const all = [...distinct.values()];
  for (let i = 0; i < all.length; i += chunk) {
    const part = all.slice(i, i + chunk);
    const found = cachedEmbeddings(db, key.checksum, part.map((t) => t.hash));
    for (const t of part) if (!found.has(t.hash.toString('hex'))) missing.push(t);
  }
  if (missing.length === 0) return 0;
  aborted(options.signal);
  const encoder = await open(missing.length);
  if (encoder.info.dim !== key.dim) throw new Error(`the encoder gives ${encoder.info.dim}-dimensional vectors, ${key.dim} expected`);
  options.onProgress?.({ encoded: 0, toEncode: missing.length });
  for (let i = 0; i < missing.length; i += chunk) {
    aborted(options.signal);
    const part = missing.slice(i, i + chunk);
    const vectors = await encoder.encode(part.map((t) => t.text), { signal: options.signal });
    storeEmbeddings(db, key.checksum, part.map((t, j) => ({ hash: t.hash, vector: vectors[j] })));
    options.onProgress?.({ encoded: Math.min(i + chunk, missing.length), toEncode: missing.length });
  }
  return missing.length;
}

/** The cached vectors of texts (all must be cached: call ensureEmbeddings first), row-major texts × dim. */
export function readEmbeddings(db: Database.Database, key: CacheKey, texts: readonly string[]): Float32Array {
  const out = new Float32Array(texts.length * key.dim);
  for (let i = 0; i < texts.length; i += ENCODE_CHUNK) {
    const hashes = texts.slice(i, i + ENCODE_CHUNK).map(textHash);
    const found = cachedEmbeddings(db, key.checksum, hashes);
    hashes.forEach((hash, j) => {
      const blob = found.get(hash.toString('hex'));
      if (!blob || blob.length !== 4 * key.dim) throw new Error(`no cached ${key.dim}-dimensional embedding for text ${i + j + 1}`);
      out.set(new Float32Array(blob.buffer.slice(blob.byteOffset, blob.byteOffset + blob.length)), (i + j) * key.dim);
    });
  }
  return out;
}
