// `rung dataset list` and `rung dataset rename`: the datasets table in a terminal and its rename by id or name, with
// the contract's refusals (and usage errors) on standard error, a non-zero exit and nothing changed.
import { rmSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import Database from 'better-sqlite3';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { rung } from '../helpers/cli';
import { jsonl, tempDir } from '../helpers/store';

// Each test's database in a folder of its own, removed after it.
let dir = '';
const db = () => join(dir, 'rung.db');
beforeEach(() => void (dir = tempDir()));
afterEach(() => rmSync(dir, { recursive: true, force: true }));

function importFile(name: string): void {
  const path = join(dir, `${name}.jsonl`);
  writeFileSync(path, jsonl([{ prompt: `${name} p`, chosen: 'a', rejected: 'b' }]));
  expect(rung(['import', path, '--db', db()]).code).toBe(0);
}
const listed = () => JSON.parse(rung(['dataset', 'list', '--db', db(), '--json']).stdout) as { id: string; name: string; judgments: number; appVerdicts: number }[];

describe('rung dataset', () => {
  it('lists the datasets, and renames one by name or by id, audited as the command line', () => {
    expect(rung(['dataset', 'list', '--db', db()]).stdout).toBe('no datasets yet: rung import FILE\n');
    importFile('first');
    importFile('second');
    const text = rung(['dataset', 'list', '--db', db()]).stdout;
    expect(text).toMatch(/"first" \(trl, \S*first\.jsonl\): 1 comparison, 1 imported judgment, 0 verdicts in Rung, imported /);
    const renamed = rung(['dataset', 'rename', 'first', 'maths', '--db', db()]);
    expect(renamed).toMatchObject({ code: 0, stderr: '' });
    expect(renamed.stdout).toMatch(/"maths" \(trl, \S*first\.jsonl\)/);
    const second = listed().find((d) => d.name === 'second')!;
    expect(rung(['dataset', 'rename', second.id, 'easy', '--db', db()]).code).toBe(0);
    expect(listed().map((d) => d.name).sort()).toEqual(['easy', 'maths']);
    const store = new Database(db(), { readonly: true });
    try {
      expect(store.prepare(`SELECT actor, details FROM audit_log WHERE action = 'rename' ORDER BY seq`).all()).toEqual([
        { actor: 'cli', details: JSON.stringify({ from: 'first', to: 'maths' }) },
        { actor: 'cli', details: JSON.stringify({ from: 'second', to: 'easy' }) },
      ]);
    } finally {
      store.close();
    }
  });

  it('refuses a taken name, an unknown dataset, an empty name and a missing argument, changing nothing', () => {
    importFile('first');
    importFile('second');
    const taken = rung(['dataset', 'rename', 'first', 'second', '--db', db()]);
    expect(taken.code).not.toBe(0);
    expect(taken.stderr).toContain('another dataset is named second');
    const unknown = rung(['dataset', 'rename', 'third', 'x', '--db', db()]);
    expect(unknown.code).not.toBe(0);
    expect(unknown.stderr).toContain('no dataset "third" (rung dataset list lists them; there are: first, second)');
    const empty = rung(['dataset', 'rename', 'first', '  ', '--db', db()]);
    expect(empty.code).not.toBe(0);
    expect(empty.stderr).toContain('rung dataset: NEW_NAME: Too small');
    const missing = rung(['dataset', 'rename', 'first', '--db', db()]);
    expect(missing.code).not.toBe(0);
    expect(missing.stderr).toContain('give the dataset (its id or name) and its new name');
    expect(rung(['dataset', 'drop', '--db', db()]).stderr).toContain('rung dataset takes list or rename, got "drop"');
    expect(listed().map((d) => d.name).sort()).toEqual(['first', 'second']);
  });
});
