// Property-based fuzzing of every import format (#17 "Fuzzing, kept"), mapped columns included: files built from valid records of each format,
// then broken — fields replaced by arbitrary JSON, dropped or repeated, deep nesting, lone surrogates, numbers that are
// not finite, oversized metadata, blank runs, truncation, flipped bytes —, as JSONL or a JSON array, plain or gzipped.
// Invariants (importedOrRefused, tests/helpers/fuzz.ts): the import succeeds or is refused with BAD_INPUT naming the file
// (and its line); never another error, a crash or a hang; a refused file leaves every table byte-identical; the database
// passes its integrity check. Parquet files: fuzz-parquet-imports.test.ts. Short run in npm test, long in npm run fuzz.
import fc from 'fast-check';
import { gzipSync } from 'node:zlib';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { ColumnMapping } from '../../electron/api/import-mapping';
import { importDataset } from '../../electron/core/datasets/import';
import { fuzzRuns, fuzzSeed, importedOrRefused, longTimeout } from '../helpers/fuzz';
import { tempStore, type TempStore } from '../helpers/store';

let t: TempStore;
beforeAll(() => {
  t = tempStore();
});
afterAll(() => t.cleanup());

/** One valid record per format, as [key, JSON text] pairs so that a file can hold what a JS object cannot (a repeated key). */
type FormatName = 'rung' | 'trl' | 'hh-rlhf' | 'pandalm' | 'llmbar' | 'mapped';
const validRecords: Record<FormatName, [string, unknown][]> = {
  rung: [
    ['prompt', 'What is 2 + 2?'],
    ['response_a', '4'],
    ['response_b', '5'],
    ['id', 7],
    ['layer', 1],
    ['segments', { a: ['4'], b: ['5'] }],
    ['embedding', { a: [0.1, 0.2], b: [0.3, 0.4] }],
    ['ground_truth', 'A'],
    ['metadata', { difficulty: 'easy', tags: ['x'] }],
    ['judgments', [{ evaluator: 'ann', kind: 'human', choice: 'A', strength: 2, confidence: 0.9, rationale: 'right' }]],
  ],
  trl: [
    ['prompt', [{ role: 'user', content: 'hi' }]],
    ['chosen', 'hello'],
    ['rejected', 'go away'],
  ],
  'hh-rlhf': [
    ['chosen', '\n\nHuman: hi\n\nAssistant: hello'],
    ['rejected', '\n\nHuman: hi\n\nAssistant: go away'],
  ],
  pandalm: [
    ['idx', 3],
    ['cmp_key', 'a_b'],
    ['instruction', 'Say hi'],
    ['input', ''],
    ['response1', 'hi'],
    ['response2', 'hello'],
    ['annotator1', 1],
    ['annotator2', 0],
    ['motivation_app', 'chat'],
  ],
  llmbar: [
    ['input', 'Say hi'],
    ['output_1', 'hi'],
    ['output_2', 'bye'],
    ['label', 1],
  ],
  mapped: [
    ['question', 'Say hi'],
    ['answer 1', 'hi'],
    ['answer 2', 'bye'],
    ['verdict', 2],
  ],
};

/** The mapping every file imported as mapped is read with (any other format's file meets it too, and is refused). */
const mapping = ColumnMapping.parse({ prompt: 'question', a: 'answer 1', b: 'answer 2', label: 'verdict', labelValues: '0=a,1=b,2=tie' }) as ColumnMapping;
const formatNames = Object.keys(validRecords) as FormatName[];

/** `arbitrary`'s value one time in ten, else null. */
const rarely = <T>(arbitrary: fc.Arbitrary<T>): fc.Arbitrary<T | null> => fc.oneof({ weight: 9, arbitrary: fc.constant(null) }, { weight: 1, arbitrary });

const nested = (levels: number) => '['.repeat(levels) + '0' + ']'.repeat(levels);

/** A field's JSON text: its valid value, or one of the ways a hostile file breaks it. */
const fieldText = (value: unknown): fc.Arbitrary<string> =>
  fc.oneof(
    { weight: 12, arbitrary: fc.constant(JSON.stringify(value)) },
    { weight: 2, arbitrary: fc.jsonValue({ maxDepth: 3 }).map((v) => JSON.stringify(v) ?? 'null') },
    { weight: 1, arbitrary: fc.integer({ min: 1, max: 3000 }).map((n) => `{"m":${nested(n)}}`) },
    { weight: 1, arbitrary: fc.constantFrom('"\\ud800"', '"x\\udfff"', '"\\ud83d\\ude00"', '1e400', '-1e999', '"\\u0000"', '{"a":1,"a":2}', '[1,]', '"', 'NaN') },
    { weight: 1, arbitrary: fc.integer({ min: 60_000, max: 80_000 }).map((n) => JSON.stringify({ notes: 'n'.repeat(n) })) },
  );

