// Hostile import files (#17.1, #17.2, #17.9, #17.10): too deep or too large free-form fields, duplicate keys, lone
// surrogates, numbers that are not finite and endless blank input are refused with `file:line: field`, in every format
// and in JSONL as in JSON arrays and gzip, and nothing of the file is kept.
import { gzipSync } from 'node:zlib';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { importDataset } from '../../electron/core/datasets/import';
import { MAX_FREE_FORM_CHARS, MAX_FREE_FORM_DEPTH } from '../../electron/core/datasets/record';
import { BLANK_INPUT_LIMIT } from '../../electron/core/datasets/records';
import { countRows } from '../../electron/core/db/stats';
import { trlLines } from '../../electron/core/datasets/export';
import { jsonl, tempStore, type TempStore } from '../helpers/store';

let t: TempStore;
beforeEach(() => {
  t = tempStore();
});
afterEach(() => t.cleanup());

/** `{"k":{"k":…1…}}` nested `levels` deep, written as text (a JS value that deep cannot be stringified). */
const nested = (levels: number): string => '{"k":'.repeat(levels) + '1' + '}'.repeat(levels);
const rungLine = (extra: string, prompt = 'p'): string => `{"prompt":${JSON.stringify(prompt)},"response_a":"a","response_b":"b"${extra}}`;

async function expectRefused(name: string, content: string | Buffer, message: RegExp, options: Parameters<typeof importDataset>[2] = {}) {
  const path = t.file(name, content);
  const before = countRows(t.store.db);
  await expect(importDataset(t.store, { path }, options)).rejects.toMatchObject({ code: 'BAD_INPUT', message: expect.stringMatching(message) });
  expect(countRows(t.store.db)).toEqual(before);
}

describe('free-form fields are bounded in depth and size', () => {
  it(`a rung record's metadata nested 1,001 levels deep is refused naming file, line and field`, async () => {
    await expectRefused('deep.jsonl', `${rungLine('')}\n${rungLine(`,"metadata":{"deep":${nested(1000)}}`, 'q')}\n`, /deep\.jsonl:2: metadata\.deep\.k\.k.*: nested more than 64 levels deep$/);
  });

  it('5,000 and 100,000 levels are refused the same way (no RangeError), in JSONL, a JSON array and gzip', async () => {
    await expectRefused('deeper.jsonl', rungLine(`,"metadata":${nested(5000)}`) + '\n', /deeper\.jsonl:1: metadata\.k\.k.*: nested more than 64 levels deep$/);
    await expectRefused('deeper.json', `[\n${rungLine('')},\n${rungLine(`,"metadata":${nested(100_000)}`, 'q')}\n]`, /deeper\.json:3: metadata\.k.*: nested more than 64 levels deep$/);
    await expectRefused('deeper.jsonl.gz', gzipSync(rungLine(`,"metadata":${nested(100_000)}`) + '\n'), /deeper\.jsonl\.gz:1: metadata\.k.*: nested more than 64 levels deep$/);
  });

  it(`metadata deeper than ${MAX_FREE_FORM_DEPTH} levels (within the record's bound) is refused; at the bound it imports`, async () => {
    await expectRefused('meta.jsonl', rungLine(`,"metadata":${nested(MAX_FREE_FORM_DEPTH + 1)}`) + '\n', new RegExp(`meta\\.jsonl:1: metadata: nested ${MAX_FREE_FORM_DEPTH + 1} levels deep; at most ${MAX_FREE_FORM_DEPTH} are accepted$`));
    const ok = t.file('ok.jsonl', rungLine(`,"metadata":${nested(MAX_FREE_FORM_DEPTH)}`) + '\n');
    expect((await importDataset(t.store, { path: ok })).comparisonsAdded).toBe(1);
  });

  it('metadata over the size bound is refused, in the rung and the PandaLM format', async () => {
    const big = JSON.stringify({ notes: 'x'.repeat(MAX_FREE_FORM_CHARS) });
    await expectRefused('big.jsonl', rungLine(`,"metadata":${big}`) + '\n', new RegExp(`big\\.jsonl:1: metadata: ${MAX_FREE_FORM_CHARS + 12} characters as JSON; at most ${MAX_FREE_FORM_CHARS} are accepted$`));
    const panda = { instruction: 'i', input: '', response1: 'a', response2: 'b', annotator1: 1, motivation_app: { notes: 'x'.repeat(MAX_FREE_FORM_CHARS) } };
    await expectRefused('panda.json', JSON.stringify([panda]), /panda\.json:1: motivation_app: \d+ characters as JSON; at most \d+ are accepted$/);
    const deepPanda = `[{"instruction":"i","input":"","response1":"a","response2":"b","annotator1":1,"cmp_key":${nested(40)}}]`;
    await expectRefused('panda2.json', deepPanda, /panda2\.json:1: cmp_key: nested 40 levels deep; at most \d+ are accepted$/);
  });

  it('a source id over the size bound is refused', async () => {
    await expectRefused('id.jsonl', rungLine(`,"id":"${'i'.repeat(2000)}"`) + '\n', /id\.jsonl:1: id: 2000 characters; at most 1000 are accepted$/);
  });
});

