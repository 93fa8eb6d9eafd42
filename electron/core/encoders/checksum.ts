// The checksum of an encoder folder: SHA-256 over the files the engine reads (config, tokenizer, weights and the
// sentence-transformers files), each as its relative name, its size and its bytes, in a fixed order; and their size.
// A model trained on an encoder's embeddings records this checksum, and so does every cached embedding.
import { createHash } from 'node:crypto';
import { createReadStream, existsSync, statSync } from 'node:fs';
import { join } from 'node:path';

/** Every file the engine's loader may read (native/src/engine/encoder), in the order they are hashed. */
export const ENCODER_FILES = [
  'config.json',
  'model.safetensors',
  'tokenizer.json',
  'vocab.txt',
  'tokenizer_config.json',
  'modules.json',
  '1_Pooling/config.json',
  'sentence_bert_config.json',
] as const;

export interface FolderChecksum {
  checksum: string;
  /** The checksummed files' total size. */
  bytes: number;
  files: string[];
}

export async function encoderFolderChecksum(dir: string): Promise<FolderChecksum> {
  const hash = createHash('sha256');
  let bytes = 0;
  const files: string[] = [];
  for (const name of ENCODER_FILES) {
    const path = join(dir, name);
    if (!existsSync(path)) continue;
    const size = statSync(path).size;
    const head = Buffer.alloc(8);
    head.writeBigUInt64LE(BigInt(size));
    hash.update(`${name}\0`).update(head);
    for await (const chunk of createReadStream(path)) hash.update(chunk as Buffer);
    bytes += size;
    files.push(name);
  }
  return { checksum: hash.digest('hex'), bytes, files };
}
