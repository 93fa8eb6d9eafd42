// The encoders and embeddings tables (migration 0011): registered encoder folders, and the embedding cache of pooled
// vectors per text (SHA-256) and encoder checksum.
import type Database from 'better-sqlite3';
import { NO_FOLDER } from '../../api/encoders';
import { appendAudit } from './audit';

/** Whether the encoder has a folder here (not one a work bundle registered with its embeddings only). */
export const hasFolder = (row: Pick<EncoderRow, 'path'>): boolean => row.path !== NO_FOLDER;

export interface EncoderRow {
  id: string;
  name: string;
  /** The folder on this machine, or NO_FOLDER. */
  path: string;
  checksum: string;
  architecture: string;
  hiddenSize: number;
  vocabSize: number;
  maxPositions: number;
  bytes: number;
  addedAt: string;
}

const columns = `id, name, path, checksum, architecture, hidden_size AS hiddenSize, vocab_size AS vocabSize,
  max_positions AS maxPositions, bytes, added_at AS addedAt`;

/** Registers an encoder, with its audit entry. */
export function insertEncoder(db: Database.Database, row: EncoderRow, actor: string): void {
  db.transaction(() => {
    db.prepare(
      `INSERT INTO encoders (id, name, path, checksum, architecture, hidden_size, vocab_size, max_positions, bytes, added_at)
       VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?)`,
    ).run(row.id, row.name, row.path, row.checksum, row.architecture, row.hiddenSize, row.vocabSize, row.maxPositions, row.bytes, row.addedAt);
    appendAudit(db, { actor, action: 'add', entity: 'encoder', entityId: row.id, details: { name: row.name, path: row.path, checksum: row.checksum } });
  })();
}

export const listEncoderRows = (db: Database.Database): EncoderRow[] => db.prepare(`SELECT ${columns} FROM encoders ORDER BY name`).all() as EncoderRow[];

/** The hidden size of a registered encoder with this checksum; undefined when none is registered here. */
export const encoderDimByChecksum = (db: Database.Database, checksum: string): number | undefined =>
  db.prepare('SELECT hidden_size FROM encoders WHERE checksum = ? LIMIT 1').pluck().get(checksum) as number | undefined;

export const encoderByName = (db: Database.Database, name: string): EncoderRow | undefined =>
  db.prepare(`SELECT ${columns} FROM encoders WHERE name = ?`).get(name) as EncoderRow | undefined;

/**
 * Unregisters an encoder; its cached embeddings go too unless another registered encoder has the same checksum.
 * Returns the number of cached vectors deleted.
 */
export function deleteEncoder(db: Database.Database, row: EncoderRow, actor: string): number {
  return db.transaction(() => {
    db.prepare('DELETE FROM encoders WHERE id = ?').run(row.id);
    const shared = db.prepare('SELECT 1 FROM encoders WHERE checksum = ?').get(row.checksum);
    const dropped = shared ? 0 : db.prepare('DELETE FROM embeddings WHERE encoder_checksum = ?').run(row.checksum).changes;
    appendAudit(db, { actor, action: 'remove', entity: 'encoder', entityId: row.id, details: { name: row.name, checksum: row.checksum, embeddingsDeleted: dropped } });
    return dropped;
  })();
}

/** The number of vectors cached for an encoder checksum. */
export const cachedEmbeddingCount = (db: Database.Database, checksum: string): number =>
  (db.prepare('SELECT count(*) AS n FROM embeddings WHERE encoder_checksum = ?').get(checksum) as { n: number }).n;

/** The cached vectors of these text hashes (absent ones left out), by hash as hex. */
export function cachedEmbeddings(db: Database.Database, checksum: string, hashes: readonly Buffer[]): Map<string, Buffer> {
  const get = db.prepare('SELECT vector FROM embeddings WHERE encoder_checksum = ? AND text_sha256 = ?').pluck();
  const found = new Map<string, Buffer>();
  for (const hash of hashes) {
    const vector = get.get(checksum, hash) as Buffer | undefined;
    if (vector) found.set(hash.toString('hex'), vector);
  }
  return found;
}

/** Stores vectors in one transaction (an existing entry is kept: the same text and encoder give the same vector). */
export function storeEmbeddings(db: Database.Database, checksum: string, entries: readonly { hash: Buffer; vector: Float32Array }[]): void {
  const put = db.prepare('INSERT OR IGNORE INTO embeddings (encoder_checksum, text_sha256, vector) VALUES (?, ?, ?)');
  db.transaction(() => {
    for (const e of entries) put.run(checksum, e.hash, Buffer.from(e.vector.buffer, e.vector.byteOffset, e.vector.byteLength));
  })();
}
