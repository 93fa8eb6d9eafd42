// Reward models loaded from the models table, kept in memory by id (a few at a time) so assistance, deferral
// and checks do not re-read and re-verify a blob on every call. A stored model never changes, so no entry goes stale.
// Each thread has its own cache; the weights behind them are held once per process (engine/model-store.ts).
import type Database from 'better-sqlite3';
import { RungError } from '../../api/errors';
import { assistingModelIds, inactiveModelIds } from '../db/models';
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

/** The ids of the models this thread's cache holds, least recently used first. */
export function heldModelIds(): string[] {
  return [...loaded.keys()];
}

/**
 * Loads the models that give assistance into the cache ahead of need, one per turn of the event loop (calls that
 * arrive meanwhile are answered between them), so the first evaluator to open an assisted layer does not wait for a
 * 40 MiB blob to be read and checked (about 250 ms). A model that fails to load is left to the call that needs it.
 * Models no longer active are dropped first (loaded again if a call asks for one): each training would otherwise leave
 * the model it superseded in memory, 40 MiB a training at 100,000 comparisons, until the cache is full.
 * Returns the models it holds warm.
 */
export async function warmModelCache(db: Database.Database): Promise<StoredModel[]> {
  for (const modelId of inactiveModelIds(db, [...loaded.keys()])) loaded.delete(modelId);
  const warmed: StoredModel[] = [];
  for (const modelId of assistingModelIds(db, CAPACITY)) {
    await new Promise((resolve) => setImmediate(resolve));
    if (!db.open) return warmed;
    try {
      warmed.push(cachedModel(db, modelId));
    } catch {
      // reported, with its reason, by the call that needs this model
    }
  }
  return warmed;
}
