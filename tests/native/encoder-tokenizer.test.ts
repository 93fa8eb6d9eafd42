// The engine's BERT tokenizer gives the ids Hugging Face's gives, on ≥ 10,000 strings: the texts of ../shared/data
// (PandaLM, LLMBar Natural: whole, by line, by sentence, and cut at random UTF-16 positions), random code points from
// every plane, and edge cases (combining marks, emoji, CJK, RTL, NUL and controls, lone surrogates — which cross
// into the engine as U+FFFD, as Node encodes strings, and are compared with HF on that text —, 100 KB strings).
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { beforeAll, expect, it } from 'vitest';
import { loadEncoder } from '../../electron/core/engine/encoder';
import { describeWithPytorch, randomEncoders, realMiniLm, referenceIds } from '../helpers/encoders';
import { sharedDataDir } from '../helpers/store';
import { rng } from './synthetic';

function dataTexts(): string[] {
  const dir = sharedDataDir();
  if (!dir) return [];
  const read = (file: string, fields: string[]) =>
    (JSON.parse(readFileSync(join(dir, file), 'utf8')) as Record<string, unknown>[]).flatMap((r) => fields.map((f) => r[f]).filter((v): v is string => typeof v === 'string'));
  return [...read('pandalm/testset-v1.json', ['instruction', 'input', 'response1', 'response2']), ...read('llmbar-natural/dataset.json', ['input', 'output_1', 'output_2'])];
}

function randomCodePoints(random: () => number, count: number): string[] {
  const ranges: [number, number][] = [
    [0x20, 0x7e], [0x80, 0x24f], [0x300, 0x36f], [0x370, 0x3ff], [0x400, 0x4ff], [0x590, 0x5ff], [0x600, 0x6ff], [0x900, 0x97f],
    [0xe00, 0xe7f], [0x1100, 0x11ff], [0x1e00, 0x1eff], [0x2000, 0x206f], [0x3000, 0x30ff], [0x4e00, 0x9fff], [0xac00, 0xd7a3],
    [0xf900, 0xfaff], [0xfe00, 0xfe6f], [0xff00, 0xffef], [0x1f300, 0x1faff], [0x20000, 0x2fa1f], [0xe0000, 0xe01ef],
  ];
  const out: string[] = [];
  for (let i = 0; i < count; i++) {
    let s = '';
    const n = 1 + Math.floor(random() * 12);
    for (let k = 0; k < n; k++) {
      let cp: number;
      const r = random();
      if (r < 0.35) {
        const [lo, hi] = ranges[Math.floor(random() * ranges.length)];
        cp = lo + Math.floor(random() * (hi - lo + 1));
      } else if (r < 0.75) cp = Math.floor(random() * 0x10000);
      else cp = Math.floor(random() * 0x110000);
      if (cp >= 0xd800 && cp <= 0xdfff) cp = 0x41;
      s += String.fromCodePoint(cp) + (random() < 0.2 ? ' ' : '');
    }
    out.push(s);
  }
  return out;
}

const edgeCases = [
  '', ' ', '\t\n\r', 'e\u0301 vs é, n\u0303, a\u0308\u0301\u0323, \u1e69\u0307', 'Ångström Ελληνικά ΣΊΣΥΦΟΣ İstanbul ß ﬁ ǅ',
  '👍🏽 👨‍👩‍👧‍👦 🇫🇷 🥰 🫠 ❤️ 1️⃣', '中文字符，测试。日本語のテキスト、한국어 텍스트', '𠀀𪜀𫝀 𫠠 丽',
  'مرحبا بالعالم، كَيْفَ حالُك؟ שָׁלוֹם עוֹלָם', '\u202eRTL override\u202c \u200f\u200e', 'a\u0000b c\u0000', '\u0001\u0007\u001b[31mred\u007f\u0085\u00a0x',
  'zero\u200bwidth\u200djoiner\ufeffbom \ufffd', 'lone \ud800 high', 'lone \udc00 low', 'pair \ud83d\ude00 ok', 'a\ud800b', '\udfff\ud800',
  'tab\tnew\nline\u2028sep\u2029para\u3000ideo', '“quotes” ‘single’ «guillemets» — – … ¿¡ § ¶ † ‡ • ‰ ′ ″', '$100 + 5% = #hash @user ^caret `tick` ~tilde |pipe',
  'ｆｕｌｌｗｉｄｔｈ ＡＢＣ １２３', '𝐌𝐚𝐭𝐡 𝔉𝔯𝔞𝔨 ①②③ ⅻ', 'Hello [SEP] world [CLS][MASK] [UNK] [PAD]x', '[sep] [ SEP ]',
  'ǈǉǊ ᾈᾉ ẞ Ω K Å', '\u0345\u0307\u0328 alone', 'ff'.repeat(60), 'supercalifragilisticexpialidocious'.repeat(3),
  'x'.repeat(100), 'y'.repeat(101), 'ü'.repeat(100) + ' ' + 'ü'.repeat(101), '\ue000\uf8ff private \u{f0000}', '\u0378\u0380 unassigned \u{e0080}',
  'the quick brown fox '.repeat(5000), '中'.repeat(50000), 'é'.repeat(100000), `${'word '.repeat(10000)}\u0000${'ünïcödé '.repeat(5000)}`,
];

function corpus(): string[] {
  const random = rng(20261206);
  const data = dataTexts();
  const lines = data.flatMap((t) => t.split('\n')).filter((l) => l.trim());
  const sentences = data.flatMap((t) => t.split(/(?<=[.!?])\s+/)).filter((s) => s.trim());
  const cuts = data.map((t) => t.slice(Math.floor(random() * t.length), Math.floor(random() * t.length) + 200));
  const texts = [...new Set([...data, ...lines, ...sentences, ...cuts])];
  return [...texts, ...randomCodePoints(random, Math.max(3000, 10_000 - texts.length)), ...edgeCases];
}

describeWithPytorch('encoder tokenizer parity with Hugging Face tokenizers', () => {
  const texts = corpus();
  let models: string;
  beforeAll(() => {
    models = randomEncoders();
  }, 300_000);

  it(`the corpus has at least 10,000 strings (${texts.length})`, () => {
    expect(texts.length).toBeGreaterThanOrEqual(10_000);
    expect(texts.some((t) => t.length >= 100_000)).toBe(true);
  });

  for (const [name, dir] of [
    ['all-MiniLM-L6-v2 (real bert-base-uncased vocabulary)', () => realMiniLm],
    ['random uncased vocabulary (tokenizer.json)', () => join(models, 'small')],
    ['random cased vocabulary, no accent stripping', () => join(models, 'small-cased')],
    ['random uncased vocabulary from vocab.txt + tokenizer_config.json', () => join(models, 'small-vocab-txt')],
  ] as const)
    it(`identical ids: ${name}`, async () => {
      const encoder = await loadEncoder(dir());
      const ours = encoder.tokenize(texts);
      const theirs = referenceIds(dir(), texts);
      const differ = texts.flatMap((t, i) => (JSON.stringify(Array.from(ours[i])) === JSON.stringify(theirs[i]) ? [] : [{ text: JSON.stringify(t.slice(0, 80)), ours: Array.from(ours[i].slice(0, 12)), theirs: theirs[i].slice(0, 12) }]));
      expect(differ.slice(0, 5)).toEqual([]);
      expect(ours.reduce((n, ids) => n + ids.length, 0)).toBeGreaterThan(texts.length * 3);
    }, 300_000);
});
