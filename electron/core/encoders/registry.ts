// Registered encoders at use: find one by name (NOT_FOUND saying how to add it), and load its folder once per
// process (each thread keeps its own few, the weights behind them held once: engine/encoder.ts sharedEncoder),
// refusing it when its files no longer match the checksum recorded when it was added.
import type Database from 'better-sqlite3';
import { EMBEDDINGS_ONLY } from '../../api/encoders';
import { RungError } from '../../api/errors';
import { encoderByName, hasFolder, type EncoderRow } from '../db/encoders';
import { loadEncoder, sharedEncoder, type PretrainedEncoder } from '../engine/encoder';
import { encoderFolderChecksum } from './checksum';

export function requireEncoder(db: Database.Database, name: string): EncoderRow {
  const row = encoderByName(db, name);
  if (!row) throw new RungError('NOT_FOUND', `no encoder named "${name}": add its folder first (\`rung encoder add DIR --name ${name}\`, or the Data page's Encoders section)`);
  return row;
}

/** This thread's loaded encoders by checksum and path (a few at a time). */
const loaded = new Map<string, Promise<PretrainedEncoder>>();
const CAPACITY = 2;

/** The key a registered encoder's engine is shared under between the process's threads: its checksum and its folder. */
const shareKey = (row: EncoderRow) => `${row.checksum} ${row.path}`;

async function loadChecked(row: EncoderRow): Promise<PretrainedEncoder> {
  if (!hasFolder(row)) throw new RungError('NOT_FOUND', `encoder "${row.name}": ${EMBEDDINGS_ONLY}`);
  const now = await encoderFolderChecksum(row.path).catch((error: Error) => {
    throw new RungError('CONFLICT', `encoder "${row.name}": cannot read its folder ${row.path}: ${error.message}`);
  });
  if (now.files.length === 0) throw new RungError('CONFLICT', `encoder "${row.name}": its folder ${row.path} is missing or holds none of its files`);
  if (now.checksum !== row.checksum)
    throw new RungError('CONFLICT', `encoder "${row.name}": the files in ${row.path} changed since it was added (checksum ${row.checksum.slice(0, 12)}…, now ${now.checksum.slice(0, 12)}…); remove it and add the folder again`);
  try {
    return await loadEncoder(row.path, shareKey(row));
  } catch (error) {
    throw new RungError('CONFLICT', `encoder "${row.name}": ${(error as Error).message}`);
  }
}

/** The registered encoder's engine, loaded once per process after its folder's checksum is verified. */
export function openEncoder(row: EncoderRow): Promise<PretrainedEncoder> {
  const key = shareKey(row);
  let hit = loaded.get(key);
  if (hit) {
    loaded.delete(key);
  } else {
    const held = hasFolder(row) ? sharedEncoder(row.path, key) : null; // another thread checked and loaded it
    hit = held ? Promise.resolve(held) : loadChecked(row);
    hit.catch(() => loaded.delete(key));
  }
  loaded.set(key, hit);
  if (loaded.size > CAPACITY) loaded.delete(loaded.keys().next().value!);
  return hit;
}
