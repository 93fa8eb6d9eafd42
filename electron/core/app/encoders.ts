// The encoder use cases: register a folder (loaded and checked by the engine on the spot, checksummed), list and
// remove registered encoders, and embed texts through the embedding cache.
import { once } from 'node:events';
import type { ParsedParams, Result } from '../../api/contract';
import { MAX_EMBED_TEXTS } from '../../api/encoders';
import { readTextLines, type TextLine } from '../datasets/text-lines';
import { RungError } from '../../api/errors';
import { cachedEmbeddingCount, deleteEncoder, encoderByName, insertEncoder, listEncoderRows, type EncoderRow } from '../db/encoders';
import { loadEncoder } from '../engine/encoder';
import { encoderFolderChecksum } from '../encoders/checksum';
import { embedThroughCache, encoderRef } from '../encoders/features';
import type { EnsureOptions } from '../encoders/cache';
import { requireEncoder } from '../encoders/registry';
import { newId, nowIso } from '../ids';
import type { Store } from '../store';

type EncoderSummary = Result<'listEncoders'>[number];

const summary = (store: Store, row: EncoderRow): EncoderSummary => ({ ...row, cachedEmbeddings: cachedEmbeddingCount(store.db, row.checksum) });

/** Loads the folder (a bad folder is refused with its file and field named), then registers it under its name (default: the folder's). */
export async function addEncoder(store: Store, params: ParsedParams<'addEncoder'>, actor?: string): Promise<EncoderSummary> {
  // The desktop app's main process turns a picked folder's token into its path; dispatch refuses one that was not.
  if (params.path === undefined) throw new RungError('FORBIDDEN', 'addEncoder: a picked folder reaches the domain only as the path the desktop app resolved');
  let encoder;
  try {
    encoder = await loadEncoder(params.path);
  } catch (error) {
    throw new RungError('INVALID_PARAMS', (error as Error).message);
  }
  const info = encoder.info;
  const name = params.name ?? info.name;
  if (encoderByName(store.db, name)) throw new RungError('CONFLICT', `an encoder named "${name}" is already registered: choose another name (--name) or remove it first`);
  const { checksum, bytes } = await encoderFolderChecksum(info.path);
  const row: EncoderRow = {
    id: newId(), name, path: info.path, checksum, architecture: info.architecture, hiddenSize: info.dim,
    vocabSize: info.vocabSize, maxPositions: info.maxPositions, bytes, addedAt: nowIso(),
  };
  insertEncoder(store.db, row, actor ?? params.actor);
  return summary(store, row);
}

export const listEncoders = (store: Store): EncoderSummary[] => listEncoderRows(store.db).map((row) => summary(store, row));

export function removeEncoder(store: Store, params: ParsedParams<'removeEncoder'>, actor?: string): Result<'removeEncoder'> {
  const row = requireEncoder(store.db, params.name);
  return { name: row.name, embeddingsDeleted: deleteEncoder(store.db, row, actor ?? params.actor) };
}

/** Each text's pooled vector through the cache. */
export async function embedTexts(store: Store, params: ParsedParams<'embedTexts'>, options: EnsureOptions = {}): Promise<Result<'embedTexts'>> {
  const ref = encoderRef(store.db, params.encoder);
  const { vectors, encoded } = await embedThroughCache(store.db, ref, params.texts, options);
  return { dim: ref.dim, vectors: params.texts.map((_, i) => Array.from(vectors.subarray(i * ref.dim, (i + 1) * ref.dim))), encoded };
}

/**
 * `rung embed`: checks the whole texts file, then embeds it in chunks through the cache, writing one line per text to
 * standard output as it goes (memory stays flat over the file's length).
 */
export async function embedFileToStdout(store: Store, params: ParsedParams<'embedFile'>, options: EnsureOptions = {}): Promise<Result<'embedFile'>> {
  const ref = encoderRef(store.db, params.encoder);
  for await (const _line of readTextLines(params.path));
  let texts = 0, encoded = 0;
  const write = async (chunk: TextLine[]) => {
    const { vectors, encoded: n } = await embedThroughCache(store.db, ref, chunk.map((t) => t.text), options);
    encoded += n;
    texts += chunk.length;
    const row = (i: number) => Array.from(vectors.subarray(i * ref.dim, (i + 1) * ref.dim));
    const lines = chunk.map((t, i) => `${params.json ? JSON.stringify({ text: t.text, embedding: row(i) }) : row(i).join(' ')}\n`).join('');
    if (!process.stdout.write(lines)) await once(process.stdout, 'drain');
  };
  let chunk: TextLine[] = [];
  for await (const line of readTextLines(params.path)) {
    chunk.push(line);
    if (chunk.length === MAX_EMBED_TEXTS) await write(chunk.splice(0));
  }
  if (chunk.length > 0) await write(chunk);
  return { texts, encoded };
}
