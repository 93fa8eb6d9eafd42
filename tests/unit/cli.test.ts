// The `rung` command as a shell user meets it: help everywhere, import/stats/export with exit codes,
// --db and RUNG_DB, and clear messages for bad input and bad usage.
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { rung } from '../helpers/cli';
import { jsonl, tempDbEach } from '../helpers/store';
import { writeFileSync } from 'node:fs';

let dir: string;
let db: string;
tempDbEach((folder, path) => ((dir = folder), (db = path)));

const write = (name: string, text: string) => {
  const path = join(dir, name);
  writeFileSync(path, text);
  return path;
};

describe('rung CLI', () => {
  it('has --help for the tool and every command', () => {
    const top = rung(['--help']);
    expect(top.code).toBe(0);
    for (const command of ['import', 'export', 'stats', 'serve', 'start']) {
      expect(top.stdout).toContain(command);
      const help = rung([command, '--help']);
      expect(help.code, command).toBe(0);
      expect(help.stdout).toContain(`usage: rung ${command}`);
    }
    expect(rung(['--version']).stdout.trim()).toMatch(/^\d+\.\d+\.\d+/);
  });

  it('imports, counts and exports', () => {
    const file = write('prefs.jsonl', jsonl([{ prompt: 'p', chosen: 'a', rejected: 'b' }, { prompt: 'q', chosen: 'c', rejected: 'd' }]));
    const imported = rung(['import', file, '--db', db]);
    expect(imported.code).toBe(0);
    expect(imported.stdout).toMatch(/imported 2 records as trl dataset "prefs": 2 comparisons added/);
    const again = rung(['import', file, '--db', db, '--json']);
    expect(JSON.parse(again.stdout)).toMatchObject({ alreadyImported: true, comparisonsAdded: 0 });

    const stats = rung(['stats', '--json'], { RUNG_DB: db });
    expect(stats.code).toBe(0);
    expect(JSON.parse(stats.stdout)).toMatchObject({ comparisons: 2, judgments: 2, evaluators: 1, models: 0, flags: 0 });

    const out = join(dir, 'out.jsonl');
    expect(rung(['export', '--db', db, '--out', out]).code).toBe(0);
    const lines = readFileSync(out, 'utf8').trim().split('\n').map((l) => JSON.parse(l));
    expect(lines.map((l) => l.chosen).sort()).toEqual(['a', 'c']);
    const csv = rung(['export', '--format', 'judgments-csv', '--db', db]);
    expect(csv.stdout.split('\r\n')[0]).toMatch(/^judgment_id,comparison_id,/);
  });

  it('says how many records it skipped, with a warning naming each', () => {
    const file = write('same.jsonl', jsonl([{ prompt: 'p', chosen: 'a', rejected: 'b' }, { prompt: 'q', chosen: 'c', rejected: 'c' }]));
    const imported = rung(['import', file, '--db', db]);
    expect(imported.code).toBe(0);
    expect(imported.stdout).toMatch(/imported 2 records \(1 skipped\) as trl dataset "same": 1 comparisons added/);
    expect(imported.stderr).toMatch(/^warning: .*same\.jsonl:2: rejected: the same text as chosen: nothing to compare; record skipped$/m);
  });

  it('refuses bad input with file:line: field and exit code 1, keeping nothing', () => {
    const bad = write('bad.jsonl', jsonl([{ prompt: 'p', chosen: 'a', rejected: 'b' }, { prompt: 'q', chosen: 'c' }]));
    const result = rung(['import', bad, '--format', 'trl', '--db', db]);
    expect(result.code).toBe(1);
    expect(result.stderr).toMatch(/bad\.jsonl:2: rejected: missing/);
    expect(JSON.parse(rung(['stats', '--json', '--db', db]).stdout).comparisons).toBe(0);
  });

  it('exits 2 on usage errors with the usage line', () => {
    expect(rung(['import']).code).toBe(2);
    const unknownFormat = rung(['import', 'x.jsonl', '--format', 'csv', '--db', db]);
    expect(unknownFormat.code).toBe(2);
    expect(unknownFormat.stderr).toMatch(/unknown format "csv"/);
    const unknownFlag = rung(['stats', '--colour']);
    expect(unknownFlag.code).toBe(2);
    expect(unknownFlag.stderr).toMatch(/usage: rung stats/);
    expect(rung(['frobnicate']).code).toBe(2);
    expect(rung(['serve', '--port', 'http']).stderr).toMatch(/--port must be an integer/);
  });

  it('says clearly when the database cannot be opened', () => {
    const notADb = write('notes.txt', 'this is not a database, just text '.repeat(200));
    const result = rung(['stats', '--db', notADb]);
    expect(result.code).toBe(1);
    expect(result.stderr).toMatch(/cannot open the database .*notes\.txt/);
  });
});
