// The engine's contract: gradients match finite differences, same seed ⇒ same weights, blobs round-trip and
// corrupt ones are refused, training reports progress and stops on abort, tokens are as documented, and every
// bad argument is an exception (never a crash) with an exact message.
import { randomUUID } from 'node:crypto';
import { once } from 'node:events';
import { Worker } from 'node:worker_threads';
import { crc32 } from 'node:zlib';
import { describe, expect, it } from 'vitest';
import { deviceInfo, featurize, RewardModel, tokenize, train, type DenseItems, type Pairs } from '../../electron/core/engine';
import { addonPath, engine } from '../../electron/core/engine/addon';
import { pairsByReward, plantedEmbeddings, rng } from './synthetic';

const small = plantedEmbeddings(200, 8, 31);
const smallPairs = pairsByReward(small.reward, 1000, rng(32));
const quick = { hidden: 8, members: 3, epochs: 3, batchSize: 64, seed: 5 };

describe('gradients', () => {
  for (const sparse of [false, true])
    for (const activation of ['relu', 'gelu'] as const)
      it(`analytic gradients of the MLP and BT loss match central differences (${sparse ? 'sparse' : 'dense'} input, ${activation})`, () => {
        const r = engine().gradientCheck(sparse, activation, 3);
        expect(r.checked).toBeGreaterThan(150);
        expect(r.skipped).toBeLessThan(r.checked / 4); // ReLU: steps that cross a kink are left out
        expect(r.maxRelError).toBeLessThan(2e-2);
      });
});

describe('determinism and serialization', () => {
  it('same seed and thread count give identical weights; another seed does not', async () => {
    const a = (await train(small.items, smallPairs, { ...quick, threads: 2 })).model.toBlob();
    const b = (await train(small.items, smallPairs, { ...quick, threads: 2 })).model.toBlob();
    const c = (await train(small.items, smallPairs, { ...quick, threads: 2, seed: 6 })).model.toBlob();
    expect(a.equals(b)).toBe(true);
    expect(a.equals(c)).toBe(false);
  });

  it('every reduction is partitioned by output, so one thread gives the same weights as two (dense and text)', async () => {
    const one = (await train(small.items, smallPairs, { ...quick, threads: 1 })).model.toBlob();
    const two = (await train(small.items, smallPairs, { ...quick, threads: 2 })).model.toBlob();
    expect(one.equals(two)).toBe(true);
    const items = await featurize({ prompts: ['a b c', 'd e f'], responses: ['a b x y', 'd q r s t', 'z', 'w w'], promptIndex: Uint32Array.of(0, 1, 0, 1) }, { bucketBits: 8 });
    const pairs = { a: Uint32Array.of(0, 1), b: Uint32Array.of(2, 3), target: Float32Array.of(1, 0) };
    const textOne = (await train(items, pairs, { ...quick, threads: 1, validationFraction: 0 })).model.toBlob();
    const textTwo = (await train(items, pairs, { ...quick, threads: 2, validationFraction: 0 })).model.toBlob();
    expect(textOne.equals(textTwo)).toBe(true);
  });

  it('a model round-trips through its blob with identical scores', async () => {
    const { model } = await train(small.items, smallPairs, quick);
    const back = RewardModel.fromBlob(model.toBlob());
    expect(back.config).toEqual(model.config);
    expect((await back.scoreItems(small.items)).mean).toEqual((await model.scoreItems(small.items)).mean);
  });

  it("a blob's trailer is the standard CRC-32 of the rest (zlib's), so blobs stored by earlier versions still load", async () => {
    for (const members of [3, 4]) {
      const blob = (await train(small.items, smallPairs, { ...quick, members })).model.toBlob(); // lengths 4 apart mod 8: both tails of the 8-byte steps
      expect(blob.readUInt32LE(blob.length - 4)).toBe(crc32(blob.subarray(0, blob.length - 4)));
    }
  });

  it('a model loaded under a key is held once for every thread of the process', async () => {
    const { model } = await train(small.items, smallPairs, quick);
    const blob = model.toBlob();
    const key = `test-${randomUUID()}`;
    expect(RewardModel.shared(key)).toBeNull();
    // Another thread (a Node-API environment of its own) loads it under the key and holds it.
    const holder = new Worker(
      `const { parentPort, workerData } = require('node:worker_threads');
       const held = require(workerData.addon).loadModel(workerData.blob, workerData.key);
       parentPort.postMessage(held.config().hidden);
       parentPort.once('message', () => process.exit(0));`,
      { eval: true, workerData: { addon: addonPath(), blob, key } },
    );
    expect((await once(holder, 'message'))[0]).toBe(quick.hidden);
    const here = RewardModel.shared(key);
    expect(here).not.toBeNull();
    expect((await here!.scoreItems(small.items)).mean).toEqual((await model.scoreItems(small.items)).mean);
    // Loading it here under the key gives the held model: the blob is not parsed again (the key is the caller's
    // promise that the blob is the one it names: the store passes its verified SHA-256).
    const flipped = Buffer.from(blob);
    flipped[flipped.length >> 1] ^= 0x10;
    expect(RewardModel.fromBlob(flipped, key).config).toEqual(model.config);
    expect(() => RewardModel.fromBlob(flipped)).toThrow('model blob is corrupt (checksum mismatch)'); // without a key it is
    holder.postMessage('done');
    await once(holder, 'exit');
    expect(() => RewardModel.shared('')).toThrow('key must be a non-empty string');
    expect(() => RewardModel.fromBlob(blob, '')).toThrow('sharedAs must be a non-empty string');
    expect(() => (engine().loadModel as (blob: Uint8Array, key: unknown) => unknown)(blob, 42)).toThrow('key must be a string');
  });

  it('a corrupt, truncated or foreign blob is refused with a clear error', async () => {
    const blob = (await train(small.items, smallPairs, quick)).model.toBlob();
    const flipped = Buffer.from(blob);
    flipped[flipped.length >> 1] ^= 0x10;
    expect(() => RewardModel.fromBlob(flipped)).toThrow('model blob is corrupt (checksum mismatch)');
    expect(() => RewardModel.fromBlob(blob.subarray(0, 40))).toThrow('model blob is corrupt (checksum mismatch)');
    expect(() => RewardModel.fromBlob(Buffer.from('PK\x03\x04 not a model at all'))).toThrow('not a Rung model blob (bad magic bytes)');
    const future = Buffer.from(blob);
    future.writeUInt32LE(99, 8);
    expect(() => RewardModel.fromBlob(future)).toThrow('unsupported model format version 99 (this engine reads versions 1 to 2)');
  });
});

