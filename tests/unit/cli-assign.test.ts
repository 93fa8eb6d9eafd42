// `rung assign`: an assignment drawn from the command line through the contract, printed per evaluator (or as JSON),
// the same draw as createAssignment's; bad options refused with the option named (exit 2) and nothing written.
import { rmSync } from 'node:fs';
import { join } from 'node:path';
import Database from 'better-sqlite3';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { importStudy, rung } from '../helpers/cli';
import { tempDir } from '../helpers/store';

let dir: string;
let db: string;
beforeEach(() => {
  dir = tempDir();
  db = importStudy(dir);
  expect(rung(['run', 'create', '--name', 'Study', '--layer', 'easy=layer=0', '--layer', 'hard=layer=1', '--db', db]).code).toBe(0);
  const store = new Database(db);
  const insert = store.prepare(`INSERT INTO evaluators (id, kind, name, domains, created_at) VALUES (?, 'human', ?, '[]', 't')`);
  ['Ada', 'Bob', 'Cy'].forEach((name) => insert.run(crypto.randomUUID(), name));
  store.close();
});
afterEach(() => rmSync(dir, { recursive: true, force: true }));

const count = (table: string) => {
  const store = new Database(db, { readonly: true });
  try {
    return store.prepare(`SELECT count(*) FROM ${table}`).pluck().get() as number;
  } finally {
    store.close();
  }
};

