// Bad input is refused with `file:line: field: what is wrong`, nothing from the file is kept, and the store keeps working.
import { gzipSync } from 'node:zlib';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { importDataset } from '../../electron/core/datasets/import';
import { MAX_RECORD_BYTES } from '../../electron/core/datasets/records';
import { countRows } from '../../electron/core/db/stats';
import { jsonl, tempStore, type TempStore } from '../helpers/store';

let t: TempStore;
beforeEach(() => {
  t = tempStore();
});
afterEach(() => t.cleanup());

const good = { prompt: 'p', chosen: 'x', rejected: 'y' };

/** Imports content and expects a refusal whose message matches; checks nothing was written and the store still works. */
async function expectRefused(name: string, content: string | Buffer, message: RegExp, format?: 'rung' | 'trl' | 'auto') {
  const path = t.file(name, content);
  const before = countRows(t.store.db);
  await expect(importDataset(t.store, { path }, { format })).rejects.toMatchObject({ code: 'BAD_INPUT', message: expect.stringMatching(message) });
  expect(countRows(t.store.db)).toEqual(before);
  // The store keeps working: a good file still imports.
  const ok = t.file(`ok-${name}.jsonl`, jsonl([{ prompt: `after ${name}`, chosen: 'a', rejected: 'b' }]));
  expect((await importDataset(t.store, { path: ok })).comparisonsAdded).toBe(1);
}