describe('async training', () => {
  it('reports progress: every epoch with validation loss and accuracy', async () => {
    const events: { epoch: number; epochEnd: boolean; valLoss: number | null; valAccuracy: number | null; trainLoss: number }[] = [];
    const result = await train(small.items, smallPairs, { ...quick, epochs: 4, patience: 10, onProgress: (p) => events.push(p) });
    const ends = events.filter((e) => e.epochEnd);
    expect(ends.map((e) => e.epoch)).toEqual([1, 2, 3, 4]);
    for (const e of ends) {
      expect(e.valLoss).toBeGreaterThan(0);
      expect(e.valAccuracy).toBeGreaterThanOrEqual(0);
      expect(Number.isFinite(e.trainLoss)).toBe(true);
    }
    expect(result.epochsRun).toBe(4);
  });

  it('stops when the AbortSignal fires and rejects with its reason', async () => {
    const big = plantedEmbeddings(4000, 64, 41);
    const pairs = pairsByReward(big.reward, 50000, rng(42));
    const controller = new AbortController();
    let steps = 0;
    const done = train(big.items, pairs, {
      hidden: 64, members: 5, epochs: 1000, batchSize: 64, patience: 1000,
      signal: controller.signal,
      onProgress: (p) => {
        steps = p.step;
        controller.abort(new Error('stop now'));
      },
    });
    await expect(done).rejects.toThrow('stop now');
    expect(steps).toBeGreaterThan(0);
  });

  it('stops while a large model is being created (2^31 weights), before any step', async () => {
    const items = await featurize({ prompts: ['p', 'q'], responses: ['a b', 'c d'] }, { bucketBits: 24 });
    const pairs = { a: Uint32Array.of(0), b: Uint32Array.of(1), target: Float32Array.of(1) };
    const controller = new AbortController();
    let steps = 0;
    const done = train(items, pairs, { hidden: 25, members: 5, validationFraction: 0, signal: controller.signal, onProgress: () => steps++ });
    let abortedAt = 0;
    setTimeout(() => {
      abortedAt = performance.now();
      controller.abort(new Error('stop creating'));
    }, 30);
    await expect(done).rejects.toThrow('stop creating');
    console.log(`cancelled during model creation after ${(performance.now() - abortedAt).toFixed(1)} ms`); // a figure, not asserted
    expect(steps).toBe(0);
  });

  it('a signal aborted before the call rejects at once', async () => {
    await expect(train(small.items, smallPairs, { ...quick, signal: AbortSignal.abort(new Error('already')) })).rejects.toThrow('already');
  });

  it('a throwing progress callback stops training and rejects with its error', async () => {
    const done = train(small.items, smallPairs, { ...quick, epochs: 50, onProgress: () => { throw new Error('callback failed'); } });
    await expect(done).rejects.toThrow('callback failed');
  });
});

