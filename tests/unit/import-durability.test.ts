// A dataset import killed with SIGKILL during its copy, again and again: each time the store is whole (integrity and
// foreign keys checked, kept row counts equal to the rows), the dataset is marked not complete, and importing the same
// file again finishes it with every record and verdict exactly once.
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { importDataset } from '../../electron/core/datasets/import';
import { listDatasets } from '../../electron/core/db/datasets';
import { countRows } from '../../electron/core/db/stats';
import { openStore } from '../../electron/core/store';
import { runKilledOnCue } from '../helpers/killed-child';
import { jsonl, tempStore } from '../helpers/store';

const RECORDS = 40_000;

/** Imports `file` into the database in a child process, killed with SIGKILL `afterMs` after its copy began; true if it finished first. */
async function importKilled(dbPath: string, file: string, afterMs: number): Promise<boolean> {
  const { stdout, stderr } = await runKilledOnCue('dataset-importer.ts', [dbPath, file], (out) => (out.includes('writing') ? afterMs : null));
  expect(stdout, stderr).toMatch(/^writing\n(done\n)?$/);
  return stdout.includes('done');
}

describe('dataset import durability', () => {
  it('a copy killed with SIGKILL at any point leaves a whole store, and importing the file again finishes it', async () => {
    const t = tempStore();
    try {
      // ten prompts shared by many records, every other record with two people's verdicts
      const records = Array.from({ length: RECORDS }, (_, i) => ({
        prompt: `question ${i % 10}`,
        response_a: `first answer ${i}`,
        response_b: `second answer ${i}`,
        ...(i % 2 === 0 ? { judgments: [{ evaluator: 'ann', choice: 'A' }, { evaluator: 'bo', choice: 'B' }] } : {}),
      }));
      const file = t.file('big.jsonl', jsonl(records));
      t.store.close();
      const dbPath = join(t.dir, 'rung.db');

      let killedMidway = 0;
      for (const afterMs of [0, 40, 120, 300]) {
        const finished = await importKilled(dbPath, file, afterMs);
        expect(finished, `the copy finished within ${afterMs} ms: make the file larger`).toBe(false);
        const store = openStore(dbPath);
        try {
          expect(store.db.pragma('integrity_check', { simple: true })).toBe('ok');
          expect(store.db.pragma('foreign_key_check')).toEqual([]);
          const kept = countRows(store.db);
          for (const table of ['prompts', 'responses', 'comparisons', 'flags'] as const) {
            expect(kept[table], table).toBe(store.db.prepare(`SELECT count(*) FROM ${table}`).pluck().get());
          }
          const [dataset] = listDatasets(store.db);
          if (dataset) {
            killedMidway++;
            expect(dataset.complete).toBe(false);
          }
        } finally {
          store.close();
        }
      }
      expect(killedMidway).toBeGreaterThan(0); // at least one kill landed inside the copy

      const store = openStore(dbPath);
      try {
        const summary = await importDataset(store, { path: file });
        expect(summary.alreadyImported).toBe(false);
        expect(listDatasets(store.db)).toMatchObject([{ complete: true, comparisons: RECORDS, judgments: RECORDS }]);
        expect(countRows(store.db)).toMatchObject({ prompts: 10, responses: 2 * RECORDS, comparisons: RECORDS, judgments: RECORDS, evaluators: 2 });
        expect(store.db.prepare(`SELECT count(*) FROM audit_log WHERE action = 'import'`).pluck().get()).toBe(1);
      } finally {
        store.close();
      }
    } finally {
      t.cleanup();
    }
  }, 240_000);
});
