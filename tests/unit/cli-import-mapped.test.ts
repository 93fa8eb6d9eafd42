// `rung import FILE --format mapped --prompt F --a F --b F [--label F --label-values MAP]`: fields with spaces, winners
// and ties as mapped; options that make no sense are usage errors (exit 2) naming the option, a bad record is refused
// (exit 1) with `file:line: field`, and nothing is written either way.
import { rmSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import Database from 'better-sqlite3';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { rung } from '../helpers/cli';
import { jsonl, tempDir } from '../helpers/store';

let dir = '';
const db = () => join(dir, 'rung.db');
beforeEach(() => void (dir = tempDir()));
afterEach(() => rmSync(dir, { recursive: true, force: true }));

const rows = [
  { prompt: 'What is 2+2?', 'response 1': '4', 'response 2': '5', label: 0 },
  { prompt: 'Capital of France?', 'response 1': 'Lyon', 'response 2': 'Paris', label: 1 },
  { prompt: 'Say hi', 'response 1': 'hi', 'response 2': 'hello', label: 2 },
];
function file(name: string, records: unknown[]): string {
  const path = join(dir, name);
  writeFileSync(path, jsonl(records));
  return path;
}
const mapping = ['--prompt', 'prompt', '--a', 'response 1', '--b', 'response 2'];
const labelled = [...mapping, '--label', 'label', '--label-values', '0=a,1=b,2=tie'];
const comparisons = () => JSON.parse(rung(['stats', '--json', '--db', db()]).stdout).comparisons as number;

describe('rung import --format mapped', () => {
  it('imports the example set with the right winners and ties, as a mapped dataset', () => {
    const path = file('pairs.jsonl', rows);
    const result = rung(['import', path, '--format', 'mapped', ...labelled, '--db', db()]);
    expect(result).toMatchObject({ code: 0, stderr: '' });
    expect(result.stdout).toBe(`${path}: imported 3 records as mapped dataset "pairs": 3 comparisons added (0 already present), 3 judgments, 1 new evaluators\n`);
    const store = new Database(db(), { readonly: true });
    try {
      const judged = store
        .prepare(
          `SELECT ra.text AS a, j.choice, e.name AS evaluator, e.label_source AS labelSource FROM judgments j JOIN comparisons c ON c.id = j.comparison_id
           JOIN responses ra ON ra.id = c.response_a_id JOIN evaluators e ON e.id = j.evaluator_id ORDER BY ra.text`,
        )
        .all();
      const evaluator = 'pairs (source labels)';
      expect(judged).toEqual([
        { a: '4', choice: 'A', evaluator, labelSource: 1 },
        { a: 'Lyon', choice: 'B', evaluator, labelSource: 1 },
        { a: 'hi', choice: 'tie', evaluator, labelSource: 1 },
      ]);
      expect(store.prepare('SELECT format FROM datasets').all()).toEqual([{ format: 'mapped' }]);
    } finally {
      store.close();
    }
  });

  it('without --label the comparisons come unjudged', () => {
    const result = rung(['import', file('plain.jsonl', rows), '--format', 'mapped', ...mapping, '--db', db(), '--json']);
    expect(result.code).toBe(0);
    expect(JSON.parse(result.stdout)).toMatchObject({ format: 'mapped', comparisonsAdded: 3, judgmentsAdded: 0 });
  });

  it('refuses options that make no sense as usage errors, before reading the file', () => {
    const path = join(dir, 'absent.jsonl'); // never read: each refusal comes first
    const refused = (args: string[], stderr: string) => expect(rung(['import', path, ...args, '--db', db()])).toMatchObject({ code: 2, stdout: '', stderr });
    refused(mapping, 'rung import: --format must be mapped when fields are mapped (prompt, a, b, label), got "auto"\n');
    refused(['--format', 'trl', '--label', 'label'], 'rung import: --format must be mapped when fields are mapped (prompt, a, b, label), got "trl"\n');
    refused(
      ['--format', 'mapped'],
      'rung import: --prompt is required with format mapped: the field that holds the prompt\n' +
        'rung import: --a is required with format mapped: the field that holds response A\n' +
        'rung import: --b is required with format mapped: the field that holds response B\n',
    );
    refused(['--format', 'mapped', '--prompt', 'prompt', '--b', 'response 2'], 'rung import: --a is required with format mapped: the field that holds response A\n');
    refused(['--format', 'mapped', ...mapping, '--label-values', '0=a'], 'rung import: --label-values maps the values of no field: name the label field too\n');
    refused(['--format', 'mapped', ...mapping, '--label', 'label'], 'rung import: --label needs its values mapped to a, b or tie (label values, e.g. "0=a,1=b,2=tie")\n');
    refused(
      ['--format', 'mapped', ...mapping, '--label', 'label', '--label-values', '0=a;1=b'],
      'rung import: --label-values must be VALUE=CHOICE pairs separated by commas, each CHOICE a, b or tie (e.g. "0=a,1=b,2=tie"), got "0=a;1=b"\n',
    );
    refused(['--format', 'mapped', ...mapping, '--label', 'label', '--label-values', '1=a,2=b,1=tie'], 'rung import: --label-values maps 1 twice\n');
    expect(comparisons()).toBe(0);
  });

  it('refuses a label value not in the map and a mapped field a record lacks, naming file, line and field; nothing is written', () => {
    const seven = file('seven.jsonl', [...rows, { ...rows[0], prompt: 'late', label: 7 }]);
    expect(rung(['import', seven, '--format', 'mapped', ...labelled, '--db', db()])).toMatchObject({
      code: 1,
      stderr: `rung import: ${seven}:4: label: unexpected value 7 (expected one of 0, 1, 2)\n`,
    });
    const { 'response 2': _b, ...noB } = rows[1];
    const missing = file('missing.jsonl', [rows[0], noB]);
    expect(rung(['import', missing, '--format', 'mapped', ...labelled, '--db', db()])).toMatchObject({ code: 1, stderr: `rung import: ${missing}:2: response 2: missing\n` });
    expect(comparisons()).toBe(0);
  });
});