describe('featurizer', () => {
  it('normalises and tokenizes as documented', () => {
    expect(tokenize('Héllo, WORLD!\nÜber 東京 x2 ＡＢＣ ΣΟΦΙΑ')).toEqual(['héllo', ',', 'world', '!', '\n', 'über', '東', '京', 'x2', 'abc', 'σοφια']);
    expect(tokenize('lone \ud800 surrogate')).toEqual(['lone', '\ufffd', 'surrogate']);
  });

  it('is deterministic, sorted by column, L2-normalised on the hashed part, with 8 interaction features', async () => {
    const texts = { prompts: ['What is 2+2?', 'Name a colour.'], responses: ['It is 4, because 2+2=4.', 'Blue.'] };
    const a = await featurize(texts, { bucketBits: 10, threads: 2, arithmetic: false });
    const b = await featurize(texts, { bucketBits: 10, threads: 1, arithmetic: false });
    expect(a).toEqual(b);
    expect(await featurize(texts, { bucketBits: 10, threads: 2, arithmetic: false, background: true })).toEqual(a); // at training's priority
    expect(a.dim).toBe(1024 + 8);
    for (let r = 0; r < 2; r++) {
      const cols = Array.from(a.col.subarray(a.rowPtr[r], a.rowPtr[r + 1]));
      expect(cols).toEqual([...cols].sort((x, y) => x - y));
      expect(cols.slice(-8)).toEqual([1024, 1025, 1026, 1027, 1028, 1029, 1030, 1031]);
      const hashed = Array.from(a.val.subarray(a.rowPtr[r], a.rowPtr[r + 1] - 8));
      expect(Math.hypot(...hashed)).toBeCloseTo(1, 5);
    }
    // overlap: share of distinct response tokens found in the prompt: {is, 2, +} of {it, is, 4, ',', because, 2, +, =, '.'}
    expect(a.val[a.rowPtr[1] - 8 + 3]).toBeCloseTo(3 / 9, 6);
    expect(a.val[a.rowPtr[2] - 8 + 3]).toBe(0.5); // {'.'} of {blue, '.'}
  });

  it('appends 3 arithmetic-check features by default: any failing statement, log(1 + failing), log(1 + checked)/4', async () => {
    const responses = ['$4 \\times 3 = 12$ and $12 + 20 = 33$ and $33 - 3 = 30$.', '$4 \\times 3 = 12$ and $12 + 20 = 32$.', 'Blue.'];
    const f = await featurize({ prompts: ['Q'], responses, promptIndex: new Uint32Array(3) }, { bucketBits: 10 });
    expect(f.dim).toBe(1024 + 8 + 3);
    expect(f.featurizer.arithmetic).toBe(true);
    const tail = (r: number) => Array.from(f.val.subarray(f.rowPtr[r + 1] - 3, f.rowPtr[r + 1]));
    const cols = (r: number) => Array.from(f.col.subarray(f.rowPtr[r + 1] - 3, f.rowPtr[r + 1]));
    expect(cols(0)).toEqual([1032, 1033, 1034]);
    expect(tail(0)[0]).toBe(1);
    expect(tail(0)[1]).toBeCloseTo(Math.log(2), 6);
    expect(tail(0)[2]).toBeCloseTo(Math.log(4) / 4, 6);
    expect(tail(1)).toEqual([0, 0, Math.fround(Math.log(3) / 4)]);
    expect(tail(2)).toEqual([0, 0, 0]);
    await expect(featurize({ prompts: ['Q'], responses: ['A'] }, { arithmetic: 'yes' as never })).rejects.toThrow(/^options\.arithmetic must be a boolean$/);
  });
});

