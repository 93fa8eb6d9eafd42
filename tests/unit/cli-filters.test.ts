// `rung filters list|delete` through the built CLI: the saved filters listed in words with what they match now and the
// assignments drawn from them (or as JSON), one deleted by name (its assignment keeps its comparisons), and an unknown
// name, a missing NAME and an unknown action refused.
import { rmSync } from 'node:fs';
import Database from 'better-sqlite3';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { importStudy, rung } from '../helpers/cli';
import { tempDir } from '../helpers/store';

let dir: string;
let db: string;
beforeEach(() => {
  dir = tempDir();
  db = importStudy(dir);
  const store = new Database(db);
  store.prepare(`INSERT INTO evaluators (id, kind, name, domains, created_at) VALUES (?, 'human', 'Ada', '[]', 't')`).run(crypto.randomUUID());
  const save = store.prepare(`INSERT INTO saved_filters (name, filter, saved_by, saved_at) VALUES (?, ?, 'Lea', '2026-12-07T10:00:00.000Z')`);
  save.run('hard ones', JSON.stringify({ layer: 1 }));
  save.run('q1x', JSON.stringify({ text: 'q1' }));
  store.close();
});
afterEach(() => rmSync(dir, { recursive: true, force: true }));

const savedNames = () => {
  const store = new Database(db, { readonly: true });
  try {
    return store.prepare('SELECT name FROM saved_filters ORDER BY name').pluck().all();
  } finally {
    store.close();
  }
};

describe('rung filters', () => {
  it('lists the saved filters in words with their matches, and deletes one an assignment was drawn from', () => {
    expect(rung(['assign', '--filter', 'hard ones', '--evaluator', 'Ada', '--db', db]).code).toBe(0);
    const list = rung(['filters', 'list', '--db', db]);
    expect(list.stderr).toBe('');
    expect(list.code).toBe(0);
    expect(list.stdout).toBe(
      [
        "hard ones: the data's own layer 1",
        '  matches 10 comparisons now; saved by Lea on 2026-12-07T10:00:00.000Z',
        '  assignments drawn from it: "saved filter hard ones"',
        'q1x: text contains "q1"',
        '  matches 11 comparisons now; saved by Lea on 2026-12-07T10:00:00.000Z',
        '',
      ].join('\n'),
    );
    expect(JSON.parse(rung(['filters', 'list', '--json', '--db', db]).stdout)).toMatchObject([
      { name: 'hard ones', filter: { layer: 1 }, words: "the data's own layer 1", matches: 10, assignments: ['saved filter hard ones'] },
      { name: 'q1x', filter: { text: 'q1' }, matches: 11, assignments: [] },
    ]);

    const deleted = rung(['filters', 'delete', 'hard ones', '--db', db]);
    expect(deleted.code).toBe(0);
    expect(deleted.stdout).toBe('deleted saved filter "hard ones"; "saved filter hard ones" keeps the comparisons drawn from it\n');
    expect(savedNames()).toEqual(['q1x']);
    expect(JSON.parse(rung(['filters', 'delete', 'q1x', '--json', '--db', db]).stdout)).toEqual({ deleted: true, assignments: [] });
    expect(rung(['filters', 'list', '--db', db]).stdout).toBe("no saved filters (save one in the Data page's record browser)\n");
  });

  it('refuses an unknown name, an empty one, a missing NAME and an unknown action, deleting nothing', () => {
    const refused = (args: string[], code: number) => {
      const result = rung(['filters', ...args, '--db', db]);
      expect(result.code).toBe(code);
      expect(result.stdout).toBe('');
      return result.stderr.trim().split('\n')[0];
    };
    expect(refused(['delete', 'hard'], 1)).toBe('rung filters: name: no saved filter named "hard"');
    expect(refused(['delete', ' '], 2)).toBe('rung filters: NAME: must not be empty');
    expect(refused(['delete'], 2)).toBe('rung filters: say which filter: rung filters delete NAME');
    expect(refused(['list', 'x'], 2)).toBe('rung filters: rung filters list takes no NAME');
    expect(refused(['drop', 'x'], 2)).toBe('rung filters: unknown filters action "drop": list or delete');
    expect(savedNames()).toEqual(['hard ones', 'q1x']);
  });
});