describe('refused imports', () => {
  it('malformed JSON on line 3', async () => {
    await expectRefused('bad.jsonl', jsonl([good, { ...good, prompt: 'q' }]) + '{"prompt": "r", "chosen": \n', /^.*bad\.jsonl:3: chosen: invalid JSON: the text ends before its value does$/);
  });

  it('a file that is not JSON at all, say a password file: the error quotes only the character at fault', async () => {
    await expectRefused('shadow.jsonl', 'root:*:20200:0:99999:7:::\ndaemon:*:20200:0:99999:7:::\n', /^[^\n]*shadow\.jsonl:1: invalid JSON: unexpected 'r' at column 1$/);
    await expectRefused('secret.jsonl', jsonl([good]) + '{"prompt": secretpassword123, "chosen": "a", "rejected": "b"}\n', /secret\.jsonl:2: prompt: invalid JSON: unexpected 's' at column 12$/);
    await expectRefused('string.jsonl', jsonl([good]) + '"a whole secret line"\n', /string\.jsonl:2: expected a JSON object, got a string$/);
  });

  it('a missing field', async () => {
    await expectRefused('missing.jsonl', jsonl([good, { prompt: 'q', chosen: 'x' }]), /missing\.jsonl:2: rejected: missing$/, 'trl');
  });

  it('a wrongly typed field', async () => {
    await expectRefused('typed.jsonl', jsonl([good, good, { prompt: 'q', chosen: 7, rejected: 'y' }]), /typed\.jsonl:3: chosen: expected a string or a list of messages, got number$/);
  });

  it('a wrongly typed nested field names its path', async () => {
    const row = { prompt: 'p', response_a: 'a', response_b: 'b', judgments: [{ evaluator: 'al', choice: 'A', strength: 9 }] };
    await expectRefused('nested.jsonl', jsonl([row]), /nested\.jsonl:1: judgments\[0\]\.strength: must be between 1 and 3, got 9$/);
  });

  it('invalid UTF-8', async () => {
    const bytes = Buffer.concat([Buffer.from(jsonl([good])), Buffer.from('{"prompt": "'), Buffer.from([0xc3, 0x28]), Buffer.from('", "chosen": "x", "rejected": "y"}\n')]);
    await expectRefused('latin.jsonl', bytes, /latin\.jsonl:2: invalid UTF-8 text$/);
  });

  it('an embedding of the wrong length', async () => {
    const row = (emb: number[]) => ({ prompt: 'p', response_a: 'a', response_b: 'b', embedding: { a: [1, 2, 3], b: emb } });
    await expectRefused('emb.jsonl', jsonl([row([1, 2, 3]), { ...row([1, 2]), prompt: 'q' }]), /emb\.jsonl:2: embedding\.b: has 2 dimensions, expected 3/);
  });

  it('an embedding whose length differs from earlier lines', async () => {
    const row = (p: string, n: number) => ({ prompt: p, response_a: 'a', response_b: 'b', embedding: { a: Array(n).fill(0.1), b: Array(n).fill(0.2) } });
    await expectRefused('emb2.jsonl', jsonl([row('p', 4), row('q', 4), row('r', 5)]), /emb2\.jsonl:3: embedding\.a: has 5 dimensions, expected 4 like the rest of the file$/);
  });

  it('an embedding with NaN (written as a string) or null', async () => {
    const text = '{"prompt":"p","response_a":"a","response_b":"b","embedding":{"a":[1,"NaN",3],"b":[1,2,3]}}\n';
    await expectRefused('nan.jsonl', text, /nan\.jsonl:1: embedding\.a\[1\]: expected a finite number, got "NaN"$/);
    const text2 = '{"prompt":"p","response_a":"a","response_b":"b","embedding":{"a":[1,2,3],"b":[1,null,3]}}\n';
    await expectRefused('null.jsonl', text2, /null\.jsonl:1: embedding\.b\[1\]: expected a finite number, got null$/);
  });

  it('a 50 MB line', async () => {
    const huge = JSON.stringify({ prompt: 'p', chosen: 'x'.repeat(50 * 1024 * 1024), rejected: 'y' });
    expect(huge.length).toBeGreaterThan(MAX_RECORD_BYTES);
    await expectRefused('huge.jsonl', jsonl([good]) + huge + '\n', /huge\.jsonl:2: record is longer than 16 MiB$/);
  });

  it('a 50 MB element of a JSON array', async () => {
    const text = `[\n${JSON.stringify(good)},\n${JSON.stringify({ ...good, chosen: 'x'.repeat(50 * 1024 * 1024) })}\n]`;
    await expectRefused('huge.json', text, /huge\.json:3: record is longer than 16 MiB$/);
  });

  it('an unknown format names the fields it saw and the formats it knows', async () => {
    await expectRefused('odd.jsonl', jsonl([{ question: 'q', answer: 'a' }]), /odd\.jsonl:1: cannot detect the format from fields \[question, answer\]; expected one of: rung/);
  });

  it('a record that is not an object', async () => {
    await expectRefused('arr.jsonl', jsonl([good]) + '[1,2]\n', /arr\.jsonl:2: expected a JSON object, got an array$/);
  });

  it('a JSON array that is cut off', async () => {
    await expectRefused('cut.json', `[${JSON.stringify(good)}, {"prompt": "q"`, /cut\.json:1: invalid JSON: the file ends inside this record$/);
  });

  it('a corrupt gzip file', async () => {
    const gz = gzipSync(jsonl([good, good]));
    await expectRefused('broken.jsonl.gz', gz.subarray(0, gz.length - 12), /broken\.jsonl\.gz: not a valid gzip file/);
  });

  it('an empty file', async () => {
    await expectRefused('empty.jsonl', '\n\n', /empty\.jsonl: the file holds no records$/);
  });

  it('a file that does not exist', async () => {
    await expect(importDataset(t.store, { path: `${t.dir}/nope.jsonl` })).rejects.toMatchObject({ code: 'BAD_INPUT', message: expect.stringMatching(/nope\.jsonl: cannot read: ENOENT/) });
  });

  it('a bad PandaLM label', async () => {
    const row = { instruction: 'i', input: '', response1: 'a', response2: 'b', annotator1: 1, annotator2: 3 };
    await expectRefused('panda.json', JSON.stringify([row]), /panda\.json:1: annotator2: expected 0 \(tie\), 1 \(response1\) or 2 \(response2\), got 3$/);
  });

  it('a bad LLMBar label', async () => {
    await expectRefused('bar.json', JSON.stringify([{ input: 'i', output_1: 'a', output_2: 'b', label: 0 }]), /bar\.json:1: label: expected 1 or 2, got 0$/);
  });
});