/** One record's text: intact, or with each field kept, dropped, repeated or broken, and an unknown field perhaps added. */
const recordText = (format: FormatName): fc.Arbitrary<string> =>
  fc.oneof(
    { weight: 4, arbitrary: fc.string({ minLength: 1, maxLength: 12 }).map((tag) => intactRecord(format, tag)) },
    { weight: 1, arbitrary: brokenRecord(format) },
  );

/** A valid record of the format, its texts made distinct by `tag`. */
function intactRecord(format: FormatName, tag: string): string {
  const texts = new Set(['prompt', 'instruction', 'input', 'response_a', 'chosen', 'response1', 'output_1', 'question', 'answer 1']);
  const pairs = validRecords[format].map(([key, value]) => [key, typeof value === 'string' && texts.has(key) ? `${value} ${tag}` : value] as const);
  return `{${pairs.map(([k, v]) => `${JSON.stringify(k)}:${JSON.stringify(v)}`).join(',')}}`;
}

const brokenRecord = (format: FormatName): fc.Arbitrary<string> =>
  fc
    .tuple(
      fc.tuple(
        ...validRecords[format].map(([key, value]) =>
          fc
            .tuple(fc.constantFrom('keep', 'keep', 'keep', 'keep', 'keep', 'drop', 'repeat'), fieldText(value))
            .map(([how, text]): [string, string][] => (how === 'drop' ? [] : how === 'repeat' ? [[key, text], [key, JSON.stringify(value)]] : [[key, text]])),
        ),
      ),
      rarely(fc.tuple(fc.string({ maxLength: 8 }), fc.jsonValue({ maxDepth: 2 }))),
    )
    .map(([fields, extra]) => {
      const pairs = fields.flat();
      if (extra) pairs.push([extra[0], JSON.stringify(extra[1]) ?? 'null']);
      return `{${pairs.map(([k, v]) => `${JSON.stringify(k)}:${v}`).join(',')}}`;
    });

interface FuzzFile {
  format: FormatName;
  asFormat: 'auto' | FormatName;
  bytes: Buffer;
  name: string;
}

const fuzzFile: fc.Arbitrary<FuzzFile> = fc
  .constantFrom(...formatNames)
  .chain((format) =>
    fc.record({
      format: fc.constant(format),
      asFormat: fc.oneof({ weight: 4, arbitrary: fc.constantFrom('auto' as const, format) }, { weight: 1, arbitrary: fc.constantFrom(...formatNames) }),
      records: fc.array(recordText(format), { minLength: 0, maxLength: 4 }),
      array: fc.boolean(),
      gzip: fc.boolean(),
      blank: fc.constantFrom(0, 0, 0, 0, 0, 3, 5000),
      cut: rarely(fc.nat()),
      flip: rarely(fc.tuple(fc.nat(), fc.integer({ min: 1, max: 255 }))),
    }),
  )
  .map(({ format, asFormat, records, array, gzip, blank, cut, flip }) => {
    const gap = '\n'.repeat(blank);
    let bytes = Buffer.from(array ? `[${records.join(`,${gap}`)}]` : records.join(`\n${gap}`) + '\n');
    if (cut !== null && bytes.length > 0) bytes = bytes.subarray(0, cut % bytes.length);
    if (flip !== null && bytes.length > 0) {
      bytes = Buffer.from(bytes);
      bytes[flip[0] % bytes.length] ^= flip[1];
    }
    if (gzip) bytes = gzipSync(bytes);
    return { format, asFormat, bytes, name: `fuzz.${array ? 'json' : 'jsonl'}${gzip ? '.gz' : ''}` };
  });

describe('fuzzing the importers', () => {
  it('every file is imported or refused with BAD_INPUT naming it; a refused file changes no table', async () => {
    let cases = 0;
    let refused = 0;
    await fc.assert(
      fc.asyncProperty(fuzzFile, async (file) => {
        cases++;
        const path = t.file(file.name, file.bytes);
        const refusal = await importedOrRefused(t.store.db, path, () =>
          importDataset(t.store, { path }, { format: file.asFormat, mapping: file.asFormat === 'mapped' ? mapping : undefined, blankInputLimit: 4096 }),
        );
        if (refusal) {
          refused++;
          if (refused <= 40 && process.env.RUNG_FUZZ_SHOW) console.log(refusal.message.slice(0, 200));
        }
      }),
      { numRuns: fuzzRuns(60, 3000), seed: fuzzSeed('imports'), endOnFailure: true },
    );
    console.log(`fuzz imports: ${cases} files, ${refused} refused, ${cases - refused} imported`);
    expect(refused).toBeGreaterThan(0);
    expect(refused).toBeLessThan(cases);
  }, longTimeout);
});
