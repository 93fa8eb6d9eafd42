// A reward model's features from a pretrained encoder: per response, its pooled embedding and the elementwise product
// of the prompt's and the response's embeddings, [e_r, e_p ⊙ e_r] (2 × hidden size), from the embedding cache.
//
// Why the prompt and the response are encoded separately rather than together: every text is then encoded once and
// cached for every comparison it appears in (a prompt with many responses is encoded once, a response scored under
// another model reuses its vector), and the two never compete for the encoder's positions (a long prompt would push the
// response out of a joint window). The product carries how the response relates to its prompt (for unit vectors its
// sum is their cosine similarity), which a response embedding alone cannot; a prompt embedding on its own would add
// nothing to a comparison, whose two responses share it.
import type Database from 'better-sqlite3';
import { RungError } from '../../api/errors';
import type { DenseItems } from '../engine';
import type { PairTable } from '../engine/pair-table';
import { hasFolder, type EncoderRow } from '../db/encoders';
import { ensureEmbeddings, readEmbeddings, type CacheKey, type EnsureOptions } from './cache';
import { openEncoder, requireEncoder } from './registry';

/** What a model trained on encoder features records, and needs to score. */
export interface EncoderRef {
  name: string;
  checksum: string;
  architecture: string;
  dim: number;
  features: typeof FEATURES;
}

export const FEATURES = 'response ⊕ prompt⊙response';

/** The registered encoder `ref` names, refused when its files are not those the model was trained on. */
export function registeredEncoder(db: Database.Database, ref: Pick<EncoderRef, 'name' | 'checksum'>): EncoderRow {
  const row = requireEncoder(db, ref.name);
  if (row.checksum !== ref.checksum)
    throw new RungError('CONFLICT', `encoder "${ref.name}" is registered with checksum ${row.checksum.slice(0, 12)}…, but ${ref.checksum.slice(0, 12)}… is needed (this model was trained on other files)`);
  return row;
}

/** The encoder's engine for texts the cache lacks; an encoder a work bundle registered has no folder to encode them with. */
const opener = (row: EncoderRow) => (missing: number) =>
  hasFolder(row)
    ? openEncoder(row)
    : Promise.reject(
        new RungError(
          'NOT_FOUND',
          `encoder "${row.name}" has no folder here (a work bundle carried its embeddings only) and ${missing} text${missing === 1 ? '' : 's'} to score ${missing === 1 ? 'has' : 'have'} no cached embedding: add its folder (\`rung encoder add DIR --name ${row.name}\`) or import a work bundle that carries them`,
        ),
      );

/** Makes sure the cache holds every text's vector for the encoder `ref` names (encoding what is missing); returns the cache key and how many were encoded. */
export async function ensureEncoded(db: Database.Database, ref: Pick<EncoderRef, 'name' | 'checksum'>, texts: readonly string[], options: EnsureOptions = {}): Promise<{ key: CacheKey; encoded: number }> {
  const row = registeredEncoder(db, ref);
  const key = { checksum: row.checksum, dim: row.hiddenSize };
  return { key, encoded: await ensureEmbeddings(db, key, texts, opener(row), options) };
}

/** The texts' vectors through the cache (encoding what is missing), for the registered encoder `ref` names. */
export async function embedThroughCache(db: Database.Database, ref: Omit<EncoderRef, 'features'>, texts: readonly string[], options: EnsureOptions = {}): Promise<{ vectors: Float32Array; encoded: number }> {
  const { key, encoded } = await ensureEncoded(db, ref, texts, options);
  return { vectors: readEmbeddings(db, key, texts), encoded };
}

/** The reference a model records for a registered encoder. */
export function encoderRef(db: Database.Database, name: string): EncoderRef {
  const row = requireEncoder(db, name);
  return { name: row.name, checksum: row.checksum, architecture: row.architecture, dim: row.hiddenSize, features: FEATURES };
}

/** The feature rows of the table's responses (items), [e_r, e_p ⊙ e_r] each. */
export async function encoderFeatures(db: Database.Database, ref: EncoderRef, table: Pick<PairTable, 'prompts' | 'responses' | 'promptIndex'>, options: EnsureOptions = {}): Promise<DenseItems> {
  const texts = [...table.prompts, ...table.responses];
  const { vectors } = await embedThroughCache(db, ref, texts, options);
  const h = ref.dim;
  const P = table.prompts.length;
  const data = new Float32Array(table.responses.length * 2 * h);
  for (let i = 0; i < table.responses.length; i++) {
    const r = (P + i) * h, p = table.promptIndex[i] * h, o = i * 2 * h;
    for (let k = 0; k < h; k++) {
      data[o + k] = vectors[r + k];
      data[o + h + k] = vectors[p + k] * vectors[r + k];
    }
  }
  return { dim: 2 * h, data };
}

/** The encoder a stored model's config names, or null for a text or embedding model. */
export function modelEncoder(config: Record<string, unknown>): EncoderRef | null {
  const e = config.encoder as EncoderRef | undefined | null;
  return e && typeof e.name === 'string' && typeof e.checksum === 'string' ? e : null;
}

/** The table with its responses' features from the model's encoder (unchanged for models without one). */
export async function withModelFeatures<T extends Pick<PairTable, 'prompts' | 'responses' | 'promptIndex' | 'embeddings'>>(db: Database.Database, config: Record<string, unknown>, table: T, options: EnsureOptions = {}): Promise<T> {
  const ref = modelEncoder(config);
  if (!ref) return table;
  return { ...table, embeddings: await encoderFeatures(db, ref, table, options) };
}
