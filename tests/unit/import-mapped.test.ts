// The `mapped` import format through the contract: a file's own fields named as prompt, A, B and label, the label's
// values mapped to A, B or tie (source labels, as TRL's), every refusal with its exact message and nothing written; and
// previewImport, which reads only the start of a file.
import { gzipSync } from 'node:zlib';
import { describe, expect, it } from 'vitest';
import { countRows } from '../../electron/core/db/stats';
import { useService } from '../helpers/api';
import { jsonl } from '../helpers/store';
import { sentUpload } from '../helpers/uploads';

const s = useService();

/** The set that issue #18 met: `prompt`, `response 1`, `response 2`, `label` ∈ {0, 1, 2}. */
const rows = [
  { prompt: 'What is 2+2?', 'response 1': '4', 'response 2': '5', label: 0 },
  { prompt: 'Capital of France?', 'response 1': 'Lyon', 'response 2': 'Paris', label: 1 },
  { prompt: 'Say hi', 'response 1': 'hi', 'response 2': 'hello', label: 2 },
];
const mapping = { prompt: 'prompt', a: 'response 1', b: 'response 2', label: 'label', labelValues: '0=a,1=b,2=tie' };

/** Each imported comparison's prompt, A, B and its judgments' choice, evaluator and whether the evaluator is a label source. */
function judged() {
  return s.t.store.db
    .prepare(
      `SELECT p.text AS prompt, ra.text AS a, rb.text AS b, j.choice, e.name AS evaluator, e.label_source AS labelSource
       FROM comparisons c JOIN prompts p ON p.id = c.prompt_id JOIN responses ra ON ra.id = c.response_a_id JOIN responses rb ON rb.id = c.response_b_id
       LEFT JOIN judgments j ON j.comparison_id = c.id LEFT JOIN evaluators e ON e.id = j.evaluator_id ORDER BY p.text`,
    )
    .all();
}

/** Expects the import refused with exactly `message` (code as given) and every table's count unchanged. */
async function expectRefused(params: Record<string, unknown>, code: string, message: string) {
  const before = countRows(s.t.store.db);
  const result = await s.call('importDataset', params);
  expect(result).toEqual({ ok: false, error: expect.objectContaining({ code, message }) });
  expect(countRows(s.t.store.db)).toEqual(before);
}

