// Engine benchmarks (issue 4): W1 dense training and scoring (D=768, H=256, M=5, batch 512, 5 × 40,000 pairs, each beside
// the engine's own sgemm and OpenBLAS sgemm at 2048³), onnxruntime (scoring) and TensorFlow.js (WASM) measured in the same run; W2 text (PandaLM-like, 2^20 buckets, H=64,
// M=5): featurize MB/s and training pairs/s; peak RSS for 500,000 pairs over 200,000 items in a child process.
// Figures only: nothing about time is asserted.
import { spawnSync } from 'node:child_process';
import { readFileSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { it } from 'vitest';
import { deviceInfo, featurize, train } from '../../electron/core/engine';
import { engine } from '../../electron/core/engine/addon';
import { sharedDataDir } from '../helpers/store';
import { fmt, median, report } from './stats';
import { onnxScorer } from './onnx-peer';
import { openblasSgemm } from './openblas-peer';
import { tfjsW1 } from './tfjs-peer';

const root = resolve(__dirname, '..', '..');
const threads = deviceInfo().threads;

function randomItems(n: number, dim: number) {
  const data = new Float32Array(n * dim);
  let s = 12345;
  for (let i = 0; i < data.length; i++) {
    s = (Math.imul(s, 1103515245) + 12345) >>> 0;
    data[i] = s / 2 ** 32 - 0.5;
  }
  return { dim, data };
}

function randomPairs(n: number, items: number, reward: (i: number) => number) {
  const a = Uint32Array.from({ length: n }, (_, p) => (p * 7919) % items);
  const b = Uint32Array.from({ length: n }, (_, p) => (p * 104729 + 1) % items);
  return { a, b, target: Float32Array.from({ length: n }, (_, p) => (reward(a[p]) > reward(b[p]) ? 1 : 0)) };
}

it('W1: dense training and scoring against the sgemm rate of this machine', async () => {
  const info = deviceInfo();
  const amx = info.amxBf16.available;
  const openblas = openblasSgemm(threads, info.cpuFeatures.includes('avx512f'));
  const D = 768, H = 256, M = 5, pairs = 200_000, nItems = 100_000;
  const items = randomItems(nItems, D);
  const p = randomPairs(pairs, nItems, (i) => items.data[i * D] + items.data[i * D + 1]);
  await engine().benchGemm(2048, 2048, 2048, threads, 1); // warm-up

  // Training in 5 repetitions of one epoch over 40,000 of the pairs, each right after the sgemm runs it is compared
  // with: this machine's speed drifts with its other tenants, so each repetition is set against the rates measured
  // next to it, mean against mean (3 timed multiplies each), and the median of the per-repetition ratios is reported.
  // BF16 on AMX (where the CPU has it) trains on the same pairs right after its FP32 repetition.
  const reps = 5, repPairs = pairs / reps;
  const rates: number[] = [], bf16Ratios: number[] = [], ownGflops: number[] = [], openblasGflops: number[] = [];
  let model: Awaited<ReturnType<typeof train>>['model'] | undefined;
  for (let r = 0; r < reps; r++) {
    const part = { a: p.a.subarray(r * repPairs, (r + 1) * repPairs), b: p.b.subarray(r * repPairs, (r + 1) * repPairs), target: p.target.subarray(r * repPairs, (r + 1) * repPairs) };
    let ownSeconds = 0;
    for (let i = 0; i < 3; i++) ownSeconds += await engine().benchGemm(2048, 2048, 2048, threads, 1);
    ownGflops.push((3 * 2 * 2048 ** 3) / ownSeconds / 1e9);
    if ('measure' in openblas) openblasGflops.push(openblas.measure().mean);
    const t0 = performance.now();
    model = (await train(items, part, { hidden: H, members: M, batchSize: 512, epochs: 1, validationFraction: 0, threads })).model;
    rates.push(repPairs / ((performance.now() - t0) / 1000));
    if (amx) {
      const t1 = performance.now();
      await train(items, part, { hidden: H, members: M, batchSize: 512, epochs: 1, validationFraction: 0, threads, precision: 'bf16' });
      bf16Ratios.push(repPairs / ((performance.now() - t1) / 1000) / rates[r]);
    }
  }
  if ('dispose' in openblas) openblas.dispose();
  // the reference of each repetition: OpenBLAS's AVX-512 rate (the machine's practical limit), else our own sgemm
  const reference = openblasGflops.length === reps ? openblasGflops : ownGflops;
  const trainShares = rates.map((rate, r) => (rate * 7.86e-3) / reference[r]);
  const pairsPerSecond = median(rates);
  const trainGflops = pairsPerSecond * 7.86e-3;
  const refGflops = median(reference);
  const spread = (xs: number[], digits = 1, scale = 100) => `${fmt(scale * median(xs), digits)} (${fmt(scale * Math.min(...xs), digits)}–${fmt(scale * Math.max(...xs), digits)})`;

  // scoring, rung and onnxruntime alternating slice by slice so that a busy machine slows both alike
  const scoreItems = randomItems(200_000, D), slice = 8192;
  const onnx = await onnxScorer(model!, threads);
  await onnx.score(scoreItems.data.subarray(0, slice * D)); // warm-up
  // and BF16 on AMX where the CPU has it (not the same arithmetic as the FP32 peer: reported on its own row)
  let scoreSeconds = 0, onnxSeconds = 0, bf16Seconds = 0, maxAbsDiff = 0, bf16MaxDiff = 0;
  for (let i0 = 0; i0 < 200_000; i0 += slice) {
    const data = scoreItems.data.subarray(i0 * D, Math.min(200_000, i0 + slice) * D);
    const t1 = performance.now();
    const ours = await model!.scoreItems({ dim: D, data }, { threads });
    const t2 = performance.now();
    const theirs = await onnx.score(data);
    const t3 = performance.now();
    const half = amx ? await model!.scoreItems({ dim: D, data }, { threads, precision: 'bf16' }) : null;
    bf16Seconds += (performance.now() - t3) / 1000;
    onnxSeconds += (t3 - t2) / 1000;
    scoreSeconds += (t2 - t1) / 1000;
    for (let i = 0; i < theirs.length; i++) maxAbsDiff = Math.max(maxAbsDiff, Math.abs(theirs[i] - ours.mean[i]));
    if (half) for (let i = 0; i < half.mean.length; i++) bf16MaxDiff = Math.max(bf16MaxDiff, Math.abs(half.mean[i] - ours.mean[i]));
  }
  await onnx.release();
  // same model, same items; float32 sums in another order: mean rewards (O(1) here) agree to 1e-3
  if (!(maxAbsDiff <= 1e-3)) throw new Error(`onnxruntime's rewards differ from ours by up to ${maxAbsDiff}`);
  const itemsPerSecond = 200_000 / scoreSeconds, onnxItemsPerSecond = 200_000 / onnxSeconds;
  const scoreGflops = (itemsPerSecond * 1.97e6) / 1e9;

  const peer = await tfjsW1(items.data.subarray(0, 20_000 * D), D, p.a.map((i) => i % 20_000), p.b.map((i) => i % 20_000), p.target, 8);

  const share = (gflops: number) => `${fmt((100 * gflops) / refGflops, 1)}%`;
  const refName = openblasGflops.length === reps ? 'OpenBLAS' : 'rung sgemm';
  report(`W1 (D=768, H=256, M=5, batch 512, 5 × 40,000 pairs over 100,000 items; ${threads} threads, ${info.gemmKernel} kernel)`, [
    ['implementation', `pairs/s | items/s | GFLOP/s | share of ${refName} sgemm: median of 5 repetitions (min–max)`],
    [`rung sgemm 2048³ (${info.gemmKernel})`, `- | - | ${fmt(median(ownGflops), 1)} | ${spread(ownGflops.map((g, r) => g / reference[r]))}%`],
    'measure' in openblas
      ? [`OpenBLAS sgemm 2048³ (coretype ${openblas.coretype})`, `- | - | ${fmt(median(openblasGflops), 1)} | reference (${fmt(Math.min(...openblasGflops), 1)}–${fmt(Math.max(...openblasGflops), 1)} GFLOP/s)`]
      : ['OpenBLAS sgemm 2048³', `skipped: ${openblas.skipped}`],
    ['rung training', `${fmt(pairsPerSecond)} | - | ${fmt(trainGflops, 1)} | ${spread(trainShares)}%`],
    amx
      ? ['rung training, BF16 on AMX (FP32 sums and weights)', `${fmt(pairsPerSecond * median(bf16Ratios))} | - | ${fmt(pairsPerSecond * median(bf16Ratios) * 7.86e-3, 1)} | ${spread(bf16Ratios, 2, 1)}× rung FP32 training`]
      : ['rung training, BF16 on AMX', `skipped: ${info.amxBf16.reason}`],
    ['rung scoring', `- | ${fmt(itemsPerSecond)} | ${fmt(scoreGflops, 1)} | ${share(scoreGflops)}`],
    amx
      ? ['rung scoring, BF16 on AMX (FP32 sums)', `- | ${fmt(200_000 / bf16Seconds)} | ${fmt((200_000 / bf16Seconds) * 1.97e-3, 1)} | ${fmt(scoreSeconds / bf16Seconds, 2)}× rung FP32, ${fmt(onnxSeconds / bf16Seconds, 2)}× onnxruntime FP32; max |Δ reward| vs FP32 ${bf16MaxDiff.toExponential(1)}`]
      : ['rung scoring, BF16 on AMX', `skipped: ${info.amxBf16.reason}`],
    [`onnxruntime-node ${onnx.version} (${threads} intra-op threads)`, `- | ${fmt(onnxItemsPerSecond)} | ${fmt((onnxItemsPerSecond * 1.97e6) / 1e9, 1)} | rung is ${fmt(itemsPerSecond / onnxItemsPerSecond, 2)}× (score); max |Δ reward| ${maxAbsDiff.toExponential(1)}`],
    [`TF.js ${peer.backend} (customGrad fast path)`, `${fmt(peer.pairsPerSecond)} | ${fmt(peer.itemsPerSecond)} | ${fmt((peer.pairsPerSecond * 7.86e6) / 1e9, 1)} | rung is ${fmt(pairsPerSecond / peer.pairsPerSecond, 1)}× (train), ${fmt(itemsPerSecond / peer.itemsPerSecond, 1)}× (score)`],
  ]);
});

it('W2: text featurize MB/s and training pairs/s (2^20 buckets, H=64, M=5)', async () => {
  const dir = sharedDataDir();
  let base: { prompt: string; r1: string; r2: string }[];
  if (dir) {
    const records = JSON.parse(readFileSync(join(dir, 'pandalm', 'testset-v1.json'), 'utf8')) as Record<string, unknown>[];
    base = records.map((r) => ({ prompt: `${r.instruction}\n${r.input ?? ''}`, r1: String(r.response1), r2: String(r.response2) }));
  } else {
    base = Array.from({ length: 1000 }, (_, i) => ({ prompt: `Question ${i}: explain item ${i}.`, r1: `Item ${i} is explained here in a few words. `.repeat(8), r2: `A short answer ${i}.` }));
  }
  // 20,000 pairs of PandaLM-length texts: the real ones, each copy given a distinct suffix so texts differ
  const copies = 20;
  const prompts: string[] = [], responses: string[] = [];
  for (let c = 0; c < copies; c++)
    for (const r of base) {
      prompts.push(r.prompt);
      responses.push(`${r.r1} (${c})`, `${r.r2} (${c})`);
    }
  const promptIndex = Uint32Array.from(responses, (_, i) => i >> 1);
  const megabytes = (responses.reduce((s, t) => s + Buffer.byteLength(t), 0) + prompts.reduce((s, t) => s + Buffer.byteLength(t), 0)) / 1e6;
  const t0 = performance.now();
  const items = await featurize({ prompts, responses, promptIndex }, { bucketBits: 20, threads });
  const featurizeSeconds = (performance.now() - t0) / 1000;
  const n = prompts.length;
  const pairs = { a: Uint32Array.from({ length: n }, (_, p) => 2 * p), b: Uint32Array.from({ length: n }, (_, p) => 2 * p + 1), target: Float32Array.from({ length: n }, (_, p) => p % 2) };
  const t1 = performance.now();
  const epochEnds: number[] = [];
  await train(items, pairs, { hidden: 64, members: 5, batchSize: 512, epochs: 3, validationFraction: 0, threads, onProgress: (p) => p.epochEnd && epochEnds.push(performance.now()) });
  const firstEpochSeconds = (epochEnds[0] - t1) / 1000;
  const steadySeconds = (epochEnds[2] - epochEnds[0]) / 2000;
  report(`W2 (${fmt(n)} pairs of PandaLM-length text, ${fmt(items.col.length / (2 * n), 0)} non-zeros per response, 2^20 buckets, H=64, M=5)`, [
    ['featurize', `${fmt(megabytes / featurizeSeconds, 1)} MB/s (${fmt(megabytes, 1)} MB in ${fmt(featurizeSeconds, 2)} s)`],
    ['training, epochs 2–3', `${fmt(n / steadySeconds)} pairs/s (${fmt(steadySeconds, 2)} s per epoch)`],
    ['first epoch, incl. init of 2^20 × 320 weights', `${fmt(firstEpochSeconds, 2)} s`],
  ]);
});

it('memory: training on 500,000 pairs over 200,000 items at D=768', () => {
  const child = spawnSync(process.execPath, [join(root, 'node_modules', 'jiti', 'lib', 'jiti-cli.mjs'), join(__dirname, 'engine-memory-child.ts')], { encoding: 'utf8', cwd: root });
  if (child.status !== 0) throw new Error(`memory child failed: ${child.stderr}`);
  const r = JSON.parse(child.stdout.trim().split('\n').pop()!) as { inputMb: number; rssBeforeTrainingMb: number; peakRssMb: number };
  report('Memory (500,000 pairs, 200,000 items, D=768, H=256, M=5, batch 512)', [
    ['inputs (items + pairs)', `${fmt(r.inputMb)} MB`],
    ['RSS with the inputs built, before training', `${fmt(r.rssBeforeTrainingMb)} MB`],
    ['peak RSS while training', `${fmt(r.peakRssMb)} MB (+${fmt(r.peakRssMb - r.rssBeforeTrainingMb)} MB over the inputs)`],
  ]);
});
