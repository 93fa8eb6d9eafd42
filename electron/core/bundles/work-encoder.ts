// A work bundle's encoder part: for an assisting model trained on a registered encoder's embeddings, the encoder's
// registration (not its folder, which stays on the lead's machine) and the cached embeddings of every text assistance
// scores on the workstation (each comparison's prompt, responses and segments: scoring/engine-assistance.ts), and
// their merge there: the encoder registered with NO_FOLDER (api/encoders.ts), so the cache answers for it.
import type Database from 'better-sqlite3';
import { RungError } from '../../api/errors';
import { comparisonTexts } from '../db/comparisons';
import { NO_FOLDER } from '../../api/encoders';
import { cachedEmbeddings, encoderByName, encoderDimByChecksum, insertEncoder, storeEmbeddings } from '../db/encoders';
import { exists, rowsWhere } from '../db/bundle-rows';
import { modelHeader } from '../db/models';
import { textHash } from '../encoders/cache';
import { ensureEncoded, modelEncoder, registeredEncoder, type EncoderRef } from '../encoders/features';
import { assistItems } from '../scoring/engine-assistance';
import { encodeCell, type BundleRecord } from './format';
import type { MergeContext } from './results';

/** Comparisons whose texts are gathered at a time (memory stays flat over the number of comparisons). */
const CHUNK = 64;

/** The encoder the model reads its features from, or null (a text, embedding or external model). */
function encoderOf(db: Database.Database, modelId: string): EncoderRef | null {
  const header = modelHeader(db, modelId);
  return header ? modelEncoder(JSON.parse(header.config) as Record<string, unknown>) : null;
}

/** The texts assistance encodes for these comparisons (repeats included), a chunk of comparisons at a time. */
function* assistTextChunks(db: Database.Database, comparisonIds: readonly string[]): Generator<string[]> {
  for (let i = 0; i < comparisonIds.length; i += CHUNK) {
    yield comparisonIds.slice(i, i + CHUNK).flatMap((id) => {
      const texts = comparisonTexts(db, id);
      if (!texts) throw new RungError('NOT_FOUND', `no comparison with id ${id}`);
      const { input } = assistItems(texts);
      return [...input.prompts, ...input.responses];
    });
  }
}

/** Before a work bundle is written: the lead's cache gets every text its assisting model will score there (encoded now
 *  from the encoder's folder where missing). Nothing to do for a model without an encoder. */
export async function cacheAssistEmbeddings(db: Database.Database, modelId: string, comparisonIds: readonly string[]): Promise<void> {
  const ref = encoderOf(db, modelId);
  if (!ref) return;
  for (const texts of assistTextChunks(db, comparisonIds)) await ensureEncoded(db, ref, texts);
}

/** The encoder's registration (its folder left out) and each needed text's cached embedding, once each. */
export function* encoderRecords(db: Database.Database, modelId: string, comparisonIds: readonly string[]): Generator<BundleRecord> {
  const ref = encoderOf(db, modelId);
  if (!ref) return;
  const row = registeredEncoder(db, ref);
  for (const r of rowsWhere(db, 'encoders', 'id', [row.id])) yield { type: 'encoders', row: { ...r, path: NO_FOLDER } };
  const sent = new Set<string>();
  for (const texts of assistTextChunks(db, comparisonIds)) {
    const hashes = texts.map(textHash).filter((h) => !sent.has(h.toString('hex')));
    const found = cachedEmbeddings(db, row.checksum, hashes);
    for (const hash of hashes) {
      const hex = hash.toString('hex');
      if (sent.has(hex)) continue;
      const vector = found.get(hex);
      if (!vector) throw new RungError('CONFLICT', `encoder "${row.name}": no cached embedding of text ${hex.slice(0, 12)}… that assistance scores (cache them first: cacheAssistEmbeddings)`);
      sent.add(hex);
      yield { type: 'embeddings', row: { encoder_checksum: row.checksum, text_sha256: encodeCell(hash), vector: encodeCell(vector) } };
    }
  }
}

const ENCODER_FIELDS = ['id', 'name', 'path', 'checksum', 'architecture', 'hidden_size', 'vocab_size', 'max_positions', 'bytes', 'added_at'];
const EMBEDDING_FIELDS = ['encoder_checksum', 'text_sha256', 'vector'];

function refuse(ctx: MergeContext, n: number, what: string): never {
  throw new RungError('BAD_INPUT', `${ctx.fileName}: record ${n}: ${what}; nothing was imported`);
}