describe('deviceInfo', () => {
  it('names the CPU backend, threads, CPU features and why CUDA is absent', () => {
    const info = deviceInfo();
    expect(info.backends).toEqual(['cpu']);
    expect(info.threads).toBeGreaterThanOrEqual(1);
    expect(info.cpuFeatures).toContain('sse2');
    expect(['avx512', 'avx2', 'generic']).toContain(info.gemmKernel);
    expect(info.cuda.available).toBe(false);
    expect(info.cuda.reason).toMatch(/CUDA/);
  });

  it('device "cuda" is refused with the reason; "auto" falls back to the CPU', async () => {
    await expect(train(small.items, smallPairs, { ...quick, device: 'cuda' })).rejects.toThrow(/^device "cuda" was requested but CUDA is not available: /);
    expect((await train(small.items, smallPairs, { ...quick, device: 'auto' })).device).toBe('cpu');
  });

  it('scoring takes the same device option: "cuda" is refused with the reason, "auto" and "cpu" give the same CPU results', async () => {
    const { model } = await train(small.items, smallPairs, quick);
    await expect(model.scoreItems(small.items, { device: 'cuda' })).rejects.toThrow(/^device "cuda" was requested but CUDA is not available: /);
    const auto = await model.scoreItems(small.items, { device: 'auto' });
    const cpu = await model.scoreItems(small.items, { device: 'cpu' });
    expect(auto.device).toBe('cpu');
    expect(auto).toEqual(cpu);
    const pairs = { a: smallPairs.a.subarray(0, 50), b: smallPairs.b.subarray(0, 50) };
    expect(await model.scorePairs(small.items, pairs, { device: 'auto' })).toEqual(await model.scorePairs(small.items, pairs, { device: 'cpu', threads: 1 }));
    expect(() => engine().loadModel(model.toBlob()).scoreItems(small.items, 1, 'tpu' as never, 'fp32')).toThrow(new RangeError('device must be "auto", "cpu" or "cuda"'));
  });

  it('scores dense inputs in bf16 on AMX within 1% of fp32 (the same on any thread count), or says why it cannot', async () => {
    const { model } = await train(small.items, smallPairs, quick);
    await expect(model.scoreItems(small.items, { precision: 'fp16' as never })).rejects.toThrow(new RangeError('options.precision must be "fp32" or "bf16"'));
    expect(() => engine().loadModel(model.toBlob()).scoreItems(small.items, 1, 'cuda', 'bf16')).toThrow(
      new RangeError('precision "bf16" runs on the CPU (AMX): use device "cpu" or "auto" with it'),
    );
    const amx = deviceInfo().amxBf16;
    if (!amx.available) {
      expect(amx.reason).not.toBe('');
      await expect(model.scoreItems(small.items, { precision: 'bf16' })).rejects.toThrow(/^options\.precision "bf16" needs AMX: /);
      return;
    }
    const fp32 = await model.scoreItems(small.items);
    const bf16 = await model.scoreItems(small.items, { precision: 'bf16', threads: 2 });
    expect([fp32.precision, bf16.precision]).toEqual(['fp32', 'bf16']);
    expect(await model.scoreItems(small.items, { precision: 'bf16', threads: 1 })).toEqual(bf16);
    const range = Math.max(...fp32.mean) - Math.min(...fp32.mean);
    const worst = Math.max(...fp32.mean.map((x, i) => Math.abs(x - bf16.mean[i])));
    expect(worst).toBeLessThan(0.01 * range);
    const pairs = { a: smallPairs.a.subarray(0, 200), b: smallPairs.b.subarray(0, 200) };
    const p32 = await model.scorePairs(small.items, pairs);
    const p16 = await model.scorePairs(small.items, pairs, { precision: 'bf16' });
    expect(Math.max(...p32.prob.map((x, i) => Math.abs(x - p16.prob[i])))).toBeLessThan(0.01);
  });
});

