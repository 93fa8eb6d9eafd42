// `rung import FILE.parquet [--format trl|mapped …]`: a Parquet file imports as its JSONL twin would, and a bad row or a
// cut-short file is refused (exit 1) naming the file and the row, with nothing written.
import { rmSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { rung } from '../helpers/cli';
import { parquetFile, type ParquetColumn } from '../helpers/parquet';
import { tempDir } from '../helpers/store';

let dir = '';
const db = () => join(dir, 'rung.db');
beforeEach(() => void (dir = tempDir()));
afterEach(() => rmSync(dir, { recursive: true, force: true }));

const columns: ParquetColumn[] = [
  { name: 'prompt', kind: 'text' },
  { name: 'response 1', kind: 'text' },
  { name: 'response 2', kind: 'text' },
  { name: 'label', kind: 'int64' },
];
const rows = [
  { prompt: 'What is 2+2?', 'response 1': '4', 'response 2': '5', label: 0 },
  { prompt: 'Capital of France?', 'response 1': 'Lyon', 'response 2': 'Paris', label: 1 },
  { prompt: 'Say hi', 'response 1': 'hi', 'response 2': 'hello', label: 2 },
];
const labelled = ['--format', 'mapped', '--prompt', 'prompt', '--a', 'response 1', '--b', 'response 2', '--label', 'label', '--label-values', '0=a,1=b,2=tie'];
const comparisons = () => JSON.parse(rung(['stats', '--json', '--db', db()]).stdout).comparisons as number;

function file(name: string, bytes: Buffer): string {
  const path = join(dir, name);
  writeFileSync(path, bytes);
  return path;
}

describe('rung import of a Parquet file', () => {
  it('imports TRL columns (auto) and mapped columns with labels', () => {
    const trl = file('prefs.parquet', parquetFile([{ name: 'prompt', kind: 'text' }, { name: 'chosen', kind: 'text' }, { name: 'rejected', kind: 'text' }], [{ prompt: 'p', chosen: 'good', rejected: 'bad' }]));
    expect(rung(['import', trl, '--db', db()])).toMatchObject({
      code: 0,
      stderr: '',
      stdout: `${trl}: imported 1 records as trl dataset "prefs": 1 comparisons added (0 already present), 1 judgments, 1 new evaluators\n`,
    });
    const pairs = file('pairs.parquet', parquetFile(columns, rows, { rowGroupSize: 2 }));
    expect(rung(['import', pairs, ...labelled, '--db', db()])).toMatchObject({
      code: 0,
      stdout: `${pairs}: imported 3 records as mapped dataset "pairs": 3 comparisons added (0 already present), 3 judgments, 1 new evaluators\n`,
    });
    expect(comparisons()).toBe(4);
  });

  it('refuses a bad label naming its row, and a cut-short file; nothing is written', () => {
    const seven = file('seven.parquet', parquetFile(columns, [...rows, { ...rows[0], prompt: 'late', label: 7 }]));
    expect(rung(['import', seven, ...labelled, '--db', db()])).toMatchObject({ code: 1, stderr: `rung import: ${seven}:row 4: label: unexpected value 7 (expected one of 0, 1, 2)\n` });
    const whole = parquetFile(columns, rows);
    const cut = file('cut.parquet', whole.subarray(0, whole.length - 10));
    expect(rung(['import', cut, '--db', db()])).toMatchObject({
      code: 1,
      stderr: `rung import: ${cut}: not a valid Parquet file: it opens with PAR1 but does not end with it (the file is cut short?)\n`,
    });
    expect(comparisons()).toBe(0);
  });
});
