// Training and scoring on encoder features (#15) with the tiny BERT written from JS: the model records its encoder
// (name and checksum) and scores through the embedding cache; a text is encoded once (a second training and the
// scoring need no encoder files at all), a model trained on cached embeddings equals one trained on fresh ones, the
// cache survives reopening the database, encoding reports progress and stops when cancelled, and a model whose encoder
// is missing or changed is refused.
import { rmSync, unlinkSync, writeFileSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { dispatch, type ProgressEvent } from '../../electron/api';
import { createHandlers } from '../../electron/core/service';
import { openStore } from '../../electron/core/store';
import { cachedEmbeddingCount } from '../../electron/core/db/encoders';
import { ensureEmbeddings } from '../../electron/core/encoders/cache';
import { loadEncoder } from '../../electron/core/engine/encoder';
import { loadModel } from '../../electron/core/engine/model-store';
import { useService } from '../helpers/api';
import { rung } from '../helpers/cli';
import { writeTinyEncoder } from '../helpers/encoders';
import { uploadSource } from '../helpers/store';

const s = useService('cli');

/** 40 comparisons judged by one person: the better response is "hello world !", the worse "cafe , x" (tiny vocabulary). */
const rows = Array.from({ length: 40 }, (_, i) => {
  const aGood = i % 2 === 0;
  const good = i % 3 === 0 ? 'hello world !' : 'hello worlds', bad = i % 3 === 0 ? 'cafe , x' : 'x cafe 中';
  return { prompt: `hello ${'x '.repeat(i % 7)}${i}`, response_a: aGood ? good : bad, response_b: aGood ? bad : good, judgments: [{ evaluator: 'Ada', choice: aGood ? 'A' : 'B' }] };
});

async function setup() {
  const dir = join(s.t.dir, 'tiny-bert');
  writeTinyEncoder(dir);
  await s.value('importDataset', { source: uploadSource('hello.jsonl', rows) });
  const encoder = await s.value('addEncoder', { path: dir, name: 'mini' });
  return { dir, encoder };
}

const blobOf = (id: string) => loadModel(s.t.store.db, id)!.model.toBlob();

describe('training on encoder features', () => {
  it('trains, records the encoder, and scores through the cache; a second training encodes nothing and gives the same model', async () => {
    const { dir, encoder } = await setup();
    const fresh = await s.value('trainModel', { encoder: 'mini', holdout: 0.25, seed: 3, device: 'cpu' });
    expect(fresh.input).toBe('encoder');
    expect(fresh.accuracy).toBeGreaterThan(0.8);
    const stored = loadModel(s.t.store.db, fresh.modelId)!;
    expect(stored.config.encoder).toMatchObject({ name: 'mini', checksum: encoder.checksum, architecture: 'BertModel', dim: 8 });
    expect(stored.model.config.inputDim).toBe(16); // [e_r, e_p ⊙ e_r]
    // every prompt and response is cached: 40 prompts, 4 distinct responses
    expect(cachedEmbeddingCount(s.t.store.db, encoder.checksum)).toBe(44);
    // Without its weights the encoder could not encode anything: the second training and scoring use the cache only.
    unlinkSync(join(dir, 'model.safetensors'));
    const cached = await s.value('trainModel', { encoder: 'mini', holdout: 0.25, seed: 3, device: 'cpu' });
    expect(Buffer.compare(blobOf(cached.modelId), blobOf(fresh.modelId))).toBe(0);
    const scored = await s.value('scoreComparisons', { modelId: cached.modelId });
    expect(scored.comparisons).toHaveLength(40);
    expect(scored.agreementWithHumans.accuracy).toBeGreaterThan(0.8);
  });

  it('reports the encoding as a stage of its own before the training steps, and encodes nothing the second time', async () => {
    await setup();
    const train = async () => {
      const events: ProgressEvent[] = [];
      const r = await dispatch(s.handlers, 'trainModel', { encoder: 'mini', holdout: 0, seed: 1, device: 'cpu' }, () => undefined, { transport: 'cli', onProgress: (e) => events.push(e) });
      expect(r.ok).toBe(true);
      return events;
    };
    const first = await train();
    const stages = first.filter((e) => e.kind === 'stage').map((e) => (e as { message: string }).message);
    expect(stages).toEqual(['encoding texts (0/44)', 'encoding texts (44/44)']);
    expect(first.findIndex((e) => e.kind === 'training')).toBe(2);
    expect((await train()).filter((e) => e.kind === 'stage')).toEqual([]);
  });

  it('refuses to score when the encoder is removed, or registered again with other files', async () => {
    const { dir } = await setup();
    const { modelId } = await s.value('trainModel', { encoder: 'mini', holdout: 0, seed: 1, device: 'cpu' });
    await s.value('removeEncoder', { name: 'mini' });
    const missing = await s.call('scoreComparisons', { modelId });
    expect(missing).toMatchObject({ ok: false, error: { code: 'NOT_FOUND', message: expect.stringMatching(/no encoder named "mini"/) } });
    writeFileSync(join(dir, 'vocab.txt'), readFileSync(join(dir, 'vocab.txt'), 'utf8') + '\n');
    await s.value('addEncoder', { path: dir, name: 'mini' });
    const changed = await s.call('scoreComparisons', { modelId });
    expect(changed).toMatchObject({ ok: false, error: { code: 'CONFLICT', message: expect.stringMatching(/encoder "mini" is registered with checksum .* but .* is needed/) } });
    const unknown = await s.call('trainModel', { encoder: 'nope', holdout: 0, seed: 1, device: 'cpu' });
    expect(unknown).toMatchObject({ ok: false, error: { code: 'NOT_FOUND', message: expect.stringMatching(/no encoder named "nope"/) } });
  });

  it('keeps the cache across reopening the database', async () => {
    await setup();
    const texts = ['hello world', 'cafe x', 'he', '中'];
    const first = await s.value('embedTexts', { encoder: 'mini', texts });
    expect(first.encoded).toBe(4);
    s.t.store.close();
    const reopened = openStore(s.t.store.path);
    try {
      const handlers = createHandlers(reopened, { mode: 'browser', version: 'test' });
      const again = await dispatch(handlers, 'embedTexts', { encoder: 'mini', texts }, () => undefined, { transport: 'cli' });
      expect(again).toMatchObject({ ok: true, value: { encoded: 0, vectors: first.vectors } });
    } finally {
      reopened.close();
    }
  });

  it('encodes in chunks with progress, stops when cancelled, and encodes only what is left the next time', async () => {
    const { dir, encoder } = await setup();
    const key = { checksum: encoder.checksum, dim: 8 };
    const texts = ['a hello', 'b hello', 'c hello', 'd hello', 'e hello', 'f hello'];
    const open = () => loadEncoder(dir);
    const abort = new AbortController();
    const seen: string[] = [];
    const run = ensureEmbeddings(s.t.store.db, key, texts, open, {
      chunk: 2,
      signal: abort.signal,
      onProgress: (p) => {
        seen.push(`${p.encoded}/${p.toEncode}`);
        if (p.encoded === 2) abort.abort();
      },
    });
    await expect(run).rejects.toMatchObject({ name: 'AbortError' });
    expect(seen).toEqual(['0/6', '2/6']);
    expect(cachedEmbeddingCount(s.t.store.db, encoder.checksum)).toBe(2);
    const progress: string[] = [];
    expect(await ensureEmbeddings(s.t.store.db, key, texts, open, { chunk: 2, onProgress: (p) => progress.push(`${p.encoded}/${p.toEncode}`) })).toBe(4);
    expect(progress).toEqual(['0/4', '2/4', '4/4']);
    expect(await ensureEmbeddings(s.t.store.db, key, texts, () => Promise.reject(new Error('must not load')))).toBe(0);
  });
});

describe('rung train --encoder', () => {
  it('trains on the encoder\'s features and says so; an unknown encoder is refused', async () => {
    const { dir } = await setup();
    s.t.store.close();
    const db = s.t.store.path;
    const trained = rung(['train', '--encoder', 'mini', '--holdout', '0', '--db', db]);
    expect(trained.stderr).toBe('');
    expect(trained.stdout).toMatch(/\(encoder features, cpu\)/);
    const unknown = rung(['train', '--encoder', 'other', '--db', db]);
    expect(unknown).toMatchObject({ code: 1, stderr: expect.stringMatching(/no encoder named "other"/) });
    rmSync(dir, { recursive: true });
  });
});
