// `rung metrics` and `rung route` with a layer model trained on a criterion of its run's rubric (#18): the metrics say
// which criterion RMk's figures are on (text and CSV), routing refuses a model on a later criterion (exit 1, naming both
// criteria) and, with a model on the first criterion, says its held-out pairs were judged on it.
import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { insertJudgmentCriteria, insertRunCriteria } from '../../electron/core/db/criteria';
import { importDataset } from '../../electron/core/datasets/import';
import { getQueueStatus } from '../../electron/core/ladder/routing';
import { createRun } from '../../electron/core/ladder/runs';
import { openStore } from '../../electron/core/store';
import { rung } from '../helpers/cli';
import { jsonl, tempDbEach } from '../helpers/store';

let dir: string;
let db: string;
tempDbEach((folder, path) => ((dir = folder), (db = path)));

/** 16 comparisons judged A overall by ann and bob, A on helpful and B on harmless; run "Rubric" over them. */
async function seed() {
  const file = join(dir, 'rubric.jsonl');
  const rows = Array.from({ length: 16 }, (_, i) => ({ prompt: `q${i}`, response_a: `q${i} a`, response_b: `q${i} b`, layer: 0, judgments: [{ evaluator: 'ann', choice: 'A' }, { evaluator: 'bob', choice: 'A' }] }));
  writeFileSync(file, jsonl(rows));
  const store = openStore(db);
  try {
    await importDataset(store, { path: file });
    const run = createRun(store.db, 'Rubric', '', [{ name: 'L0', rule: { kind: 'field' as const, layer: 0 } }], 'test');
    insertRunCriteria(store.db, run.id, [
      { key: 'helpful', label: 'Helpfulness', description: '' },
      { key: 'harmless', label: 'Harmlessness', description: '' },
    ]);
    for (const id of store.db.prepare('SELECT id FROM judgments').pluck().all() as string[])
      insertJudgmentCriteria(store.db, id, run.id, [{ criterion: 'helpful', choice: 'A', strength: null }, { criterion: 'harmless', choice: 'B', strength: null }]);
  } finally {
    store.close();
  }
}

const train = (criterion: string) => {
  const result = rung(['train', '--db', db, '--run', 'Rubric', '--layer', '0', '--criterion', criterion, '--device', 'cpu']);
  expect(result.code, result.stderr).toBe(0);
};

describe('rung metrics and rung route with a model trained on a criterion', () => {
  it('say which criterion the figures are on, and refuse routing with a model on a later criterion', async () => {
    await seed();
    train('harmless');
    const metrics = rung(['metrics', '--db', db, '--run', 'Rubric']);
    expect(metrics.code, metrics.stderr).toBe(0);
    expect(metrics.stdout).toContain("trained on criterion Harmlessness (harmless): its figures are against people's verdicts on it");
    const csv = rung(['metrics', '--db', db, '--run', 'Rubric', '--csv']).stdout.trim().split('\r\n');
    expect(csv[1].split(',')[csv[0].split(',').indexOf('modelCriterion')]).toBe('harmless');

    const refused = rung(['route', '--db', db, '--run', 'Rubric', '--layer', '0']);
    expect(refused.code).toBe(1);
    expect(refused.stderr).toMatch(/^rung route: .+ was trained on criterion "Harmlessness" \(harmless\) of run "Rubric", not on its first criterion "Helpfulness" \(helpful\)/);
    expect(refused.stderr).toContain('--criterion helpful');
  });

  it('routes with a model on the first criterion, calibrated on the verdicts on it', async () => {
    await seed();
    train('helpful');
    const routed = rung(['route', '--db', db, '--run', 'Rubric', '--layer', '0']);
    expect(routed.code, routed.stderr).toBe(0);
    expect(routed.stdout).toContain('held-out pairs of layer 0 judged on criterion Helpfulness');
    const json = JSON.parse(rung(['route', '--db', db, '--run', 'Rubric', '--layer', '0', '--json']).stdout);
    expect(json.criterion).toEqual({ key: 'helpful', label: 'Helpfulness' });
    // The stored round (the Queue page's "Last routed …") says it too; a round with a model on the overall verdicts does not.
    const latestRoundCriterion = () => {
      const store = openStore(db);
      try {
        const runId = store.db.prepare(`SELECT id FROM runs WHERE name = 'Rubric'`).pluck().get() as string;
        return getQueueStatus(store, { runId, layer: 0 }).latestRound?.criterion;
      } finally {
        store.close();
      }
    };
    expect(latestRoundCriterion()).toEqual({ key: 'helpful', label: 'Helpfulness' });
    expect(rung(['train', '--db', db, '--run', 'Rubric', '--layer', '0', '--device', 'cpu']).code).toBe(0);
    expect(rung(['route', '--db', db, '--run', 'Rubric', '--layer', '0']).code).toBe(0);
    expect(latestRoundCriterion()).toBeNull();
  });
});