describe('importDataset with format mapped', () => {
  it('imports the example set: label 0 → A wins, 1 → B wins, 2 → tie, by the source-labels evaluator, marked as a label source', async () => {
    const path = s.t.file('pairs.jsonl', jsonl(rows));
    const summary = await s.value('importDataset', { source: { kind: 'path', path }, format: 'mapped', mapping });
    expect(summary).toMatchObject({ format: 'mapped', records: 3, comparisonsAdded: 3, judgmentsAdded: 3, evaluatorsAdded: 1, alreadyImported: false });
    const evaluator = 'pairs (source labels)';
    expect(judged()).toEqual([
      { prompt: 'Capital of France?', a: 'Lyon', b: 'Paris', choice: 'B', evaluator, labelSource: 1 },
      { prompt: 'Say hi', a: 'hi', b: 'hello', choice: 'tie', evaluator, labelSource: 1 },
      { prompt: 'What is 2+2?', a: '4', b: '5', choice: 'A', evaluator, labelSource: 1 },
    ]);
    // the audit log keeps the mapping the file was read with
    const audit = s.t.store.db.prepare(`SELECT details FROM audit_log WHERE action = 'import' AND entity = 'dataset'`).get() as { details: string };
    expect(JSON.parse(audit.details)).toMatchObject({
      format: 'mapped',
      mapping: { prompt: 'prompt', a: 'response 1', b: 'response 2', label: 'label', labelValues: [{ value: 0, choice: 'A' }, { value: 1, choice: 'B' }, { value: 2, choice: 'tie' }] },
    });
    // the dataset says how it was imported, and its evaluator cannot be asked to relabel
    expect((await s.value('listDatasets'))[0]).toMatchObject({ name: 'pairs', format: 'mapped' });
    expect((await s.value('listEvaluators')).find((e: { name: string }) => e.name === evaluator)).toMatchObject({ labelSource: true });
  });

  it('without a label field the comparisons come unjudged; label values as a list; a string label is not the number', async () => {
    const path = s.t.file('plain.jsonl', jsonl(rows));
    const plain = await s.value('importDataset', { source: { kind: 'path', path }, format: 'mapped', mapping: { prompt: 'prompt', a: 'response 1', b: 'response 2' } });
    expect(plain).toMatchObject({ comparisonsAdded: 3, judgmentsAdded: 0, evaluatorsAdded: 0 });

    const words = [
      { q: 'x', left: 'l1', right: 'r1', better: 'left' },
      { q: 'y', left: 'l2', right: 'r2', better: '1' },
    ];
    const labelValues = [{ value: 'left', choice: 'A' }, { value: '1', choice: 'B' }];
    const upload = sentUpload(jsonl(words), 'words.jsonl');
    const summary = await s.value('importDataset', { source: upload, format: 'mapped', mapping: { prompt: 'q', a: 'left', b: 'right', label: 'better', labelValues } });
    expect(summary).toMatchObject({ comparisonsAdded: 2, judgmentsAdded: 2 });
    // "1" (a string) is mapped; the number 1 is not
    const numeric = s.t.file('numeric.jsonl', jsonl([{ q: 'z', left: 'l3', right: 'r3', better: 1 }]));
    await expectRefused(
      { source: { kind: 'path', path: numeric }, format: 'mapped', mapping: { prompt: 'q', a: 'left', b: 'right', label: 'better', labelValues } },
      'BAD_INPUT',
      `${numeric}:1: better: unexpected value 1 (expected one of "left", "1")`,
    );
  });

  it('refuses a label value not in the map, and a mapped field missing in a record, naming file, line and field; nothing is written', async () => {
    const path = s.t.file('seven.jsonl', jsonl([...rows, { ...rows[0], prompt: 'late', label: 7 }]));
    await expectRefused({ source: { kind: 'path', path }, format: 'mapped', mapping }, 'BAD_INPUT', `${path}:4: label: unexpected value 7 (expected one of 0, 1, 2)`);
    const { 'response 2': _b, ...noB } = rows[1];
    const missing = s.t.file('missing.jsonl', jsonl([rows[0], noB]));
    await expectRefused({ source: { kind: 'path', path: missing }, format: 'mapped', mapping }, 'BAD_INPUT', `${missing}:2: response 2: missing`);
    const { label: _l, ...noLabel } = rows[2];
    const unlabelled = s.t.file('unlabelled.jsonl', jsonl([rows[0], rows[1], noLabel]));
    await expectRefused({ source: { kind: 'path', path: unlabelled }, format: 'mapped', mapping }, 'BAD_INPUT', `${unlabelled}:3: label: missing`);
  });

  it('refuses mappings that make no sense before reading anything, each with its message', async () => {
    const source = { kind: 'path', path: s.t.file('pairs.jsonl', jsonl(rows)) };
    const refused = (params: Record<string, unknown>, message: string) => expectRefused({ source, ...params }, 'INVALID_PARAMS', `importDataset: ${message}`);
    await refused({ format: 'trl', mapping }, 'format: must be mapped when fields are mapped (prompt, a, b, label), got "trl"');
    await refused({ mapping }, 'format: must be mapped when fields are mapped (prompt, a, b, label), got "auto"');
    await refused({ format: 'trl', mapping: { label: 'label' } }, 'format: must be mapped when fields are mapped (prompt, a, b, label), got "trl"');
    await refused({ format: 'mapped' }, 'mapping: is required with format mapped: {prompt, a, b, label?, labelValues?}');
    await refused(
      { format: 'mapped', mapping: { a: 'response 1' } },
      'mapping.prompt: is required with format mapped: the field that holds the prompt; mapping.b: is required with format mapped: the field that holds response B',
    );
    await refused({ format: 'mapped', mapping: { ...mapping, label: undefined } }, 'mapping.labelValues: maps the values of no field: name the label field too');
    await refused({ format: 'mapped', mapping: { ...mapping, labelValues: undefined } }, 'mapping.label: needs its values mapped to a, b or tie (label values, e.g. "0=a,1=b,2=tie")');
    await refused(
      { format: 'mapped', mapping: { ...mapping, labelValues: '0=a,1=win' } },
      'mapping.labelValues: must be VALUE=CHOICE pairs separated by commas, each CHOICE a, b or tie (e.g. "0=a,1=b,2=tie"), got "0=a,1=win"',
    );
    await refused({ format: 'mapped', mapping: { ...mapping, labelValues: '0=a,1=b,0=tie' } }, 'mapping.labelValues: maps 0 twice');
    await refused({ format: 'mapped', mapping: { ...mapping, labelValues: [{ value: 'x', choice: 'A' }, { value: 'x', choice: 'B' }] } }, 'mapping.labelValues: maps "x" twice');
    await refused({ format: 'mapped', mapping: { ...mapping, labelValues: [{ value: 1, choice: 'C' }] } }, 'mapping.labelValues.0.choice: must be A, B or tie');
    await refused({ format: 'mapped', mapping: { ...mapping, extra: 'x' } }, 'mapping: Unrecognized key: "extra"');
    await refused({ format: 'mapped', mapping: 'prompt,a,b' }, 'mapping: must be an object {prompt, a, b, label?, labelValues?}');
  });

  it('reads the text form of label values: numbers, "quoted" strings (with commas), bare words, true and null', async () => {
    const file = [
      { p: 'a', x: '1', y: '2', l: 1 },
      { p: 'b', x: '1', y: '2', l: '1' },
      { p: 'c', x: '1', y: '2', l: 'a,b' },
      { p: 'd', x: '1', y: '2', l: 'same' },
      { p: 'e', x: '1', y: '2', l: true },
      { p: 'f', x: '1', y: '2', l: null },
    ];
    const path = s.t.file('forms.jsonl', jsonl(file));
    const labelValues = '1=a, "1"=b, "a,b"=TIE, same=tie, true=a, null=b';
    await s.value('importDataset', { source: { kind: 'path', path }, format: 'mapped', mapping: { prompt: 'p', a: 'x', b: 'y', label: 'l', labelValues } });
    expect(judged().map((r: any) => `${r.prompt}:${r.choice}`)).toEqual(['a:A', 'b:B', 'c:tie', 'd:tie', 'e:A', 'f:B']);
  });
});

