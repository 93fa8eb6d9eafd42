// `rung scores import`: a lab's scores file becomes an external model — the active model of a run's layer, listed with
// its origin by `rung model list`, scored by `rung score` as external scores (no precision ran), not exportable —
// audited as the command line; bad lines, a missing name, a run without a layer and an unknown run are refused on
// standard error with a non-zero exit, and nothing is written.
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

function read<T>(sql: string): T[] {
  const store = new Database(db(), { readonly: true });
  try {
    return store.prepare(sql).all() as T[];
  } finally {
    store.close();
  }
}

/** Two comparisons in dataset "maths", a run "Pilot" over it; their ids. */
function setUp(): string[] {
  const data = join(dir, 'maths.jsonl');
  writeFileSync(data, jsonl([{ prompt: 'p1', chosen: 'a', rejected: 'bb' }, { prompt: 'p2', chosen: 'c', rejected: 'dd' }]));
  expect(rung(['import', data, '--db', db()]).code).toBe(0);
  expect(rung(['run', 'create', '--name', 'Pilot', '--layer', 'all=dataset=maths', '--db', db()]).code).toBe(0);
  return read<{ id: string }>('SELECT id FROM comparisons ORDER BY id').map((r) => r.id);
}

function scoresFile(name: string, text: string): string {
  const path = join(dir, name);
  writeFileSync(path, text);
  return path;
}

describe('rung scores import', () => {
  it("imports a lab's scores as a layer's active external model, listed with its origin and refused for export", () => {
    const ids = setUp();
    const file = scoresFile('lab.jsonl', jsonl(ids.map((id, i) => ({ comparison_id: id, reward_a: i + 1, reward_b: -1, std_a: 0.1 }))));
    const imported = rung(['scores', 'import', file, '--name', 'lab-rm', '--run', 'Pilot', '--layer', '0', '--db', db()]);
    expect(imported).toMatchObject({ code: 0, stderr: '' });
    expect(imported.stdout).toMatch(new RegExp(`^${file.replace(/[.*+?^${}()|[\]\\]/g, '\\$&')}: 2 comparisons scored by external model "lab-rm" \\(\\S+\\), now the active model of layer 0 of run Pilot\\n$`));
    const listed = rung(['model', 'list', '--db', db()]).stdout;
    expect(listed).toMatch(/"lab-rm" \(active\), layer 0, imported \S+\n {2}external \(lab\.jsonl, 2 scores\)\n/);
    const [model] = JSON.parse(rung(['model', 'list', '--db', db(), '--json']).stdout) as { id: string; kind: string }[];
    expect(model.kind).toBe('external');
    const scored = rung(['score', '--model', model.id, '--db', db()]);
    expect(scored).toMatchObject({ code: 0, stderr: '' });
    expect(scored.stdout).toContain(`scored 2 comparisons with model ${model.id} (external scores); agreement with human consensus`);
    expect(JSON.parse(rung(['score', '--model', model.id, '--db', db(), '--json']).stdout)).toMatchObject({ modelId: model.id, precision: 'external' });
    expect(read<{ actor: string; action: string }>(`SELECT actor, action FROM audit_log WHERE entity = 'model'`)).toEqual([{ actor: 'cli', action: 'import' }]);
    const exported = rung(['model', 'export', model.id, '--out', join(dir, 'out'), '--db', db()]);
    expect(exported.code).toBe(1);
    expect(exported.stderr).toContain('model lab-rm is external (lab.jsonl, 2 scores): it has no weights to export');
  });

  it('refuses a bad line, a missing name, a run without a layer and an unknown run, writing nothing', () => {
    const [id] = setUp();
    const bad = scoresFile('bad.jsonl', `{"comparison_id": "${id}", "reward_a": 1}\n`);
    const refused = rung(['scores', 'import', bad, '--name', 'lab', '--db', db()]);
    expect(refused.code).toBe(1);
    expect(refused.stderr).toContain(`${bad}:1: reward_b: is missing`);
    const good = scoresFile('good.jsonl', jsonl([{ comparison_id: id, reward_a: 1, reward_b: 0 }]));
    const noName = rung(['scores', 'import', good, '--db', db()]);
    expect(noName.code).toBe(2);
    expect(noName.stderr).toContain('--name NAME is required');
    const noLayer = rung(['scores', 'import', good, '--name', 'lab', '--run', 'Pilot', '--db', db()]);
    expect(noLayer.code).toBe(2);
    expect(noLayer.stderr).toContain('--run and --layer go together');
    const badLayer = rung(['scores', 'import', good, '--name', 'lab', '--run', 'Pilot', '--layer', 'top', '--db', db()]);
    expect(badLayer.code).toBe(2);
    expect(badLayer.stderr).toContain('--layer must be a layer index (0, 1, …), got "top"');
    const unknownRun = rung(['scores', 'import', good, '--name', 'lab', '--run', 'Nope', '--layer', '0', '--db', db()]);
    expect(unknownRun.code).toBe(1);
    expect(unknownRun.stderr).toContain('no run with id or name "Nope"');
    const noAction = rung(['scores', good, '--db', db()]);
    expect(noAction.code).toBe(2);
    expect(noAction.stderr).toContain('unknown scores action');
    expect(read('SELECT id FROM models')).toEqual([]);
    expect(read('SELECT model_id FROM external_scores')).toEqual([]);
  });
});
