// A trained model is saved even when another connection holds the write lock at that moment (an import's copy, say):
// the save waits off the thread, asks the writer for a turn (a marker beside the database), and is stored once the
// lock is free; it is not lost to SQLITE_BUSY after the connection's own busy timeout.
import Database from 'better-sqlite3';
import { afterEach, beforeEach, expect, it } from 'vitest';
import { importDataset } from '../../electron/core/datasets/import';
import { writersWaiting } from '../../electron/core/db/waiting-writers';
import { trainRung } from '../../electron/core/ladder/train-rung';
import { openStore } from '../../electron/core/store';
import { jsonl, tempStore, type TempStore } from '../helpers/store';
import { ladder, record } from '../helpers/planted-ladder';

let t: TempStore;
beforeEach(() => {
  t = tempStore();
});
afterEach(() => t.cleanup());

it('saves the model once the writer holding the lock lets go, after asking it for a turn', async () => {
  await importDataset(t.store, { path: t.file('ladder.jsonl', jsonl(ladder(false).map(record))) });
  const trainer = openStore(t.store.path, { busyTimeoutMs: 50 }); // SQLite's own wait alone would give up after 50 ms
  const other = new Database(t.store.path);
  other.exec('BEGIN IMMEDIATE');
  let released = false;
  let settled = false;
  const training = trainRung(trainer, { holdout: 0, seed: 5, device: 'cpu', actor: 'test' }).finally(() => (settled = true));
  // The lock is let go only once the save has asked for a turn: it met the lock, and waited rather than failed.
  while (!writersWaiting(t.store.path) && !settled) await new Promise((resolve) => setTimeout(resolve, 5));
  expect(settled).toBe(false);
  other.exec('COMMIT');
  released = true;
  const trained = await training;
  expect(released).toBe(true);
  expect(t.store.db.prepare('SELECT id, active FROM models').all()).toEqual([{ id: trained.modelId, active: 1 }]);
  expect(writersWaiting(t.store.path)).toBe(false);
  other.close();
  trainer.close();
});
