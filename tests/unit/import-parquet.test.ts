// Parquet import through the contract: a file recognised by its magic bytes, whatever its name, read one row group at a
// time into the same records as JSONL (TRL's columns, mapped columns, conversational list-of-struct columns), its rows
// named `file:row N` in refusals (nothing written), and previewImport over its first rows.
import { spawnSync } from 'node:child_process';
import { existsSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { parquetMetadata } from 'hyparquet';
import { describe, expect, it } from 'vitest';
import { importDataset } from '../../electron/core/datasets/import';
import { countRows } from '../../electron/core/db/stats';
import { useService } from '../helpers/api';
import { parquetFile, withFooter, type ParquetColumn } from '../helpers/parquet';
import { jsonl } from '../helpers/store';
import { sentUpload } from '../helpers/uploads';

const s = useService();

const trlColumns: ParquetColumn[] = [
  { name: 'prompt', kind: 'text' },
  { name: 'chosen', kind: 'text' },
  { name: 'rejected', kind: 'text' },
];
const trlRows = Array.from({ length: 7 }, (_, i) => ({ prompt: `question ${i}`, chosen: `good answer ${i}`, rejected: `bad answer ${i}` }));

const chat = (user: string, assistant: string) => [
  { role: 'user', content: user },
  { role: 'assistant', content: assistant },
];
const chatColumns: ParquetColumn[] = [
  { name: 'chosen', kind: 'messages' },
  { name: 'rejected', kind: 'messages' },
  { name: 'prompt', kind: 'text' },
];
const chatRows = Array.from({ length: 5 }, (_, i) => ({ prompt: `topic ${i}`, chosen: chat(`hi ${i}`, `hello ${i}`), rejected: chat(`hi ${i}`, `go away ${i}`) }));

const mappedColumns: ParquetColumn[] = [
  { name: 'prompt', kind: 'text' },
  { name: 'response 1', kind: 'text' },
  { name: 'response 2', kind: 'text' },
  { name: 'label', kind: 'int64' },
];
const mappedRows = [
  { prompt: 'What is 2+2?', 'response 1': '4', 'response 2': '5', label: 0 },
  { prompt: 'Capital of France?', 'response 1': 'Lyon', 'response 2': 'Paris', label: 1 },
  { prompt: 'Say hi', 'response 1': 'hi', 'response 2': 'hello', label: 2 },
];
const mapping = { prompt: 'prompt', a: 'response 1', b: 'response 2', label: 'label', labelValues: '0=a,1=b,2=tie' };

/** Each comparison's texts and its judgments' choice and evaluator, in a stable order. */
function judged() {
  return s.t.store.db
    .prepare(
      `SELECT p.text AS prompt, ra.text AS a, rb.text AS b, j.choice, e.name AS evaluator
       FROM comparisons c JOIN prompts p ON p.id = c.prompt_id JOIN responses ra ON ra.id = c.response_a_id JOIN responses rb ON rb.id = c.response_b_id
       LEFT JOIN judgments j ON j.comparison_id = c.id LEFT JOIN evaluators e ON e.id = j.evaluator_id ORDER BY p.text, ra.text`,
    )
    .all();
}

/** Expects the import refused with exactly `message` and every table's count unchanged. */
async function expectRefused(params: Record<string, unknown>, message: string) {
  const before = countRows(s.t.store.db);
  expect(await s.call('importDataset', params)).toEqual({ ok: false, error: expect.objectContaining({ code: 'BAD_INPUT', message }) });
  expect(countRows(s.t.store.db)).toEqual(before);
}

describe('importDataset from Parquet', () => {
  it('imports TRL columns (auto-detected, whatever the file is called) as the same comparisons and judgments as the same rows in JSONL', async () => {
    const path = s.t.file('prefs.parquet', parquetFile(trlColumns, trlRows, { rowGroupSize: 3 }));
    const summary = await s.value('importDataset', { source: { kind: 'path', path } });
    expect(summary).toMatchObject({ name: 'prefs', format: 'trl', records: 7, comparisonsAdded: 7, judgmentsAdded: 7, alreadyImported: false });
    const fromParquet = judged();
    expect(fromParquet).toHaveLength(7);
    expect(fromParquet[0]).toMatchObject({ prompt: 'question 0', choice: expect.stringMatching(/^[AB]$/), evaluator: 'prefs (source labels)' });
    // the same rows as JSONL, under the same dataset name: every comparison and judgment is one already there
    const asJsonl = s.t.file('prefs.jsonl', jsonl(trlRows));
    expect(await s.value('importDataset', { source: { kind: 'path', path: asJsonl } })).toMatchObject({ comparisonsAdded: 0, comparisonsExisting: 7, judgmentsAdded: 0 });
    expect(judged()).toEqual(fromParquet);
    // detected by its magic bytes, not its name; the same bytes again add nothing
    const renamed = s.t.file('download.bin', parquetFile(trlColumns, trlRows, { rowGroupSize: 3 }));
    expect(await s.value('importDataset', { source: { kind: 'path', path: renamed }, format: 'trl' })).toMatchObject({ alreadyImported: true, comparisonsAdded: 0 });
  });

  it('reads conversational list-of-struct columns over several row groups, snappy or gzip, by path or uploaded, as JSONL does', async () => {
    const gzip = parquetFile(chatColumns, chatRows, { rowGroupSize: 2, codec: 'GZIP' });
    const summary = await s.value('importDataset', { source: sentUpload(gzip, 'chat.parquet'), format: 'trl' });
    expect(summary).toMatchObject({ format: 'trl', records: 5, comparisonsAdded: 5, judgmentsAdded: 5 });
    const rows = judged();
    expect(rows.find((r: any) => r.prompt === 'topic 1')).toMatchObject({ evaluator: 'chat (source labels)' });
    expect(new Set(rows.flatMap((r: any) => [r.a, r.b]))).toContain('user: hi 1\n\nassistant: go away 1');
    const snappy = s.t.file('chat.parquet', parquetFile(chatColumns, chatRows, { rowGroupSize: 4 }));
    expect(await s.value('importDataset', { source: { kind: 'path', path: snappy } })).toMatchObject({ format: 'trl', comparisonsAdded: 0, comparisonsExisting: 5, judgmentsAdded: 0 });
    const asJsonl = s.t.file('chat.jsonl', jsonl(chatRows));
    expect(await s.value('importDataset', { source: { kind: 'path', path: asJsonl } })).toMatchObject({ comparisonsAdded: 0, judgmentsAdded: 0 });
  });

  it('imports mapped columns with a 64-bit integer label, as the same rows in JSONL', async () => {
    const path = s.t.file('pairs.parquet', parquetFile(mappedColumns, mappedRows));
    const summary = await s.value('importDataset', { source: { kind: 'path', path }, format: 'mapped', mapping });
    expect(summary).toMatchObject({ format: 'mapped', records: 3, comparisonsAdded: 3, judgmentsAdded: 3 });
    const evaluator = 'pairs (source labels)';
    expect(judged()).toEqual([
      { prompt: 'Capital of France?', a: 'Lyon', b: 'Paris', choice: 'B', evaluator },
      { prompt: 'Say hi', a: 'hi', b: 'hello', choice: 'tie', evaluator },
      { prompt: 'What is 2+2?', a: '4', b: '5', choice: 'A', evaluator },
    ]);
    const asJsonl = s.t.file('pairs.jsonl', jsonl(mappedRows));
    expect(await s.value('importDataset', { source: { kind: 'path', path: asJsonl }, format: 'mapped', mapping })).toMatchObject({ comparisonsAdded: 0, judgmentsAdded: 0 });
  });

  it('reports rows read and bytes of the file while reading', async () => {
    const path = s.t.file('big.parquet', parquetFile(trlColumns, Array.from({ length: 3000 }, (_, i) => ({ prompt: `q${i}`, chosen: `c${i}`, rejected: `r${i}` })), { rowGroupSize: 500 }));
    const seen: { phase: string; records: number; bytes: number; totalBytes: number }[] = [];
    await importDataset(s.t.store, { path }, { onProgress: (p) => seen.push(p) });
    const writing = seen.find((p) => p.phase === 'writing')!;
    expect(writing).toMatchObject({ records: 3000 });
    expect(writing.bytes).toBe(writing.totalBytes);
  });

  it('refuses a truncated file, a corrupt footer, a missing column and a bad label, naming file and row; nothing is written', async () => {
    const good = parquetFile(mappedColumns, [...mappedRows, { ...mappedRows[0], prompt: 'late', label: 7 }], { rowGroupSize: 2 });
    const truncated = s.t.file('cut.parquet', good.subarray(0, good.length - 100));
    await expectRefused({ source: { kind: 'path', path: truncated }, format: 'mapped', mapping }, `${truncated}: not a valid Parquet file: it opens with PAR1 but does not end with it (the file is cut short?)`);

    const corrupt = Buffer.from(good);
    const footerLength = corrupt.readUInt32LE(corrupt.length - 8);
    corrupt.fill(0xff, corrupt.length - 8 - footerLength, corrupt.length - 8);
    const corruptPath = s.t.file('corrupt.parquet', corrupt);
    await expectRefused({ source: { kind: 'path', path: corruptPath } }, `${corruptPath}: not a valid Parquet file: its footer cannot be read (thrift unhandled type: 15)`);
    const overlong = Buffer.from(good);
    overlong.writeUInt32LE(99_999_999, overlong.length - 8);
    const overlongPath = s.t.file('overlong.parquet', overlong);
    await expectRefused(
      { source: { kind: 'path', path: overlongPath } },
      `${overlongPath}: not a valid Parquet file: its footer cannot be read (parquet metadata length 99999999 exceeds available buffer ${good.length - 8})`,
    );

    const path = s.t.file('seven.parquet', good);
    await expectRefused({ source: { kind: 'path', path }, format: 'mapped', mapping }, `${path}:row 4: label: unexpected value 7 (expected one of 0, 1, 2)`);
    await expectRefused({ source: { kind: 'path', path }, format: 'trl' }, `${path}:row 1: chosen: missing`);
    await expectRefused({ source: { kind: 'path', path } }, `${path}:row 1: cannot detect the format from fields [prompt, response 1, response 2, label]; expected one of: rung (prompt, response_a, response_b); pandalm (instruction, response1, response2, annotator1..N); llmbar (input, output_1, output_2, label); trl (prompt, chosen, rejected); hh-rlhf (chosen, rejected (dialogues))`);
    expect(countRows(s.t.store.db).datasets).toBe(0);
  });

  it('refuses what JSON could not hold, never changed silently: invalid UTF-8 text, an integer beyond 2^53', async () => {
    const bytes = s.t.file('bytes.parquet', parquetFile(trlColumns, [trlRows[0], { ...trlRows[1], rejected: new Uint8Array([0x61, 0xff, 0xfe]) }]));
    await expectRefused({ source: { kind: 'path', path: bytes } }, `${bytes}:row 2: rejected: invalid UTF-8 text`);
    const huge = s.t.file('huge.parquet', parquetFile(mappedColumns, [mappedRows[0], { ...mappedRows[1], label: 2n ** 60n }]));
    await expectRefused({ source: { kind: 'path', path: huge }, format: 'mapped', mapping }, `${huge}:row 2: label: integer ${2n ** 60n} is beyond 2^53 and cannot be read exactly`);
  });

  it('refuses a row group larger than an import reads at once, before reading any row; nothing is written', async () => {
    const file = parquetFile(trlColumns, trlRows, { rowGroupSize: 4 });
    const path = s.t.file('big-groups.parquet', file);
    const groups = parquetMetadata(new Uint8Array(file).buffer).row_groups.map((g) => Number(g.total_byte_size));
    const limit = Math.min(...groups) - 1;
    const before = countRows(s.t.store.db);
    await expect(importDataset(s.t.store, { path }, { maxRowGroupBytes: limit })).rejects.toThrow(
      `${path}: row group 1 holds ${(groups[0] / 2 ** 20).toFixed(1)} MiB uncompressed, more than the ${(limit / 2 ** 20).toFixed(1)} MiB an import reads at once: write the file with smaller row groups (e.g. pyarrow's row_group_size)`,
    );
    expect(countRows(s.t.store.db)).toEqual(before);
    // Under the limit, the same file imports.
    await importDataset(s.t.store, { path }, { maxRowGroupBytes: Math.max(...groups) });
    expect(countRows(s.t.store.db).comparisons).toBe(trlRows.length);
  });

  it('refuses a footer that lies about its rows or names a column twice, before making rows of it; nothing is written', async () => {
    const good = parquetFile(mappedColumns, mappedRows, { rowGroupSize: 2 });
    const params = (path: string) => ({ source: { kind: 'path', path }, format: 'mapped', mapping });
    // 2^31 rows stated for one: hyparquet made that many row objects (a hang, then out of memory)
    const many = s.t.file('many.parquet', withFooter(good, (m) => void (m.row_groups[1].num_rows = 2n ** 31n)));
    await expectRefused(params(many), `${many}: not a valid Parquet file: row group 2 (rows 3 to 2147483650): column "prompt" has values for only 1 of the 2147483648 rows the row group states`);
    // one row more than its columns hold: hyparquet gave a row of nulls, refused as a record missing its fields
    const more = s.t.file('more.parquet', withFooter(good, (m) => void (m.row_groups[0].num_rows = 3n)));
    await expectRefused(params(more), `${more}: not a valid Parquet file: row group 1 (rows 1 to 3): column "prompt" has values for only 2 of the 3 rows the row group states`);
    // one fewer: the row left over was dropped without a word
    const fewer = s.t.file('fewer.parquet', withFooter(good, (m) => void (m.row_groups[0].num_rows = 1n)));
    await expectRefused(params(fewer), `${fewer}: not a valid Parquet file: row group 1 (rows 1 to 1): column "prompt" has 2 values, more than the 1 rows the row group states`);
    const negative = s.t.file('negative.parquet', withFooter(good, (m) => void (m.row_groups[0].num_rows = -1n)));
    const size = parquetMetadata(good.buffer).row_groups[0].total_byte_size;
    await expectRefused(params(negative), `${negative}: not a valid Parquet file: row group 1 states -1 rows of ${size} bytes`);
    // no rows: the row group was skipped, its rows lost without a word
    const none = s.t.file('none.parquet', withFooter(good, (m) => void (m.row_groups[0].num_rows = 0n)));
    await expectRefused(params(none), `${none}: not a valid Parquet file: row group 1 states 0 rows of ${size} bytes, yet its columns hold values`);
    // two columns of one name: one hid the other's values, where a JSON record's repeated key is refused
    const twice = s.t.file('twice.parquet', withFooter(good, (m) => {
      m.schema[3].name = 'response 1';
      for (const group of m.row_groups) group.columns[2].meta_data!.path_in_schema = ['response 1'];
    }));
    await expectRefused(params(twice), `${twice}: not a valid Parquet file: it has two columns named "response 1"`);
    expect(countRows(s.t.store.db).datasets).toBe(0);
  });

  it('refuses a page header that lost a field, instead of reading on from offset NaN for ever', async () => {
    const bad = parquetFile(chatColumns, chatRows.slice(0, 2));
    const first = Number(parquetMetadata(bad.buffer).row_groups[0].columns[0].meta_data!.data_page_offset);
    bad[first + 7] ^= 5; // the DATA_PAGE_V2 header's first field (its value count) read as a field of no value
    const path = s.t.file('lost-field.parquet', bad);
    await expectRefused(
      { source: { kind: 'path', path }, format: 'trl' },
      `${path}: not a valid Parquet file: row group 1 (rows 1 to 2) cannot be read (column chosen.list.element.role: a DATA_PAGE_V2 header without its counts)`,
    );
  });

  it('refuses a corrupt row group, naming the rows it holds', async () => {
    const good = parquetFile(trlColumns, trlRows, { rowGroupSize: 4 });
    const bad = Buffer.from(good);
    bad.fill(0xff, 4, 40); // the first column chunk's page header
    const path = s.t.file('bad-group.parquet', bad);
    await expectRefused({ source: { kind: 'path', path }, format: 'trl' }, `${path}: not a valid Parquet file: row group 1 (rows 1 to 4) cannot be read (thrift unhandled type: 15)`);
  });
});

describe('previewImport of Parquet', () => {
  it('shows the columns and the first rows (rows counted from 1), by path or a whole upload', async () => {
    const path = s.t.file('pairs.parquet', parquetFile(mappedColumns, [...mappedRows, ...mappedRows.map((r) => ({ ...r, prompt: `${r.prompt}!` }))], { rowGroupSize: 2 }));
    const preview = await s.value('previewImport', { source: { kind: 'path', path } });
    expect(preview).toMatchObject({ fileName: path, unit: 'row', fields: ['prompt', 'response 1', 'response 2', 'label'] });
    expect(preview.records.map((r: { line: number }) => r.line)).toEqual([1, 2, 3, 4, 5]);
    expect(preview.records[1].cells).toEqual([{ text: 'Capital of France?', value: 'Capital of France?' }, { text: 'Lyon', value: 'Lyon' }, { text: 'Paris', value: 'Paris' }, { text: '1', value: 1 }]);
    const chat = parquetFile(chatColumns, chatRows);
    const upload = await s.value('previewImport', { source: { ...sentUpload(chat, 'chat.parquet'), partial: false }, records: 2 });
    expect(upload).toMatchObject({ fileName: 'chat.parquet', unit: 'row', fields: ['chosen', 'rejected', 'prompt'] });
    expect(upload.records[0].cells[0]).toEqual({ text: JSON.stringify(chatRows[0].chosen) });
    const jsonPreview = await s.value('previewImport', { source: { kind: 'path', path: s.t.file('p.jsonl', jsonl(mappedRows)) } });
    expect(jsonPreview.unit).toBe('line');
  });

  it('reads only the row groups of the rows it shows: a corrupt later one is not met (the import meets it)', async () => {
    const good = parquetFile(trlColumns, trlRows, { rowGroupSize: 6 });
    const second = Number(parquetMetadata(good.buffer).row_groups[1].columns[0].meta_data!.data_page_offset);
    const bad = Buffer.from(good);
    bad.fill(0xff, second, second + 20);
    const path = s.t.file('late-damage.parquet', bad);
    expect((await s.value('previewImport', { source: { kind: 'path', path } })).records).toHaveLength(5);
    await expectRefused({ source: { kind: 'path', path } }, `${path}: not a valid Parquet file: row group 2 (rows 7 to 7) cannot be read (thrift unhandled type: 15)`);
  });

  it("refuses a browser's upload of only a Parquet file's start: its footer is at its end", async () => {
    const head = parquetFile(trlColumns, trlRows).subarray(0, 64);
    const result = await s.call('previewImport', { source: { ...sentUpload(head, 'big.parquet'), partial: true } });
    expect(result).toEqual({
      ok: false,
      error: expect.objectContaining({
        code: 'BAD_INPUT',
        message: 'big.parquet: a Parquet file keeps its footer at its end, so only a whole file can be previewed, not its first 512 KiB; use the desktop app or `rung import FILE --format mapped …`',
      }),
    });
  });
});

const python = resolve(__dirname, '..', '..', '.venv-test', 'bin', 'python');
const havePyarrow = existsSync(python) && spawnSync(python, ['-c', 'import pyarrow'], { stdio: 'ignore' }).status === 0;
if (!havePyarrow) console.log('skipped the pyarrow Parquet test: .venv-test lacks pyarrow (run tests/python/setup-venv.sh)');

describe.skipIf(!havePyarrow)('a Parquet file written by pyarrow', () => {
  it('imports its conversational columns (zstd, row groups of 2) as the same rows in JSONL', async () => {
    const path = join(s.t.dir, 'arrow.parquet');
    const script = `
import json, sys, pyarrow as pa, pyarrow.parquet as pq
rows = json.loads(sys.argv[2])
message = pa.struct([("role", pa.string()), ("content", pa.string())])
schema = pa.schema([("prompt", pa.string()), ("chosen", pa.list_(message)), ("rejected", pa.list_(message)), ("score", pa.int64())])
pq.write_table(pa.Table.from_pylist(rows, schema=schema), sys.argv[1], compression="zstd", row_group_size=2)
`;
    const rows = chatRows.map((r, i) => ({ ...r, score: i }));
    const written = spawnSync(python, ['-c', script, path, JSON.stringify(rows)], { encoding: 'utf8' });
    expect(written.stderr).toBe('');
    expect(await s.value('importDataset', { source: { kind: 'path', path } })).toMatchObject({ format: 'trl', records: 5, comparisonsAdded: 5, judgmentsAdded: 5 });
    const asJsonl = s.t.file('arrow.jsonl', jsonl(rows));
    expect(await s.value('importDataset', { source: { kind: 'path', path: asJsonl } })).toMatchObject({ comparisonsAdded: 0, comparisonsExisting: 5, judgmentsAdded: 0 });
  });
});
