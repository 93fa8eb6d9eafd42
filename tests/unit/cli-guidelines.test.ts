// `rung guidelines show|set`: a dataset's and a run layer's guidelines stored from a Markdown file and printed back as
// written, audited as the command line; the refusals (a text over 64 KiB, an unknown dataset or layer, a missing file,
// a target given wrongly) on standard error with a non-zero exit, changing nothing.
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

function setUp(): void {
  const data = join(dir, 'maths.jsonl');
  writeFileSync(data, jsonl([{ prompt: 'p', chosen: 'a', rejected: 'bb' }]));
  expect(rung(['import', data, '--db', db()]).code).toBe(0);
  expect(rung(['run', 'create', '--name', 'Pilot', '--layer', 'all=dataset=maths', '--db', db()]).code).toBe(0);
}
function markdown(name: string, text: string): string {
  const path = join(dir, name);
  writeFileSync(path, text);
  return path;
}
const rows = () => {
  const store = new Database(db(), { readonly: true });
  try {
    return store.prepare(`SELECT actor, action, entity FROM audit_log WHERE entity LIKE '%-guidelines' ORDER BY seq`).all();
  } finally {
    store.close();
  }
};

describe('rung guidelines', () => {
  it("sets and shows a dataset's and a layer's guidelines, audited as the command line", () => {
    setUp();
    expect(rung(['guidelines', 'show', '--dataset', 'maths', '--db', db()])).toMatchObject({ code: 0, stdout: '', stderr: expect.stringContaining('no guidelines written for this dataset') });
    const set = rung(['guidelines', 'set', '--dataset', 'maths', '--file', markdown('maths.md', '# Maths\n\nCheck the **answer**.\n'), '--db', db()]);
    expect(set).toMatchObject({ code: 0, stderr: '' });
    expect(set.stdout).toMatch(/^stored the guidelines of Dataset maths: 31 bytes, by cli at \S+\n$/);
    expect(rung(['guidelines', 'show', '--dataset', 'maths', '--db', db()]).stdout).toBe('# Maths\n\nCheck the **answer**.\n');
    expect(rung(['guidelines', 'set', '--run', 'Pilot', '--layer', '0', '--file', markdown('layer.md', 'Read every step.'), '--db', db()]).code).toBe(0);
    const shown = JSON.parse(rung(['guidelines', 'show', '--run', 'Pilot', '--layer', '0', '--db', db(), '--json']).stdout);
    expect(shown).toEqual([expect.objectContaining({ scope: 'layer', label: 'Run Pilot · layer 0 (all)', layer: 0, text: 'Read every step.', writtenBy: 'cli' })]);
    expect(rows()).toEqual([
      { actor: 'cli', action: 'edit', entity: 'dataset-guidelines' },
      { actor: 'cli', action: 'edit', entity: 'layer-guidelines' },
    ]);
  });

  it('refuses a text over 64 KiB, an unknown dataset or layer, a missing file and a wrong target, changing nothing', () => {
    setUp();
    const long = rung(['guidelines', 'set', '--dataset', 'maths', '--file', markdown('long.md', 'x'.repeat(65_537)), '--db', db()]);
    expect(long.code).not.toBe(0);
    expect(long.stderr).toContain('must be at most 65536 bytes (64 KiB) of UTF-8 text, got 65537 bytes');
    const unknown = rung(['guidelines', 'show', '--dataset', 'physics', '--db', db()]);
    expect(unknown.code).not.toBe(0);
    expect(unknown.stderr).toContain('no dataset "physics"');
    const layer = rung(['guidelines', 'set', '--run', 'Pilot', '--layer', '3', '--file', markdown('l.md', 'x'), '--db', db()]);
    expect(layer).toMatchObject({ code: 1, stderr: expect.stringContaining('this run has no layer 3') });
    const missing = rung(['guidelines', 'set', '--dataset', 'maths', '--file', join(dir, 'nope.md'), '--db', db()]);
    expect(missing).toMatchObject({ code: 1, stderr: expect.stringContaining(`--file ${join(dir, 'nope.md')}: cannot read it (ENOENT)`) });
    expect(rung(['guidelines', 'set', '--dataset', 'maths', '--db', db()])).toMatchObject({ code: 2, stderr: expect.stringContaining('rung guidelines set needs --file FILE.md') });
    expect(rung(['guidelines', 'show', '--dataset', 'maths', '--run', 'Pilot', '--layer', '0', '--db', db()])).toMatchObject({ code: 2, stderr: expect.stringContaining('give --dataset DATASET, or --run RUN with --layer K') });
    expect(rung(['guidelines', 'show', '--run', 'Pilot', '--db', db()])).toMatchObject({ code: 2, stderr: expect.stringContaining('--layer goes with --run') });
    expect(rung(['guidelines', 'drop', '--dataset', 'maths', '--db', db()]).stderr).toContain('rung guidelines takes show or set, got "drop"');
    expect(rows()).toEqual([]);
  });
});
