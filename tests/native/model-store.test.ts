// Stored models loaded back: the blob is checked against its stored SHA-256 before it is parsed, and a model is held
// once per process by that hash, whichever connection or thread loads it; the model list's id is read without blobs.
import { afterEach, describe, expect, it } from 'vitest';
import { RewardModel, train } from '../../electron/core/engine';
import { loadModel, saveModel } from '../../electron/core/engine/model-store';
import { openStore } from '../../electron/core/store';
import { tempStore, type TempStore } from '../helpers/store';
import { pairsByReward, plantedEmbeddings, rng } from './synthetic';

let t: TempStore;
afterEach(() => t?.cleanup());

async function storedModel(seed: number) {
  const planted = plantedEmbeddings(120, 6, seed);
  const items = planted.items;
  const { model } = await train(items, pairsByReward(planted.reward, 400, rng(seed + 1)), { hidden: 4, members: 2, epochs: 2, batchSize: 64, seed });
  const id = saveModel(t.store.db, { name: `RM ${seed}`, model, config: { ...model.config, input: 'embedding' }, metrics: {}, trainedOn: {}, device: 'cpu', actor: 'test' });
  const sha = t.store.db.prepare('SELECT blob_sha256 FROM models WHERE id = ?').pluck().get(id) as string;
  return { id, sha, model, items };
}

describe('loading a stored model', () => {
  it('refuses a blob that does not match its stored SHA-256, naming the model', async () => {
    t = tempStore();
    const { id } = await storedModel(71);
    t.store.db.prepare('UPDATE models SET blob = zeroblob(length(blob)) WHERE id = ?').run(id);
    expect(() => loadModel(t.store.db, id)).toThrow(`model ${id}: stored blob does not match its SHA-256`);
  });

  it('holds the weights once for the process, by their hash, whichever connection loads them', async () => {
    t = tempStore();
    const { id, sha, model, items } = await storedModel(72);
    expect(RewardModel.shared(sha)).toBeNull();
    const first = loadModel(t.store.db, id)!;
    expect(RewardModel.shared(sha)).not.toBeNull(); // held under its hash while `first` holds it
    const other = openStore(t.store.path);
    try {
      const second = loadModel(other.db, id)!;
      expect(second).toMatchObject({ id, name: 'RM 72', active: true });
      const expected = (await model.scoreItems(items)).mean;
      expect((await second.model.scoreItems(items)).mean).toEqual(expected);
      expect((await first.model.scoreItems(items)).mean).toEqual(expected);
    } finally {
      other.close();
    }
    // the most recent active model, when no id is given
    expect(loadModel(t.store.db)?.id).toBe(id);
    expect(loadModel(t.store.db, 'no such model')).toBeNull();
  });
});