/** The record's row with exactly these fields (none missing, none unknown). */
function fieldsOf(ctx: MergeContext, n: number, record: BundleRecord, fields: readonly string[]): Record<string, unknown> {
  const extra = Object.keys(record.row).find((k) => !fields.includes(k));
  if (extra !== undefined) refuse(ctx, n, `${record.type}.${extra}: no such field in this database (a bundle from a newer Rung?)`);
  const missing = fields.find((k) => !(k in record.row));
  if (missing !== undefined) refuse(ctx, n, `${record.type}.${missing}: missing`);
  return record.row;
}

const text = (ctx: MergeContext, n: number, table: string, row: Record<string, unknown>, field: string): string => {
  const value = row[field];
  if (typeof value !== 'string' || value === '') refuse(ctx, n, `${table}.${field}: expected text`);
  return value;
};
const count = (ctx: MergeContext, n: number, table: string, row: Record<string, unknown>, field: string): number => {
  const value = row[field];
  if (!Number.isInteger(value) || (value as number) < 0) refuse(ctx, n, `${table}.${field}: expected a whole number`);
  return value as number;
};
const bytes = (ctx: MergeContext, n: number, row: Record<string, unknown>, field: string): Buffer => {
  const value = row[field] as { base64?: unknown } | null;
  if (value === null || typeof value !== 'object' || typeof value.base64 !== 'string') refuse(ctx, n, `embeddings.${field}: expected bytes`);
  return Buffer.from(value.base64 as string, 'base64');
};

/** Registers a carried encoder with no folder; one of that name here already must have the same checksum (it is kept,
 *  folder and all). Returns whether it was added. */
function mergeEncoder(ctx: MergeContext, n: number, record: BundleRecord): boolean {
  const row = fieldsOf(ctx, n, record, ENCODER_FIELDS);
  const name = text(ctx, n, 'encoders', row, 'name');
  const checksum = text(ctx, n, 'encoders', row, 'checksum');
  const here = encoderByName(ctx.db, name);
  if (here) {
    if (here.checksum !== checksum) refuse(ctx, n, `encoder "${name}" here has checksum ${here.checksum.slice(0, 12)}…, the bundle's model needs ${checksum.slice(0, 12)}… (other files under the same name)`);
    return false;
  }
  const id = text(ctx, n, 'encoders', row, 'id');
  if (exists(ctx.db, 'encoders', id)) refuse(ctx, n, `encoder ${id} is registered here under another name than "${name}"`);
  const encoder = {
    id, name, path: NO_FOLDER, checksum,
    architecture: text(ctx, n, 'encoders', row, 'architecture'),
    hiddenSize: count(ctx, n, 'encoders', row, 'hidden_size'),
    vocabSize: count(ctx, n, 'encoders', row, 'vocab_size'),
    maxPositions: count(ctx, n, 'encoders', row, 'max_positions'),
    bytes: count(ctx, n, 'encoders', row, 'bytes'),
    addedAt: text(ctx, n, 'encoders', row, 'added_at'),
  };
  if (encoder.hiddenSize === 0) refuse(ctx, n, 'encoders.hidden_size: expected a whole number above 0');
  insertEncoder(ctx.db, encoder, ctx.actor);
  return true;
}

/** Caches a carried embedding, checked against its encoder (carried before it, or here); returns whether it was added. */
function mergeEmbedding(ctx: MergeContext, n: number, record: BundleRecord): boolean {
  const row = fieldsOf(ctx, n, record, EMBEDDING_FIELDS);
  const checksum = text(ctx, n, 'embeddings', row, 'encoder_checksum');
  const dim = encoderDimByChecksum(ctx.db, checksum);
  if (dim === undefined) refuse(ctx, n, `embeddings of encoder checksum ${checksum.slice(0, 12)}…, which the bundle does not carry`);
  const hash = bytes(ctx, n, row, 'text_sha256');
  if (hash.length !== 32) refuse(ctx, n, `embeddings.text_sha256: expected 32 bytes, got ${hash.length}`);
  const vector = bytes(ctx, n, row, 'vector');
  if (vector.length !== 4 * dim) refuse(ctx, n, `embeddings.vector: expected ${dim} float32 values (${4 * dim} bytes), got ${vector.length} bytes`);
  if (cachedEmbeddings(ctx.db, checksum, [hash]).size === 1) return false;
  storeEmbeddings(ctx.db, checksum, [{ hash, vector: new Float32Array(vector.buffer.slice(vector.byteOffset, vector.byteOffset + vector.length)) }]);
  return true;
}

/** Merges an `encoders` or `embeddings` record; returns whether it added a row. */
export function mergeEncoderRecord(ctx: MergeContext, n: number, record: BundleRecord): boolean {
  return record.type === 'encoders' ? mergeEncoder(ctx, n, record) : mergeEmbedding(ctx, n, record);
}

export const isEncoderRecord = (record: BundleRecord): boolean => record.type === 'encoders' || record.type === 'embeddings';
