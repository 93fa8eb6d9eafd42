// Property-based fuzzing of Parquet imports (#17 "Fuzzing, kept"): small valid files (TRL, conversational, mapped and
// rung columns, written by hyparquet-writer: snappy or gzip, one or several row groups, nulls where a field is
// required), then broken — bytes flipped in the footer, a page header or the data; cut short; a footer length past the
// file; the footer written again with lies: row-group and file row counts, byte sizes and offsets, column types,
// REQUIRED columns that hold nulls, two columns of one name, text columns without their UTF8 annotation or as JSON.
// Invariants (importedOrRefused, tests/helpers/fuzz.ts): imported, or refused with BAD_INPUT naming the file (and its
// row); never another error or a hang; a refused file changes no table. Short run in npm test, long in npm run fuzz.
// RUNG_FUZZ_SHOW=1 prints each file before it is read and why it was refused (vitest --disableConsoleIntercept shows
// the last one even when a loop without end holds the thread, which the time bound cannot interrupt).
import fc from 'fast-check';
import { parquetMetadata, parquetSchema, type FileMetaData, type ParquetType } from 'hyparquet';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { ColumnMapping } from '../../electron/api/import-mapping';
import { importDataset } from '../../electron/core/datasets/import';
import { fuzzRuns, fuzzSeed, importedOrRefused, longTimeout } from '../helpers/fuzz';
import { footerStart, parquetFile, withFooter, type ParquetColumn } from '../helpers/parquet';
import { tempStore, type TempStore } from '../helpers/store';

let t: TempStore;
beforeAll(() => {
  t = tempStore();
});
afterAll(() => t.cleanup());

/** The valid files' shapes: their columns, and a row's cells from a tag that keeps texts distinct. */
type Shape = 'trl' | 'chat' | 'mapped' | 'rung';
const text = (name: string): ParquetColumn => ({ name, kind: 'text' });
const shapes: Record<Shape, { columns: ParquetColumn[]; row: (tag: string, label: number) => Record<string, unknown> }> = {
  trl: { columns: [text('prompt'), text('chosen'), text('rejected')], row: (tag) => ({ prompt: `q ${tag}`, chosen: `good ${tag}`, rejected: `bad ${tag}` }) },
  chat: {
    columns: [{ name: 'chosen', kind: 'messages' }, { name: 'rejected', kind: 'messages' }, text('prompt')],
    row: (tag) => ({
      prompt: `topic ${tag}`,
      chosen: [{ role: 'user', content: `hi ${tag}` }, { role: 'assistant', content: 'hello' }],
      rejected: [{ role: 'user', content: `hi ${tag}` }, { role: 'assistant', content: 'go away' }],
    }),
  },
  mapped: {
    columns: [text('question'), text('answer 1'), text('answer 2'), { name: 'verdict', kind: 'int64' }],
    row: (tag, label) => ({ question: `say ${tag}`, 'answer 1': `hi ${tag}`, 'answer 2': `bye ${tag}`, verdict: label }),
  },
  rung: {
    columns: [text('prompt'), text('response_a'), text('response_b'), { name: 'layer', kind: 'int64' }],
    row: (tag, label) => ({ prompt: `what ${tag}`, response_a: `4 ${tag}`, response_b: `5 ${tag}`, layer: label }),
  },
};
const shapeNames = Object.keys(shapes) as Shape[];
const mapping = ColumnMapping.parse({ prompt: 'question', a: 'answer 1', b: 'answer 2', label: 'verdict', labelValues: '0=a,1=b,2=tie' }) as ColumnMapping;
const formats = ['auto', 'trl', 'mapped', 'rung', 'hh-rlhf'] as const;