describe('JSON that JSON.parse would change silently is refused (#17.2)', () => {
  it('a duplicate key, in every format, names file, line and key', async () => {
    await expectRefused('dup.jsonl', `${rungLine('')}\n{"prompt":"p","prompt":"q","response_a":"a","response_b":"b"}\n`, /dup\.jsonl:2: prompt: duplicate key "prompt"/);
    await expectRefused('dup-trl.jsonl', '{"prompt":"p","chosen":"a","rejected":"b","chosen":"c"}\n', /dup-trl\.jsonl:1: chosen: duplicate key "chosen"/);
    await expectRefused('dup-hh.jsonl', '{"chosen":"\\n\\nHuman: h\\n\\nAssistant: a","rejected":"\\n\\nHuman: h\\n\\nAssistant: b","rejected":"x"}\n', /dup-hh\.jsonl:1: rejected: duplicate key/);
    await expectRefused('dup-panda.json', '[{"instruction":"i","response1":"a","response2":"b",\n"annotator1":1,"annotator1":2}]', /dup-panda\.json:2: annotator1: duplicate key/);
    await expectRefused('dup-bar.json', '[\n{"input":"i","output_1":"a","output_2":"b","label":1,"label":2}]', /dup-bar\.json:2: label: duplicate key/);
    await expectRefused('dup-meta.jsonl', rungLine(',"metadata":{"tags":{"a":1,"\\u0061":2}}') + '\n', /dup-meta\.jsonl:1: metadata\.tags\.a: duplicate key "a"/);
  });

  it('a lone surrogate names file, line and field instead of being stored as invalid UTF-8', async () => {
    await expectRefused('lone.jsonl', `${rungLine('')}\n{"prompt":"p\\ud800","response_a":"a","response_b":"b"}\n`, /lone\.jsonl:2: prompt: a lone UTF-16 surrogate \(\\ud800\) is not a character$/);
    await expectRefused('lone2.jsonl', rungLine(',"judgments":[{"evaluator":"al","choice":"A","rationale":"x\\udfff"}]') + '\n', /lone2\.jsonl:1: judgments\[0\]\.rationale: a lone UTF-16 surrogate/);
    await expectRefused('lone3.json.gz', gzipSync('[{"input":"i","output_1":"\\udc00","output_2":"b","label":1}]'), /lone3\.json\.gz:1: output_1: a lone UTF-16 surrogate/);
  });

  it('a surrogate pair written as escapes imports and round-trips through export unchanged', async () => {
    const path = t.file('pair.jsonl', '{"prompt":"p \\ud83d\\ude00","chosen":"a","rejected":"b"}\n');
    await importDataset(t.store, { path });
    const [exported] = [...trlLines(t.store)];
    expect(JSON.parse(exported).prompt).toBe('p 😀');
  });
});

describe('numbers that are not finite (#17.9)', () => {
  it('1e400 is "not a finite number", not "got null"', async () => {
    await expectRefused('inf.jsonl', rungLine(',"layer":1e400') + '\n', /inf\.jsonl:1: layer: not a finite number \(1e400\)$/);
    await expectRefused('inf2.jsonl', rungLine(',"embedding":{"a":[1,2],"b":[3,-1e999]}') + '\n', /inf2\.jsonl:1: embedding\.b\[1\]: not a finite number \(-1e999\)$/);
  });
});

describe('endless blank input (#17.10)', () => {
  it(`stops after ${BLANK_INPUT_LIMIT / 1024 / 1024} MiB of input without a record, and says so`, async () => {
    const blank = gzipSync(Buffer.alloc(3 * BLANK_INPUT_LIMIT, 0x0a));
    await expectRefused('newlines.jsonl.gz', blank, /newlines\.jsonl\.gz:1: 1 MiB of input without a record \(only blank lines or spaces\); stopped reading$/);
  });

  it('the bound holds between records too, and in a JSON array; a configured limit is named in the message', async () => {
    const between = Buffer.concat([Buffer.from(jsonl([{ prompt: 'p', chosen: 'a', rejected: 'b' }])), Buffer.alloc(5000, 0x20), Buffer.from('\n' + jsonl([{ prompt: 'q', chosen: 'a', rejected: 'b' }]))]);
    await expectRefused('gap.jsonl', between, /gap\.jsonl:2: 4,096 bytes of input without a record \(only blank lines or spaces\); stopped reading$/, { blankInputLimit: 4096 });
    const array = `[${JSON.stringify({ prompt: 'p', chosen: 'a', rejected: 'b' })},${' '.repeat(5000)}\n${JSON.stringify({ prompt: 'q', chosen: 'a', rejected: 'b' })}]`;
    await expectRefused('gap.json', array, /gap\.json:1: 4,096 bytes of input without a record/, { blankInputLimit: 4096 });
    // under the limit the same file imports
    const path = t.file('fine.jsonl', between);
    expect((await importDataset(t.store, { path }, { blankInputLimit: 8192 })).comparisonsAdded).toBe(2);
  });
});

describe('found by fuzzing', () => {
  it('an empty file imported with a named format says it holds no records', async () => {
    await expectRefused('empty.jsonl', '\n', /empty\.jsonl: the file holds no records$/, { format: 'trl' });
    await expectRefused('empty.json', '[]', /empty\.json: the file holds no records$/, { format: 'rung' });
  });
});
