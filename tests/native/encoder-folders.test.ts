// Encoder folders without PyTorch: a tiny BERT written from JS loads, tokenizes as WordPiece should, encodes with
// progress and abort; every bad folder or file (missing file, wrong dtype, truncated header, offset past the end, a
// shape against the config, another architecture, a 10^6-entry vocabulary, …) is refused naming the file and field.
import { mkdirSync, mkdtempSync, readFileSync, rmSync, truncateSync, unlinkSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { loadEncoder } from '../../electron/core/engine/encoder';
import { safetensorsBytes, tinyTensors, tinyTokenizerJson, tinyVocab, writeTinyEncoder } from '../helpers/encoders';

const work = mkdtempSync(join(tmpdir(), 'rung-encoder-folders-'));
afterAll(() => rmSync(work, { recursive: true, force: true }));
let count = 0;

/** A fresh copy of the tiny encoder, changed by `edit`. */
function folder(edit: (dir: string) => void = () => {}): string {
  const dir = join(work, `enc${count++}`);
  writeTinyEncoder(dir);
  edit(dir);
  return dir;
}
const json = (dir: string, file: string, change: (o: any) => void) => {
  const o = JSON.parse(readFileSync(join(dir, file), 'utf8'));
  change(o);
  writeFileSync(join(dir, file), JSON.stringify(o));
};
const ids = (tokens: string[]) => tokens.map((t) => tinyVocab.indexOf(t));

describe('a valid folder', () => {
  it('loads with its name, architecture, sizes and the SHA-256 of model.safetensors', async () => {
    const dir = folder();
    const enc = await loadEncoder(dir);
    const sha = (await import('node:crypto')).createHash('sha256').update(readFileSync(join(dir, 'model.safetensors'))).digest('hex');
    expect(enc.info).toMatchObject({ name: dir.split('/').pop(), path: dir, architecture: 'BertModel', checksum: sha, tokenizerFile: 'tokenizer.json', dim: 8, layers: 1, heads: 2, vocabSize: 15, window: 16, pooling: 'mean', normalize: false });
  });

  it('tokenizes as BERT: lower case, accents stripped, punctuation split, CJK split, ##pieces, [UNK] for a word with an unknown piece', async () => {
    const enc = await loadEncoder(folder());
    const [a, b, c] = enc.tokenize(['Hello, WORLDS!', 'héllo café\u0000 x中x', 'hex [SEP]worlds']);
    expect(Array.from(a)).toEqual(ids(['[CLS]', 'hello', ',', 'world', '##s', '!', '[SEP]']));
    expect(Array.from(b)).toEqual(ids(['[CLS]', 'hello', 'cafe', 'x', '中', 'x', '[SEP]']));
    expect(Array.from(c)).toEqual(ids(['[CLS]', '[UNK]', '[SEP]', 'world', '##s', '[SEP]']));
    const viaVocab = await loadEncoder(folder((d) => unlinkSync(join(d, 'tokenizer.json'))));
    expect(viaVocab.info.tokenizerFile).toBe('vocab.txt');
    expect(viaVocab.tokenize(['Hello, WORLDS!'])[0]).toEqual(a);
  });

  it('encodes one vector per text, the same alone or in any batch, with progress; long texts are windowed', async () => {
    const enc = await loadEncoder(folder());
    const texts = ['hello world', 'worlds!', '', 'hello '.repeat(40)];
    const progress: number[][] = [];
    const rows = await enc.encode(texts, { batchSize: 2, threads: 2, onProgress: (done, total) => progress.push([done, total]) });
    expect(rows.map((r) => r.length)).toEqual([8, 8, 8, 8]);
    // 'hello ' × 40 = 40 pieces over 14 per window: windows start at 0, 7, …, 21, 26 → 5 windows; 8 in all
    expect(progress).toEqual([[2, 8], [4, 8], [6, 8], [8, 8]]);
    for (let i = 0; i < texts.length; i++) expect((await enc.encode([texts[i]], { batchSize: 1 }))[0]).toEqual(rows[i]);
  });

  it('stops on abort with an AbortError, and checks its arguments', async () => {
    const enc = await loadEncoder(folder());
    const controller = new AbortController();
    const job = enc.encode(Array(200).fill('hello world'), { batchSize: 1, signal: controller.signal, onProgress: () => controller.abort() });
    await expect(job).rejects.toMatchObject({ name: 'AbortError' });
    await expect(enc.encode(['x'], { batchSize: 0 })).rejects.toThrow('options.batchSize must be from 1 to 65536');
    await expect(enc.encode([3 as unknown as string])).rejects.toThrow('texts[0] must be a string');
    expect(() => enc.tokenize('x' as unknown as string[])).toThrow('texts must be an array of strings');
    await expect(loadEncoder('')).rejects.toThrow('dir must be a non-empty string');
  });
});

describe('bad folders and files are refused, naming the file and the field', () => {
  const refused = (name: string, edit: (dir: string) => void, message: string | RegExp) =>
    it(name, async () => {
      const dir = folder(edit);
      await expect(loadEncoder(dir)).rejects.toThrow(message);
    });

  it('not a folder', async () => {
    await expect(loadEncoder(join(work, 'nothing-here'))).rejects.toThrow(/nothing-here: not a folder/);
  });
  it('a path with a NUL character, which the file system would cut short (#17)', async () => {
    await expect(loadEncoder(`${folder()}\0/elsewhere`)).rejects.toThrow(new RangeError('dir must not contain NUL characters'));
  });
  refused('missing config.json', (d) => unlinkSync(join(d, 'config.json')), /config\.json: cannot read: missing/);
  refused('missing model.safetensors', (d) => unlinkSync(join(d, 'model.safetensors')), /model\.safetensors: cannot read: missing/);
  refused('no tokenizer', (d) => (unlinkSync(join(d, 'tokenizer.json')), unlinkSync(join(d, 'vocab.txt'))), /tokenizer\.json: missing \(and no vocab\.txt either\)/);
  refused('config.json that is not JSON', (d) => writeFileSync(join(d, 'config.json'), '{"model_type": "bert",}'), /config\.json: byte 22: expected a string/);
  refused('another architecture', (d) => json(d, 'config.json', (c) => (c.model_type = 'roberta')), /config\.json: model_type: "roberta" is not supported/);
  refused('an architecture outside the BERT family', (d) => json(d, 'config.json', (c) => (c.architectures = ['GPT2Model'])), /config\.json: architectures\[0\]: "GPT2Model" is not supported/);
  refused('another activation', (d) => json(d, 'config.json', (c) => (c.hidden_act = 'relu')), /config\.json: hidden_act: "relu" is not supported \(gelu\)/);
  refused('a missing size', (d) => json(d, 'config.json', (c) => delete c.hidden_size), /config\.json: hidden_size: missing/);
  refused('heads that do not divide the hidden size', (d) => json(d, 'config.json', (c) => (c.num_attention_heads = 3)), /config\.json: num_attention_heads: 3 does not divide hidden_size 8/);
  refused('a 10^6-entry vocabulary in config.json', (d) => json(d, 'config.json', (c) => (c.vocab_size = 1_000_000)), /config\.json: vocab_size: 1000000 entries, more than the 262144 this engine accepts/);
  refused(
    'a 10^6-entry vocab.txt',
    (d) => (unlinkSync(join(d, 'tokenizer.json')), writeFileSync(join(d, 'vocab.txt'), Array.from({ length: 1_000_000 }, (_, i) => `t${i}`).join('\n'))),
    /vocab\.txt: vocabulary: more than the 262144 entries this engine accepts/,
  );
  refused(
    'a 10^6-entry tokenizer.json vocabulary',
    (d) => {
      const vocab = `{${Array.from({ length: 1_000_000 }, (_, i) => `"t${i}":${i}`).join(',')}}`;
      writeFileSync(join(d, 'tokenizer.json'), JSON.stringify({ ...tinyTokenizerJson(), model: { ...(tinyTokenizerJson().model as object), vocab: 'VOCAB' } }).replace('"VOCAB"', vocab));
    },
    /tokenizer\.json: model\.vocab: 1000000 entries, more than the 262144 this engine accepts/,
  );
  refused('a token id past vocab_size', (d) => json(d, 'tokenizer.json', (t) => (t.model.vocab.x = 40)), /tokenizer\.json: vocabulary: id 40 is past config\.json vocab_size 16/);
  refused('another tokenizer model', (d) => json(d, 'tokenizer.json', (t) => (t.model.type = 'BPE')), /tokenizer\.json: model\.type: "BPE" is not supported \(only WordPiece\)/);
  refused('an unknown [CLS] token', (d) => json(d, 'tokenizer.json', (t) => (t.post_processor.cls = ['<s>', 0])), /tokenizer\.json: cls_token: token "<s>" is not in the vocabulary/);
  refused('an empty [CLS] entry', (d) => json(d, 'tokenizer.json', (t) => (t.post_processor.cls = [])), /tokenizer\.json: post_processor\.cls\[0\]: missing \(expected a string\)/);
  refused('max pooling', (d) => (mkdirSync(join(d, '1_Pooling')), writeFileSync(join(d, '1_Pooling', 'config.json'), JSON.stringify({ word_embedding_dimension: 8, pooling_mode_max_tokens: true }))), /1_Pooling\/config\.json: pooling_mode_max_tokens: true is not supported/);
  refused('a pooling dimension against the config', (d) => (mkdirSync(join(d, '1_Pooling')), writeFileSync(join(d, '1_Pooling', 'config.json'), JSON.stringify({ word_embedding_dimension: 9, pooling_mode_mean_tokens: true }))), /1_Pooling\/config\.json: word_embedding_dimension: 9 contradicts config\.json hidden_size 8/);

  const withTensors = (change: (t: ReturnType<typeof tinyTensors>) => void) => (d: string) => {
    const t = tinyTensors();
    change(t);
    writeFileSync(join(d, 'model.safetensors'), safetensorsBytes(t));
  };
  refused(
    'a wrong dtype',
    withTensors((t) => (t['embeddings.LayerNorm.weight'] = { dtype: 'F64', shape: [8], data: Buffer.alloc(64) })),
    /model\.safetensors: tensor embeddings\.LayerNorm\.weight\.dtype: F64 is not supported \(F32, F16 or BF16\)/,
  );
  refused(
    'a shape that contradicts the config',
    withTensors((t) => (t['encoder.layer.0.intermediate.dense.weight'] = { dtype: 'F32', shape: [12, 8], data: Buffer.alloc(12 * 8 * 4) })),
    /model\.safetensors: tensor encoder\.layer\.0\.intermediate\.dense\.weight\.shape: \[12, 8\] contradicts config\.json \(expected \[16, 8\]\)/,
  );
  refused('a missing tensor', withTensors((t) => delete t['encoder.layer.0.output.dense.bias']), /model\.safetensors: tensor encoder\.layer\.0\.output\.dense\.bias: missing/);
  refused(
    'a byte span that disagrees with the shape',
    withTensors((t) => (t['embeddings.LayerNorm.bias'] = { dtype: 'F32', shape: [8], data: Buffer.alloc(28) })),
    /model\.safetensors: tensor embeddings\.LayerNorm\.bias\.data_offsets: spans 28 bytes, but shape \[8\] of F32 needs 32/,
  );
  refused('a truncated header', (d) => truncateSync(join(d, 'model.safetensors'), 100), /model\.safetensors: header: truncated \(states \d+ bytes, the file has 92 after the size\)/);
  refused('a file under 8 bytes', (d) => truncateSync(join(d, 'model.safetensors'), 5), /model\.safetensors: header size: file of 5 bytes is truncated/);
  refused(
    'an offset past the end (truncated data)',
    (d) => {
      const file = join(d, 'model.safetensors');
      truncateSync(file, readFileSync(file).length - 4);
    },
    /model\.safetensors: tensor encoder\.layer\.0\.output\.LayerNorm\.bias\.data_offsets: end \d+ is past the end of the data/,
  );
  refused(
    'a header that is not JSON',
    (d) => {
      const file = join(d, 'model.safetensors');
      const b = readFileSync(file);
      b.write('#', 8);
      writeFileSync(file, b);
    },
    /model\.safetensors \(header\): byte 0: unexpected character/,
  );

  it('the checksum follows model.safetensors: F16 weights of the same values load, with another checksum', async () => {
    const a = folder();
    const b = folder((d) => {
      const t = tinyTensors();
      for (const k of Object.keys(t)) {
        const f = new Float32Array(t[k].data.buffer, t[k].data.byteOffset, t[k].data.length / 4);
        const h = Buffer.alloc(f.length * 2);
        f.forEach((x, i) => h.writeUInt16LE(float16Bits(x), i * 2));
        t[k] = { dtype: 'F16', shape: t[k].shape, data: h };
      }
      writeFileSync(join(d, 'model.safetensors'), safetensorsBytes(t));
    });
    const [ea, eb] = [await loadEncoder(a), await loadEncoder(b)];
    expect(eb.info.checksum).not.toBe(ea.info.checksum);
    const [va, vb] = [(await ea.encode(['hello world']))[0], (await eb.encode(['hello world']))[0]];
    va.forEach((x, i) => expect(Math.abs(x - vb[i])).toBeLessThan(0.05));
  });
});

/** IEEE half bits of x (round to nearest even; normal range, as the tiny weights are). */
function float16Bits(x: number): number {
  const f = new Float32Array([x]);
  const u = new Uint32Array(f.buffer)[0];
  const sign = (u >>> 16) & 0x8000;
  const exp = ((u >>> 23) & 0xff) - 127 + 15;
  if (exp <= 0) return sign;
  let mant = u & 0x7fffff;
  let half = sign | (exp << 10) | (mant >>> 13);
  mant &= 0x1fff;
  if (mant > 0x1000 || (mant === 0x1000 && half & 1)) half++;
  return half;
}