/** A lie the footer can tell, applied with `pick` choosing which group, column or value (any natural number). */
type Lie = (metadata: FileMetaData, pick: number) => void;
const at = <T>(xs: T[], pick: number): T | undefined => xs[pick % Math.max(1, xs.length)];
const leaves = (m: FileMetaData) => m.schema.filter((e) => e.type);
const chunkOf = (m: FileMetaData, pick: number) => at(at(m.row_groups, pick)?.columns ?? [], pick >> 3)?.meta_data;
const counts = [0n, 1n, -1n, 2n ** 31n, 2n ** 53n, 2n ** 62n];
const lies: Record<string, Lie> = {
  'a row group states other rows': (m, pick) => {
    const group = at(m.row_groups, pick);
    if (group) group.num_rows = [group.num_rows * 2n, group.num_rows - 1n, group.num_rows + 1n, ...counts][(pick >> 2) % 9];
  },
  'the file states other rows': (m, pick) => void (m.num_rows = [m.num_rows + 1n, ...counts][pick % 7]),
  'a row group states another size': (m, pick) => {
    const group = at(m.row_groups, pick);
    if (group) group.total_byte_size = [0n, -1n, 2n ** 40n][(pick >> 2) % 3];
  },
  'a column chunk states other values': (m, pick) => {
    const chunk = chunkOf(m, pick);
    if (chunk) chunk.num_values = [chunk.num_values + 1n, chunk.num_values - 1n, ...counts][(pick >> 5) % 8];
  },
  'a column chunk is elsewhere': (m, pick) => {
    const chunk = chunkOf(m, pick);
    if (chunk) chunk.data_page_offset = [chunk.data_page_offset + 3n, chunk.data_page_offset - 2n, 0n, 2n ** 40n, -5n][(pick >> 5) % 5];
  },
  'a column chunk states another length': (m, pick) => {
    const chunk = chunkOf(m, pick);
    if (chunk) chunk.total_compressed_size = [0n, chunk.total_compressed_size * 2n, 2n ** 31n, -1n][(pick >> 5) % 4];
  },
  'a column has another type': (m, pick) => {
    const leaf = at(leaves(m), pick);
    const type = (['INT32', 'INT64', 'INT96', 'FLOAT', 'DOUBLE', 'BOOLEAN', 'FIXED_LEN_BYTE_ARRAY', 'BYTE_ARRAY'] as ParquetType[])[(pick >> 3) % 8];
    if (!leaf) return;
    leaf.type = type;
    if (type === 'FIXED_LEN_BYTE_ARRAY') leaf.type_length = 3;
    // the column chunks' own type too, or not
    if (pick & 1) for (const group of m.row_groups) for (const chunk of group.columns) if (chunk.meta_data?.path_in_schema.at(-1) === leaf.name) chunk.meta_data.type = type;
  },
  'a column that holds nulls is REQUIRED': (m, pick) => {
    const leaf = at(m.schema.slice(1), pick);
    if (leaf) leaf.repetition_type = 'REQUIRED';
  },
  'two columns have one name': (m, pick) => {
    const top = parquetSchema(m).children.map((child) => child.element);
    const [first, second] = [at(top, pick), at(top, pick + 1)];
    if (!first || !second || first === second) return;
    for (const group of m.row_groups) for (const chunk of group.columns) if (chunk.meta_data?.path_in_schema[0] === second.name) chunk.meta_data.path_in_schema[0] = first.name;
    second.name = first.name;
  },
  'a text column is not marked UTF8, or is marked JSON': (m, pick) => {
    const leaf = at(leaves(m).filter((e) => e.converted_type === 'UTF8'), pick);
    if (leaf) leaf.converted_type = pick & 1 ? 'JSON' : undefined;
  },
  // fewer only: hyparquet-writer builds the schema's tree to write a footer (flipped bytes in the footer say more)
  'the schema states fewer columns': (m, pick) => void (m.schema[0].num_children = [0, 1, (m.schema[0].num_children ?? 1) - 1][pick % 3]),
};
const lieNames = Object.keys(lies);

/** One way to break a file's bytes, given the valid file and `pick`. */
type Damage = (bytes: Buffer, pick: number, byte: number) => Buffer;
const flipIn = (bytes: Buffer, from: number, to: number, pick: number, byte: number): Buffer => {
  const out = Buffer.from(bytes);
  if (to > from) out[from + (pick % (to - from))] ^= byte;
  return out;
};
const damages: Record<string, Damage> = {
  'a byte flipped in the footer': (bytes, pick, byte) => flipIn(bytes, footerStart(bytes), bytes.length - 8, pick, byte),
  'a byte flipped in a page header': (bytes, pick, byte) => {
    const chunk = chunkOf(parquetMetadata(new Uint8Array(bytes).buffer), pick);
    const start = Number(chunk?.dictionary_page_offset ?? chunk?.data_page_offset ?? 4n);
    return flipIn(bytes, start, Math.min(start + 24, footerStart(bytes)), pick >> 6, byte);
  },
  'a byte flipped in the data': (bytes, pick, byte) => flipIn(bytes, 4, footerStart(bytes), pick, byte),
  'cut short': (bytes, pick) => bytes.subarray(0, pick % bytes.length),
  'the footer length points elsewhere': (bytes, pick) => {
    const out = Buffer.from(bytes);
    const length = out.readUInt32LE(out.length - 8);
    out.writeUInt32LE([out.length - 7, out.length, 2 ** 32 - 1, length + 1, Math.max(0, length - 1), 0][pick % 6], out.length - 8);
    return out;
  },
};
const damageNames = Object.keys(damages);

