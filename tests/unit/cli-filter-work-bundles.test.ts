// `rung assign --filter NAME --out DIR` writes each evaluator's work bundle of a saved filter's assignment (the
// comparisons alone, no run), which another workstation inspects — `rung bundle inspect` shows its format version and
// features in words, writing nothing — and imports.
import { rmSync, writeFileSync } from 'node:fs';
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
  const guidelines = join(dir, 'guide.md');
  writeFileSync(guidelines, 'Prefer the shorter answer.\n');
  expect(rung(['guidelines', 'set', '--dataset', 'study', '--file', guidelines, '--db', db]).code).toBe(0);
  const store = new Database(db);
  const insert = store.prepare(`INSERT INTO evaluators (id, kind, name, domains, created_at) VALUES (?, 'human', ?, '[]', 't')`);
  ['Ada', 'Bob'].forEach((name) => insert.run(crypto.randomUUID(), name));
  store.prepare(`INSERT INTO saved_filters (name, filter, saved_by, saved_at) VALUES ('hard ones', ?, 'Lea', 't')`).run(JSON.stringify({ layer: 1 }));
  store.close();
});
afterEach(() => rmSync(dir, { recursive: true, force: true }));

const comparisonIds = (path: string, where = '') => {
  const store = new Database(path, { readonly: true });
  try {
    return store.prepare(`SELECT id FROM comparisons ${where} ORDER BY id`).pluck().all();
  } finally {
    store.close();
  }
};

describe('work bundles of a saved filter from the command line', () => {
  it('writes one per evaluator; inspect shows its version and features; another workstation imports it', () => {
    const out = join(dir, 'bundles');
    const r = rung(['assign', '--filter', 'hard ones', '--evaluator', 'Ada', '--evaluator', 'Bob', '--seed', '2', '--out', out, '--db', db]);
    expect(r.stderr).toBe('');
    expect(r.code).toBe(0);
    const written = [...r.stdout.matchAll(/^wrote (.+): work bundle for (\w+), (\d+) comparisons?, \d+ bytes$/gm)].map((m) => ({ path: m[1], name: m[2], comparisons: Number(m[3]) }));
    expect(written.map((w) => [w.path, w.name])).toEqual([
      [join(out, 'work-Ada-saved-filter-hard-ones.rungbundle'), 'Ada'],
      [join(out, 'work-Bob-saved-filter-hard-ones.rungbundle'), 'Bob'],
    ]);
    expect(written[0].comparisons + written[1].comparisons).toBe(10);

    const adaDb = join(dir, 'ada.db');
    const inspected = rung(['bundle', 'inspect', written[0].path, '--db', adaDb]);
    expect(inspected.stderr).toBe('');
    expect(inspected.code).toBe(0);
    expect(inspected.stdout).toContain(`${written[0].path}: work bundle for Ada, made `);
    expect(inspected.stdout).toContain(
      "\nformat: version 2, with a dataset's or a run layer's guidelines (guidelines); the evaluator's assignment: its order, and the control trials and position checks the lead's shares drew (assignments): a Rung older than these features cannot read it\n",
    );
    expect(inspected.stdout).toMatch(new RegExp(`would add: 1 datasets, ${written[0].comparisons} prompts, .*\\(nothing written\\)`));
    expect(rung(['bundle', 'inspect', written[0].path, '--trust', '--db', adaDb])).toMatchObject({ code: 2, stderr: expect.stringContaining('--trust, --name and --dry-run go with import') });

    const imported = rung(['bundle', 'import', written[0].path, '--trust', '--db', adaDb]);
    expect(imported.code).toBe(0);
    expect(imported.stdout).toContain("format: version 2, with a dataset's or a run layer's guidelines (guidelines)");
    expect(imported.stdout).toMatch(new RegExp(`added: 1 datasets, ${written[0].comparisons} prompts, ${2 * written[0].comparisons} responses, ${written[0].comparisons} comparisons, 1 evaluators, 1 guidelines`));
    const lab = new Database(db, { readonly: true });
    const hers = lab.prepare(`SELECT ai.comparison_id FROM assignment_items ai JOIN evaluators e ON e.id = ai.evaluator_id WHERE e.name = 'Ada' ORDER BY 1`).pluck().all();
    lab.close();
    expect(comparisonIds(adaDb)).toEqual(hers);
    expect(comparisonIds(db, 'WHERE layer = 1')).toEqual(expect.arrayContaining(hers));
  });
});
