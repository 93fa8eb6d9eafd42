// Warming assistance ahead of need (scoring/warm-assistance.ts): a model that assists a layer is loaded, and so is the
// encoder it reads its features from, so the first assisted comparison loads neither (nor does another thread: the
// encoder is held once per process); an encoder whose folder no longer matches is left to the call that needs it.
import { unlinkSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it, vi } from 'vitest';
import { encoderByName } from '../../electron/core/db/encoders';
import { trainRung } from '../../electron/core/ladder/train-rung';
import { useService } from '../helpers/api';
import { writeTinyEncoder } from '../helpers/encoders';
import { uploadSource } from '../helpers/store';

const s = useService('ipc');

/** Layer 0 judged (the better response is "hello world !"), layer 1 waiting for assistance. */
const rows = Array.from({ length: 30 }, (_, i) => {
  const aGood = i % 2 === 0;
  return { prompt: `hello ${i}`, response_a: aGood ? 'hello world !' : 'cafe , x', response_b: aGood ? 'cafe , x' : 'hello world !', layer: i < 20 ? 0 : 1, judgments: i < 20 ? [{ evaluator: 'Ada', choice: aGood ? 'A' : 'B' }] : [] };
});

/** The registry and the warming as a freshly started thread has them: nothing loaded yet. */
async function freshThread() {
  vi.resetModules();
  const { warmAssistance } = await import('../../electron/core/scoring/warm-assistance');
  const { openEncoder } = await import('../../electron/core/encoders/registry');
  return { warmAssistance, openEncoder };
}

describe('warming assistance', () => {
  it("loads the assisting model's encoder ahead of the first assisted comparison", async () => {
    const dir = join(s.t.dir, 'tiny-bert');
    writeTinyEncoder(dir);
    await s.value('importDataset', { source: uploadSource('hello.jsonl', rows) });
    await s.value('addEncoder', { path: dir, name: 'mini' });
    const run = await s.value('createRun', { name: 'Encoder ladder', layers: [0, 1].map((layer) => ({ name: `L${layer}`, rule: { kind: 'field', layer } })) });
    await trainRung(s.t.store, { runId: run.id, layer: 0, holdout: 0, seed: 1, device: 'cpu', actor: 'test', encoder: 'mini' });
    const row = encoderByName(s.t.store.db, 'mini')!;

    const warmed = await freshThread();
    await warmed.warmAssistance(s.t.store.db);
    unlinkSync(join(dir, 'model.safetensors')); // from here on, loading the folder again would fail
    const encoder = await warmed.openEncoder(row);
    expect(encoder.tokenize(['hello world'])[0].length).toBe(4); // [CLS] hello world [SEP]

    // A thread that did not warm it takes the encoder the warmed thread holds, without reading the folder.
    const cold = await freshThread();
    expect((await cold.openEncoder(row)).tokenize(['hello world'])[0].length).toBe(4);
    await expect(cold.warmAssistance(s.t.store.db)).resolves.toBeUndefined();
    // Registered at another folder (a copy missing its weights), it is held by no thread: it has to be loaded from
    // that folder, which fails its check; warming says nothing and throws nothing, the call that needs it says why.
    const moved = join(s.t.dir, 'moved-bert');
    writeTinyEncoder(moved);
    unlinkSync(join(moved, 'model.safetensors'));
    s.t.store.db.prepare('UPDATE encoders SET path = ? WHERE name = ?').run(moved, 'mini');
    const elsewhere = await freshThread();
    await expect(elsewhere.warmAssistance(s.t.store.db)).resolves.toBeUndefined();
    await expect(elsewhere.openEncoder(encoderByName(s.t.store.db, 'mini')!)).rejects.toThrow(/encoder "mini": the files in .* changed since it was added/);
  });
});