interface FuzzFile {
  format: (typeof formats)[number];
  what: string;
  bytes: Buffer;
}

/** A cell left null (a field the format requires, now and then) or kept. */
const rowArbitrary = (shape: Shape) =>
  fc
    .tuple(
      fc.string({ minLength: 1, maxLength: 8 }),
      fc.constantFrom(0, 1, 2, 2, 7),
      fc.oneof({ weight: 9, arbitrary: fc.constant(null) }, { weight: 1, arbitrary: fc.constantFrom(...shapes[shape].columns.map((c) => c.name)) }),
    )
    .map(([tag, label, blank]) => ({ ...shapes[shape].row(tag, label), ...(blank ? { [blank]: null } : {}) }));

const fuzzFile: fc.Arbitrary<FuzzFile> = fc
  .constantFrom(...shapeNames)
  .chain((shape) =>
    fc.record({
      shape: fc.constant(shape),
      rows: fc.array(rowArbitrary(shape), { minLength: 1, maxLength: 6 }),
      rowGroupSize: fc.integer({ min: 1, max: 4 }),
      codec: fc.constantFrom('SNAPPY' as const, 'GZIP' as const),
      format: fc.oneof({ weight: 3, arbitrary: fc.constant(shape === 'chat' ? ('trl' as const) : shape) }, { weight: 2, arbitrary: fc.constantFrom(...formats) }),
      harm: fc.oneof(
        { weight: 2, arbitrary: fc.constant(null) },
        { weight: 3, arbitrary: fc.tuple(fc.constant('lie' as const), fc.constantFrom(...lieNames), fc.nat()) },
        { weight: 3, arbitrary: fc.tuple(fc.constant('damage' as const), fc.constantFrom(...damageNames), fc.nat()) },
      ),
      byte: fc.integer({ min: 1, max: 255 }),
    }),
  )
  .map(({ shape, rows, rowGroupSize, codec, format, harm, byte }) => {
    let bytes: Buffer = parquetFile(shapes[shape].columns, rows, { rowGroupSize, codec });
    if (harm?.[0] === 'lie') bytes = withFooter(bytes, (m) => lies[harm[1]](m, harm[2]));
    if (harm?.[0] === 'damage') bytes = damages[harm[1]](bytes, harm[2], byte);
    const what = `${shape}, ${rows.length} rows in groups of ${rowGroupSize}, ${codec}, ${harm ? `${harm[1]} (${harm[2]})` : 'intact'}, as ${format}`;
    return { format, what, bytes };
  });

describe('fuzzing the Parquet importer', () => {
  it('writing a footer again unchanged keeps the file importable (the lies below are told in files otherwise valid)', async () => {
    const rows = [shapes.mapped.row('a', 0), shapes.mapped.row('b', 1), shapes.mapped.row('c', 2)];
    const path = t.file('rewritten.parquet', withFooter(parquetFile(shapes.mapped.columns, rows, { rowGroupSize: 2 }), () => undefined));
    expect(await importDataset(t.store, { path }, { format: 'mapped', mapping })).toMatchObject({ records: 3, comparisonsAdded: 3 });
  });

  it('every file is imported or refused with BAD_INPUT naming it (and its row); a refused file changes no table', async () => {
    let cases = 0;
    let refused = 0;
    await fc.assert(
      fc.asyncProperty(fuzzFile, async (file) => {
        cases++;
        if (process.env.RUNG_FUZZ_SHOW) console.log(`#${cases} ${file.what}`);
        const path = t.file('fuzz.parquet', file.bytes);
        const refusal = await importedOrRefused(t.store.db, path, () =>
          importDataset(t.store, { path }, { format: file.format, mapping: file.format === 'mapped' ? mapping : undefined }),
        );
        if (refusal) {
          refused++;
          if (process.env.RUNG_FUZZ_SHOW) console.log(`  refused${refusal.message.slice(path.length, 300)}`);
        }
      }),
      { numRuns: fuzzRuns(80, 3000), seed: fuzzSeed('parquet imports'), endOnFailure: true },
    );
    console.log(`fuzz parquet imports: ${cases} files, ${refused} refused, ${cases - refused} imported`);
    expect(refused).toBeGreaterThan(0);
    expect(refused).toBeLessThan(cases);
  }, longTimeout);
});