describe('bad arguments are exceptions, never crashes', () => {
  const items: DenseItems = small.items;
  const pairs: Pairs = smallPairs;
  // 20,000 items of 8 values (several validation blocks), with `value` at the given flat indices
  const bigItems = (at: number[], value: number) => {
    const data = new Float32Array(20_000 * 8).fill(0.25);
    for (const i of at) data[i] = value;
    return { dim: 8, data };
  };
  const cases: [string, () => Promise<unknown>, ErrorConstructor, string][] = [
    ['items not an object', () => train(null as never, pairs), TypeError, 'items must be an object'],
    ['dim not an integer', () => train({ dim: 2.5, data: new Float32Array(5) }, pairs), TypeError, 'items.dim must be an integer'],
    ['data not Float32Array', () => train({ dim: 8, data: new Float64Array(8) as never }, pairs), TypeError, 'items.data must be a Float32Array'],
    ['data length', () => train({ dim: 8, data: new Float32Array(12) }, pairs), RangeError, 'items.data length must be a positive multiple of items.dim'],
    ['pairs.a type', () => train(items, { ...pairs, a: [1, 2] as never }), TypeError, 'pairs.a must be a Uint32Array'],
    ['precision', () => train(items, pairs, { precision: 'fp16' as never }), RangeError, 'options.precision must be "fp32" or "bf16"'],
    ['zero pairs', () => train(items, { a: new Uint32Array(0), b: new Uint32Array(0), target: new Float32Array(0) }), RangeError, 'pairs: at least one pair is needed'],
    ['length mismatch', () => train(items, { ...pairs, b: pairs.b.subarray(1) }), RangeError, 'pairs.a, pairs.b and pairs.target must have the same length'],
    ['hidden', () => train(items, pairs, { hidden: 0 }), RangeError, 'options.hidden must be from 1 to 65536'],
    ['members type', () => train(items, pairs, { members: '5' as never }), TypeError, 'options.members must be an integer'],
    ['learning rate', () => train(items, pairs, { learningRate: 0 }), RangeError, 'options.learningRate must be above 0 and at most 10'],
    ['learning rate NaN', () => train(items, pairs, { learningRate: NaN }), TypeError, 'options.learningRate must be a number'],
    ['activation', () => train(items, pairs, { activation: 'tanh' as never }), RangeError, 'options.activation must be "relu" or "gelu"'],
    ['device', () => train(items, pairs, { device: 'tpu' as never }), RangeError, 'device must be "auto", "cpu" or "cuda"'],
    ['signal', () => train(items, pairs, { signal: {} as never }), TypeError, 'options.signal must be an AbortSignal'],
    ['validation fraction', () => train(items, pairs, { validationFraction: 1 }), RangeError, 'options.validationFraction must be from 0 to 0.9'],
    ['out-of-range index', () => train(items, { ...pairs, a: Uint32Array.from(pairs.a, (x, i) => (i === 7 ? 200 : x)) }), RangeError, 'pairs: item index at pair 7 is out of range (200 items)'],
    ['NaN embedding', () => train({ dim: 8, data: Float32Array.from(items.data, (x, i) => (i === 19 ? NaN : x)) }, pairs), RangeError, 'items: embedding value at row 2, column 3 is not finite'],
    ['infinite embedding past the first block of 65,536 values', () => train(bigItems([150_003], Infinity), pairs), RangeError, 'items: embedding value at row 18750, column 3 is not finite'],
    ['the first of several non-finite values, in threaded blocks', () => train(bigItems([150_003, 140_001], -Infinity), pairs, { threads: 2 }), RangeError, 'items: embedding value at row 17500, column 1 is not finite'],
    ['target out of [0,1]', () => train(items, { ...pairs, target: Float32Array.from(pairs.target, (t, i) => (i === 3 ? 2 : t)) }), RangeError, 'pairs: target at pair 3 must be in [0, 1]'],
    ['negative weight', () => train(items, { ...pairs, weight: new Float32Array(pairs.a.length).fill(-1) }), RangeError, 'pairs: weight at pair 0 must be finite and ≥ 0'],
    ['huge model', () => train({ dim: 1 << 20, data: new Float32Array(1 << 20) }, { a: new Uint32Array(1), b: new Uint32Array(1), target: new Float32Array(1) }, { hidden: 65536 }), RangeError, 'model too large: input dimension × hidden × members must be at most 2^31 parameters'],
    ['sparse column out of range', () => train({ dim: 4, rowPtr: Uint32Array.of(0, 1, 2), col: Uint32Array.of(0, 9), val: Float32Array.of(1, 1) }, { a: Uint32Array.of(0), b: Uint32Array.of(1), target: Float32Array.of(1) }), RangeError, 'items: column index 9 in row 1 is out of range (dimension 4)'],
    // a row ending far past the entries, seen as a decrease only at the next row: checked before any entry is read (#17)
    ['sparse rowPtr past the entries', () => train({ dim: 4, rowPtr: Uint32Array.of(0, 2 ** 31, 2), col: Uint32Array.of(0, 1), val: Float32Array.of(1, 1) }, { a: Uint32Array.of(0), b: Uint32Array.of(1), target: Float32Array.of(1) }), RangeError, 'items: rowPtr must not decrease (row 1)'],
    ['featurize prompts', () => featurize({ prompts: 'x' as never, responses: [] }), TypeError, 'texts.prompts must be an array of strings'],
    ['featurize bucket bits', () => featurize({ prompts: ['p'], responses: ['r'] }, { bucketBits: 30 }), RangeError, 'options.bucketBits must be from 4 to 24'],
    ['featurize background', () => featurize({ prompts: ['p'], responses: ['r'] }, { background: 'yes' as never }), TypeError, 'options.background must be a boolean'],
    ['featurize background, natively', async () => engine().featurize(['p'], ['r'], Uint32Array.of(0), { bucketBits: 8, bigrams: true, hashSeed: 0, arithmetic: true }, 1, 'yes' as never), TypeError, 'background must be a boolean'],
    ['featurize promptIndex', () => featurize({ prompts: ['p'], responses: ['r'], promptIndex: Uint32Array.of(3) }), RangeError, 'prompt index 3 of response 0 is out of range (1 prompts)'],
  ];
  for (const [name, call, type, message] of cases)
    it(name, async () => {
      const error = await call().then(() => null, (e: unknown) => e);
      expect(error).toBeInstanceOf(type);
      expect((error as Error).message).toBe(message);
    });

  it('the native layer checks its arguments too (no wrapper in between)', () => {
    const raw = engine();
    expect(() => raw.train({ dim: 8 } as never, pairs, {} as never)).toThrow(new TypeError('items.rowPtr must be a Uint32Array'));
    expect(() => raw.train(items, pairs, { hidden: 8 } as never)).toThrow(new TypeError('options.members must be an integer'));
    expect(() => raw.loadModel('blob' as never)).toThrow(new TypeError('blob must be a Buffer or Uint8Array'));
    expect(() => new (raw as unknown as { Model: new () => unknown }).Model()).toThrow('Model cannot be constructed directly: use train() or loadModel()');
  });

  it('scoring checks the input dimension and pair indices', async () => {
    const { model } = await train(items, pairs, quick);
    await expect(model.scoreItems({ dim: 4, data: new Float32Array(8) })).rejects.toThrow(new RangeError('items.dim is 4 but the model takes inputs of dimension 8'));
    await expect(model.scorePairs(items, { a: Uint32Array.of(0), b: Uint32Array.of(500) })).rejects.toThrow(new RangeError('item index at pair 0 is out of range (200 items)'));
  });

  it('trains on sparse rows with no entries, in batches that touch no row of W1 (#17)', async () => {
    // rows 0 and 2 empty, batches of one pair: such a batch once took the dense W1 update and read dW1 (empty) as D × MH
    const sparse = { dim: 4, rowPtr: Uint32Array.of(0, 0, 2, 2), col: Uint32Array.of(1, 3), val: Float32Array.of(1, -1) };
    const emptyPairs = { a: Uint32Array.of(0, 2), b: Uint32Array.of(2, 0), target: Float32Array.of(1, 0) };
    const { model } = await train(sparse, emptyPairs, { hidden: 3, members: 2, epochs: 3, batchSize: 1, validationFraction: 0, seed: 1, threads: 1 });
    const { mean } = await model.scoreItems(sparse, { threads: 1 });
    expect(Array.from(mean).every(Number.isFinite)).toBe(true);
    expect(mean[0]).toBe(mean[2]); // both empty: the same input
  });
});
