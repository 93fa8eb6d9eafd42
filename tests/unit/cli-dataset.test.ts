// `rung dataset list`, `rung dataset rename` and `rung dataset delete`: the datasets table in a terminal, its rename
// and its delete by id or name, with the contract's refusals (and usage errors) on standard error, a non-zero exit and
// nothing changed.
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
    expect(rung(['dataset', 'drop', '--db', db()]).stderr).toContain('rung dataset takes list, rename or delete, got "drop"');
    expect(listed().map((d) => d.name).sort()).toEqual(['first', 'second']);
  });

  it('deletes one: without --yes prints the plan and exits 2; refused (exit 1) while a verdict given in Rung sits on it, unless --with-judgments', () => {
    importFile('first');
    importFile('second');
    const store = new Database(db());
    try {
      store.prepare(`INSERT INTO evaluators (id, kind, name, created_at) VALUES ('e-ada', 'human', 'Ada', '2026-12-07T00:00:00Z')`).run();
      store
        .prepare(
          `INSERT INTO judgments (id, comparison_id, evaluator_id, choice, origin, created_at)
           SELECT 'j-ada', c.id, 'e-ada', 'A', 'ui', '2026-12-07T00:00:00Z' FROM comparisons c JOIN datasets d ON d.id = c.dataset_id WHERE d.name = 'first'`,
        )
        .run();
    } finally {
      store.close();
    }
    const plan = rung(['dataset', 'delete', 'first', '--db', db()]);
    expect(plan.code).toBe(2);
    expect(plan.stdout).toMatch(/^deleting dataset "first" \(\S*first\.jsonl\):\n1 comparison only this dataset holds goes, with 0 flags on them\.\n1 judgment the file brought goes\.\n1 verdict by 1 evaluator not imported with it sits on the comparisons that go\.\n$/);
    expect(plan.stderr).toBe('rung dataset: nothing deleted: add --yes and --with-judgments to delete it\n');
    const refused = rung(['dataset', 'delete', 'first', '--yes', '--db', db()]);
    expect(refused.code).toBe(1);
    expect(refused.stderr).toContain(
      'dataset first is not deleted: 1 verdict by 1 evaluator not imported with it sits on comparisons only it holds; pass withJudgments (--with-judgments on the command line) to delete them too',
    );
    expect(listed().map((d) => d.name).sort()).toEqual(['first', 'second']);
    const done = rung(['dataset', 'delete', 'first', '--yes', '--with-judgments', '--db', db()]);
    expect(done).toMatchObject({ code: 0, stderr: '' });
    expect(done.stdout).toBe('deleted: 1 comparison, 2 judgments, 0 flags, 1 prompt, 2 responses; 0 shared comparisons kept with the other datasets\n');
    const second = listed()[0];
    expect(listed().map((d) => d.name)).toEqual(['second']);
    expect(rung(['dataset', 'delete', second.id, '--yes', '--db', db()]).code).toBe(0);
    expect(rung(['dataset', 'list', '--db', db()]).stdout).toBe('no datasets yet: rung import FILE\n');
    const audit = new Database(db(), { readonly: true });
    try {
      expect(audit.prepare(`SELECT actor, json_extract(details, '$.name') AS name FROM audit_log WHERE action = 'delete' ORDER BY seq`).all()).toEqual([
        { actor: 'cli', name: 'first' },
        { actor: 'cli', name: 'second' },
      ]);
    } finally {
      audit.close();
    }
  });
});