describe('rung assign', () => {
  it("assigns a run layer's comparisons with overlap, seed, quota and deadline, and prints who got what", () => {
    const r = rung(['assign', '--run', 'Study', '--layer', '1', '--evaluator', 'Ada', '--evaluator', 'Bob', '--evaluator', 'Cy', '--overlap', '2', '--seed', '4', '--deadline', '2026-12-31', '--db', db]);
    expect(r.stderr).toBe('');
    expect(r.code).toBe(0);
    const lines = r.stdout.trim().split('\n');
    expect(lines[0]).toMatch(/^assignment "Study, layer 1" \([0-9a-f-]{36}\): 10 comparisons, each judged by 2 of 3 evaluators \(seed 4\), deadline 2026-12-31$/);
    expect(lines.slice(1).map((l) => l.replace(/\d+ comparisons/, 'N comparisons'))).toEqual([
      '  Ada  N comparisons (1 control trial, 0 position checks)',
      '  Bob  N comparisons (1 control trial, 0 position checks)',
      '  Cy   N comparisons (1 control trial, 0 position checks)',
    ]);
    const counts = lines.slice(1).map((l) => Number(/(\d+) comparisons/.exec(l)![1]));
    expect(counts.sort()).toEqual([6, 7, 7]);
    // the same options as JSON, with a quota: comparisons that cannot get 2 evaluators are left out
    const capped = rung(['assign', '--dataset', 'study', '--evaluator', 'Ada', '--evaluator', 'Bob', '--overlap', '2', '--quota', '5', '--json', '--db', db]);
    expect(capped.code).toBe(0);
    expect(JSON.parse(capped.stdout)).toMatchObject({ name: 'study', comparisons: 5, unassigned: 15, evaluators: [{ name: 'Ada', assigned: 5, quota: 5 }, { name: 'Bob', assigned: 5, quota: 5 }] });
  });

  it('refuses bad options naming them, exit 2 (1 for what does not exist), and writes nothing', () => {
    const base = ['--run', 'Study', '--layer', '0', '--evaluator', 'Ada', '--evaluator', 'Bob', '--db', db];
    const refused = (extra: string[], code = 2) => {
      const r = rung(['assign', ...base, ...extra]);
      expect(r.code).toBe(code);
      expect(r.stdout).toBe('');
      return r.stderr.trim();
    };
    expect(refused(['--overlap', '0'])).toBe('rung assign: --overlap must be an integer ≥ 1 (each comparison judged by that many evaluators), got "0"');
    expect(refused(['--overlap', '3'])).toBe('rung assign: --overlap must be at most the number of evaluators (2), got "3"');
    expect(refused(['--quota=-1'])).toBe('rung assign: --quota must be an integer ≥ 0, got "-1"');
    expect(refused(['--deadline', 'friday'])).toBe(
      'rung assign: --deadline must be an ISO 8601 date (2026-12-31) or date and time with its offset (2026-12-31T17:00:00Z), got "friday"',
    );
    expect(refused(['--evaluator', 'Zed'], 1)).toBe('rung assign: evaluators: no evaluator with id or name "Zed"');
    expect(refused(['--layer', '7'], 1)).toBe('rung assign: layer: run "Study" has no layer 7 (its layers: 0, 1)');
    expect(rung(['assign', '--run', 'Nope', '--layer', '0', '--evaluator', 'Ada', '--db', db]).stderr.trim()).toBe('rung assign: no run with id or name "Nope"');
    expect(rung(['assign', '--run', 'Study', '--evaluator', 'Ada', '--db', db])).toMatchObject({ code: 2, stderr: expect.stringContaining('--layer is required with --run') });
    expect(rung(['assign', '--run', 'Study', '--layer', '0', '--db', db])).toMatchObject({ code: 2, stderr: expect.stringContaining('give at least one --evaluator NAME') });
    expect(rung(['assign', ...base, '--out', db])).toMatchObject({ code: 2, stderr: expect.stringContaining(`--out ${db}: not a folder`) });
    expect(count('assignments')).toBe(0);
    expect(count('assignment_items')).toBe(0);
  });

  it("--out writes each evaluator's work bundle of the assignment, which another workstation imports; never overwriting one", () => {
    const out = join(dir, 'bundles');
    const r = rung(['assign', '--run', 'Study', '--layer', '1', '--evaluator', 'Ada', '--evaluator', 'Bob', '--seed', '2', '--out', out, '--db', db]);
    expect(r.stderr).toBe('');
    expect(r.code).toBe(0);
    const assigned = Object.fromEntries([...r.stdout.matchAll(/^ {2}(\w+) +(\d+) comparisons/gm)].map((m) => [m[1], Number(m[2])]));
    expect(assigned.Ada + assigned.Bob).toBe(10);
    const written = [...r.stdout.matchAll(/^wrote (.+): work bundle for (\w+), (\d+) comparisons?, \d+ bytes$/gm)].map((m) => ({ path: m[1], name: m[2], comparisons: Number(m[3]) }));
    expect(written).toEqual([
      { path: join(out, 'work-Ada-layer1.rungbundle'), name: 'Ada', comparisons: assigned.Ada },
      { path: join(out, 'work-Bob-layer1.rungbundle'), name: 'Bob', comparisons: assigned.Bob },
    ]);
    // Ada's workstation imports hers: exactly the comparisons she was assigned
    const adaDb = join(dir, 'ada.db');
    const imported = rung(['bundle', 'import', written[0].path, '--trust', '--json', '--db', adaDb]);
    expect(imported.stderr).toBe('');
    expect(imported.code).toBe(0);
    const store = new Database(adaDb, { readonly: true });
    const here = store.prepare('SELECT id FROM comparisons ORDER BY id').pluck().all();
    store.close();
    const lab = new Database(db, { readonly: true });
    const hers = lab
      .prepare(`SELECT ai.comparison_id FROM assignment_items ai JOIN evaluators e ON e.id = ai.evaluator_id WHERE e.name = 'Ada' ORDER BY 1`)
      .pluck()
      .all();
    lab.close();
    expect(here).toEqual(hers);
    // a second assignment into the same folder keeps the first bundles and names its own apart
    const again = rung(['assign', '--run', 'Study', '--layer', '1', '--evaluator', 'Ada', '--out', out, '--db', db]);
    expect(again.code).toBe(0);
    expect(again.stdout).toContain(`wrote ${join(out, 'work-Ada-layer1-2.rungbundle')}: work bundle for Ada`);
  });

  it('--filter NAME assigns the comparisons a saved filter matches; an unknown filter, one matching nothing and two sources are refused, nothing written', () => {
    const store = new Database(db);
    const save = store.prepare(`INSERT INTO saved_filters (name, filter, saved_by, saved_at) VALUES (?, ?, 'Lea', 't')`);
    save.run('hard ones', JSON.stringify({ layer: 1 }));
    save.run('nothing', JSON.stringify({ text: 'no such text' }));
    store.close();
    const r = rung(['assign', '--filter', 'hard ones', '--evaluator', 'Ada', '--evaluator', 'Bob', '--overlap', '2', '--seed', '3', '--json', '--db', db]);
    expect(r.stderr).toBe('');
    expect(r.code).toBe(0);
    expect(JSON.parse(r.stdout)).toMatchObject({ name: 'saved filter hard ones', filterName: 'hard ones', runId: null, datasetId: null, comparisons: 10, unassigned: 0 });
    const lab = new Database(db, { readonly: true });
    const assigned = lab.prepare('SELECT DISTINCT comparison_id FROM assignment_items ORDER BY 1').pluck().all();
    const hard = lab.prepare('SELECT id FROM comparisons WHERE layer = 1 ORDER BY 1').pluck().all();
    lab.close();
    expect(assigned).toEqual(hard);
    expect(rung(['assign', '--filter', 'hard ones', '--evaluator', 'Ada', '--db', db]).stdout).toMatch(/^assignment "saved filter hard ones" \([0-9a-f-]{36}\): 10 comparisons, each judged by 1 of 1 evaluator \(seed 1\)$/m);
    expect(count('assignments')).toBe(2);
    const refused = (args: string[], code: number) => {
      const result = rung(['assign', ...args, '--evaluator', 'Ada', '--db', db]);
      expect(result.code).toBe(code);
      expect(result.stdout).toBe('');
      return result.stderr.trim().split('\n')[0];
    };
    expect(refused(['--filter', 'hard'], 1)).toBe('rung assign: filter: no saved filter named "hard"');
    expect(refused(['--filter', 'nothing'], 2)).toBe('rung assign: filter: nothing to assign: saved filter "nothing" matches no comparisons');
    expect(refused(['--filter', 'hard ones', '--dataset', 'study'], 2)).toBe('rung assign: give --run RUN with --layer K, --dataset DATASET, or --filter NAME (one of them)');
    expect(refused(['--filter', 'hard ones', '--layer', '1'], 2)).toBe('rung assign: --layer goes with --run, not with --filter');
    expect(count('assignments')).toBe(2);
  });

  it('--quota-for NAME=N gives one evaluator their own quota, the others --quota; a bad one is refused naming it, nothing written', () => {
    const base = ['assign', '--dataset', 'study', '--evaluator', 'Ada', '--evaluator', 'Bob', '--evaluator', 'Cy', '--db', db];
    const r = rung([...base, '--quota', '8', '--quota-for', 'Ada=3', '--quota-for', 'Cy = 0', '--json']);
    expect(r.stderr).toBe('');
    expect(r.code).toBe(0);
    expect(JSON.parse(r.stdout)).toMatchObject({
      comparisons: 11,
      unassigned: 9,
      evaluators: [{ name: 'Ada', assigned: 3, quota: 3 }, { name: 'Bob', assigned: 8, quota: 8 }, { name: 'Cy', assigned: 0, quota: 0 }],
    });
    expect(rung([...base, '--quota-for', 'Bob=2']).stdout).toMatch(/^ {2}Bob +2 comparisons \(0 control trials, 0 position checks\), quota 2$/m);
    expect(count('assignments')).toBe(2);
    const refused = (extra: string[], code = 2) => {
      const result = rung([...base, ...extra]);
      expect(result.code).toBe(code);
      expect(result.stdout).toBe('');
      return result.stderr.trim().split('\n')[0];
    };
    expect(refused(['--quota-for', 'Ada'])).toBe(`rung assign: --quota-for must be NAME=N, an --evaluator's name and their quota (e.g. Ada=20), got "Ada"`);
    expect(refused(['--quota-for', '=3'])).toBe(`rung assign: --quota-for must be NAME=N, an --evaluator's name and their quota (e.g. Ada=20), got "=3"`);
    expect(refused(['--quota-for', 'Zed=3'])).toBe('rung assign: --quota-for Zed=3: "Zed" is not one of the --evaluator names (Ada, Bob, Cy)');
    expect(refused(['--quota-for', 'Ada=3', '--quota-for', 'Ada=4'])).toBe('rung assign: --quota-for Ada=4: "Ada" has a quota already; give each evaluator\'s once');
    expect(refused(['--quota-for', 'Ada=-1'])).toBe('rung assign: --quota-for must be an integer ≥ 0, got "-1"');
    expect(refused(['--quota-for', 'Ada=many'])).toBe('rung assign: --quota-for must be an integer ≥ 0, got "many"');
    expect(count('assignments')).toBe(2);
  });
});