describe('previewImport', () => {
  const wide = [
    { prompt: 'p1', 'response 1': 'a1', 'response 2': 'b1', label: 0 },
    { prompt: 'p2', 'response 1': 'x'.repeat(500), 'response 2': 'b2', label: 1, extra: { nested: [1, 2] } },
    ...Array.from({ length: 8 }, (_, i) => ({ prompt: `p${i + 3}`, 'response 1': 'a', 'response 2': 'b', label: '2' })),
  ];

  it('returns the field names and the first 5 records as short text, with the scalar values a label could hold', async () => {
    const path = s.t.file('wide.jsonl', jsonl(wide));
    const preview = await s.value('previewImport', { source: { kind: 'path', path } });
    expect(preview.fileName).toBe(path);
    expect(preview.fields).toEqual(['prompt', 'response 1', 'response 2', 'label', 'extra']);
    expect(preview.records.map((r: { line: number }) => r.line)).toEqual([1, 2, 3, 4, 5]);
    expect(preview.records[0].cells).toEqual([{ text: 'p1', value: 'p1' }, { text: 'a1', value: 'a1' }, { text: 'b1', value: 'b1' }, { text: '0', value: 0 }, null]);
    const [, long, , label, extra] = preview.records[1].cells;
    expect(long).toEqual({ text: `${'x'.repeat(199)}…` });
    expect(label).toEqual({ text: '1', value: 1 });
    expect(extra).toEqual({ text: '{"nested":[1,2]}' });
    expect(preview.records[2].cells[3]).toEqual({ text: '2', value: '2' });
    expect((await s.value('previewImport', { source: { kind: 'path', path }, records: 2 })).records).toHaveLength(2);
  });

  it('reads a gzip and a JSON array; a short file shows all its records; nothing is written', async () => {
    const before = countRows(s.t.store.db);
    const gz = s.t.file('wide.jsonl.gz', gzipSync(jsonl(wide)));
    expect((await s.value('previewImport', { source: { kind: 'path', path: gz } })).records).toHaveLength(5);
    const array = s.t.file('two.json', JSON.stringify(wide.slice(0, 2), null, 2));
    const preview = await s.value('previewImport', { source: { kind: 'path', path: array } });
    expect(preview.records.map((r: { line: number }) => r.line)).toEqual([2, 8]);
    expect(countRows(s.t.store.db)).toEqual(before);
  });

  it("shows a browser's upload of the file's start without the record it cuts off (partial), however it is cut", async () => {
    const content = Buffer.from(jsonl(wide.slice(0, 3)));
    const cut = content.subarray(0, content.length - 10);
    const upload = (bytes: Buffer, partial: boolean, name = 'head.jsonl') => ({ ...sentUpload(bytes, name), partial });
    const partial = await s.value('previewImport', { source: upload(cut, true) });
    expect(partial.records.map((r: { line: number }) => r.line)).toEqual([1, 2]);
    // the same bytes as a whole file: its last record is cut, and refused as the import would refuse it
    expect(await s.call('previewImport', { source: upload(cut, false) })).toMatchObject({ ok: false, error: { code: 'BAD_INPUT', message: expect.stringMatching(/^head\.jsonl:3: .*invalid JSON/) } });
    // a gzip cut short, and a JSON array cut inside its third element
    const many = Array.from({ length: 400 }, (_, i) => ({ prompt: `question ${i * 7919}`, 'response 1': `answer ${i * 104729}`, 'response 2': `other ${i * 1299709}`, label: i % 3 }));
    const gz = gzipSync(jsonl(many));
    const gzCut = gz.subarray(0, gz.length / 2);
    expect((await s.value('previewImport', { source: upload(gzCut, true, 'head.jsonl.gz') })).records).toHaveLength(5);
    const arrayCut = Buffer.from(JSON.stringify(wide.slice(0, 3))).subarray(0, 700);
    expect((await s.value('previewImport', { source: upload(arrayCut, true) })).records.map((r: { line: number }) => r.line)).toEqual([1, 1]);
    expect(await s.call('previewImport', { source: upload(Buffer.from('{"prompt": "only a start'), true) })).toMatchObject({
      ok: false,
      error: { code: 'BAD_INPUT', message: 'head.jsonl: its first 512 KiB hold no whole record' },
    });
  });

  it('refuses a file that is not JSONL with the usual file:line message, and an upload that is not there', async () => {
    const path = s.t.file('notes.txt', 'just some notes\nand more\n');
    expect(await s.call('previewImport', { source: { kind: 'path', path } })).toEqual({
      ok: false,
      error: { code: 'BAD_INPUT', message: `${path}:1: invalid JSON: unexpected 'j' at column 1` },
    });
    const empty = s.t.file('empty.jsonl', '\n\n');
    expect(await s.call('previewImport', { source: { kind: 'path', path: empty } })).toMatchObject({ ok: false, error: { message: `${empty}: the file holds no records` } });
    const gone = { kind: 'upload', uploadId: 'f'.repeat(32), name: 'big.jsonl', partial: true };
    expect(await s.call('previewImport', { source: gone })).toMatchObject({ ok: false, error: { code: 'NOT_FOUND', message: expect.stringMatching(/^big\.jsonl: no upload f{32} here: /) } });
  });
});

describe('previewImport over HTTP', () => {
  const http = useService('http');
  it('refuses a path, as importDataset does', async () => {
    const path = http.t.file('pairs.jsonl', jsonl(rows));
    expect(await http.call('previewImport', { source: { kind: 'path', path } })).toMatchObject({ ok: false, error: { code: 'FORBIDDEN' } });
  });
});
