// Ahead of the first assisted comparison: the models that assist a layer are loaded (engine/model-cache.ts), and so
// are the pretrained encoders those models read their features from, checksum verified (encoders/registry.ts), so
// the first evaluator to open such a layer does not wait for an encoder folder to be hashed and loaded (about 430 ms
// for all-MiniLM-L6-v2). An encoder that is gone or changed is left to the call that needs it, which says why.
import type Database from 'better-sqlite3';
import { warmModelCache } from '../engine/model-cache';
import { encoderByName } from '../db/encoders';
import { openEncoder } from '../encoders/registry';
import type { EncoderRef } from '../encoders/features';

export async function warmAssistance(db: Database.Database): Promise<void> {
  const models = await warmModelCache(db);
  for (const model of models) {
    const ref = (model.config as { encoder?: EncoderRef | null }).encoder;
    if (!ref || !db.open) continue;
    const row = encoderByName(db, ref.name);
    if (row && row.checksum === ref.checksum) await openEncoder(row).catch(() => undefined);
  }
}
