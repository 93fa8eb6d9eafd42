// `rung train --criterion KEY` and `rung export --run RUN --criterion KEY` (#18) on a database whose run has a rubric:
// training on a criterion says so, the export labels with the criterion's verdicts, and every refusal is exact
// (a criterion without its run: usage, exit 2; an unknown criterion, a run without a rubric).
import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { insertJudgmentCriteria, insertRunCriteria } from '../../electron/core/db/criteria';
import { importDataset } from '../../electron/core/datasets/import';
import { createRun } from '../../electron/core/ladder/runs';
import { openStore } from '../../electron/core/store';
import { rung } from '../helpers/cli';
import { jsonl, tempDbEach } from '../helpers/store';

let dir: string;
let db: string;
tempDbEach((folder, path) => ((dir = folder), (db = path)));

/** 12 comparisons judged A overall by ann; on harmless B, except the first, which has no criteria. Runs "Rubric" and "Plain". */
async function seed() {
  const file = join(dir, 'rubric.jsonl');
  writeFileSync(file, jsonl(Array.from({ length: 12 }, (_, i) => ({ prompt: `q${i}`, response_a: `q${i} a`, response_b: `q${i} b`, layer: 0, judgments: [{ evaluator: 'ann', choice: 'A' }] }))));
  const store = openStore(db);
  try {
    await importDataset(store, { path: file });
    const layers = [{ name: 'L0', rule: { kind: 'field' as const, layer: 0 } }];
    const run = createRun(store.db, 'Rubric', '', layers, 'test');
    createRun(store.db, 'Plain', '', layers, 'test');
    insertRunCriteria(store.db, run.id, [
      { key: 'helpful', label: 'Helpfulness', description: '' },
      { key: 'harmless', label: 'Harmlessness', description: '' },
    ]);
    const judged = store.db.prepare('SELECT j.id, p.text AS prompt FROM judgments j JOIN comparisons c ON c.id = j.comparison_id JOIN prompts p ON p.id = c.prompt_id').all() as { id: string; prompt: string }[];
    for (const j of judged) {
      if (j.prompt === 'q0') continue;
      insertJudgmentCriteria(store.db, j.id, run.id, [{ criterion: 'helpful', choice: 'A', strength: null }, { criterion: 'harmless', choice: 'B', strength: null }]);
    }
  } finally {
    store.close();
  }
}

describe('rung and rubric criteria', () => {
  it('trains on a criterion and says so', async () => {
    await seed();
    const result = rung(['train', '--db', db, '--run', 'Rubric', '--layer', '0', '--criterion', 'harmless', '--device', 'cpu']);
    expect(result.code, result.stderr).toBe(0);
    expect(result.stdout).toContain('trained on criterion Harmlessness (harmless); 1 judgments without a verdict on it left out');
    const list = rung(['model', 'list', '--db', db]);
    expect(list.stdout).toContain('trained on criterion Harmlessness');
  });

  it('exports a criterion as the preference label', async () => {
    await seed();
    const result = rung(['export', '--db', db, '--run', 'Rubric', '--criterion', 'harmless']);
    expect(result.code, result.stderr).toBe(0);
    const rows = result.stdout.trim().split('\n').map((l) => JSON.parse(l));
    expect(rows).toHaveLength(11);
    for (const r of rows) expect(r).toMatchObject({ criterion: 'harmless', chosen: `${r.prompt} b`, rejected: `${r.prompt} a` });
    const plain = rung(['export', '--db', db]).stdout.trim().split('\n').map((l) => JSON.parse(l));
    expect(plain).toHaveLength(12);
    expect(plain.find((r) => r.prompt === 'q1').criteria).toEqual({ helpful: { choice: 'A', strength: null }, harmless: { choice: 'B', strength: null } });
  });

  it('refuses a criterion without its run, an unknown criterion and a run without a rubric', async () => {
    await seed();
    expect(rung(['train', '--db', db, '--criterion', 'harmless'])).toMatchObject({ code: 2, stderr: 'rung train: --criterion needs --run and --layer\n' });
    expect(rung(['export', '--db', db, '--criterion', 'harmless'])).toMatchObject({
      code: 2,
      stderr: "rung export: --run and --criterion go together: the criterion is a key of that run's rubric\n",
    });
    expect(rung(['train', '--db', db, '--run', 'Rubric', '--layer', '0', '--criterion', 'honest'])).toMatchObject({
      code: 1,
      stderr: 'rung train: criterion: run "Rubric" has no criterion "honest" (its criteria: helpful, harmless)\n',
    });
    expect(rung(['export', '--db', db, '--run', 'Plain', '--criterion', 'harmless'])).toMatchObject({
      code: 2,
      stderr: 'rung export: criterion: run "Plain" has no criteria (it was created without a rubric)\n',
    });
  });
});
