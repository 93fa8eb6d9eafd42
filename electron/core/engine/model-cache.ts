// Reward models loaded from the models table, kept in memory by id (a few at a time) so assistance, deferral
// and checks do not re-read and re-verify a blob on every call. A stored model never changes, so no entry goes stale.
import type Database from 'better-sqlite3';
import { RungError } from '../../api/errors';
import { loadModel, type StoredModel } from './model-store';

const CAPACITY = 8;
const loaded = new Map<string, StoredModel>();

/** The stored model with this id (NOT_FOUND when there is none). */
export function cachedModel(db: Database.Database, modelId: string): StoredModel {
  const hit = loaded.get(modelId);
  if (hit) {
    loaded.delete(modelId);
    loaded.set(modelId, hit); // most recently used last
    return hit;
  }
  const model = loadModel(db, modelId);
  if (!model) throw new RungError('NOT_FOUND', `no model with id ${modelId}`);
  loaded.set(modelId, model);
  if (loaded.size > CAPACITY) loaded.delete(loaded.keys().next().value!);
  return model;
}
