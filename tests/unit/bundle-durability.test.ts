// A bundle import killed with SIGKILL midway leaves the database as it was (one transaction), and importing the same
// file again afterwards adds everything.
import { join } from 'node:path';
import { writeFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { importDataset } from '../../electron/core/datasets/import';
import { createHumanEvaluator } from '../../electron/core/db/evaluators';
import { openStore } from '../../electron/core/store';
import { runKilledOnCue } from '../helpers/killed-child';
import { jsonl, tempStore } from '../helpers/store';
import { snapshot } from '../helpers/workstations';
import { exportResultsBundle } from '../../electron/core/app/bundles';
import { importBundle } from '../../electron/core/bundles/import';

const JUDGMENTS = 30_000;

describe('bundle import durability', () => {
  it('leaves the database as before when the importing process is killed with SIGKILL midway', async () => {
    const rows = Array.from({ length: 1000 }, (_, i) => ({ prompt: `p${i}`, response_a: `a${i}`, response_b: `b${i}` }));
    const source = tempStore();
    const target = tempStore();
    try {
      for (const t of [source, target]) await importDataset(t.store, { path: t.file('d.jsonl', jsonl(rows)) }, { format: 'rung' });
      // Many judgments (written directly: this test is about the import, not judging).
      const ada = createHumanEvaluator(source.store.db, 'Ada', []);
      const comparisons = source.store.db.prepare('SELECT id FROM comparisons').pluck().all() as string[];
      const insert = source.store.db.prepare(`INSERT INTO judgments (id, comparison_id, evaluator_id, choice, left_side, rationale, duration_ms, origin, created_at) VALUES (?, ?, ?, ?, 'A', ?, 1000, 'ui', ?)`);
      source.store.db.transaction(() => {
        for (let i = 0; i < JUDGMENTS; i++) insert.run(globalThis.crypto.randomUUID(), comparisons[i % comparisons.length], ada.id, i % 2 ? 'A' : 'B', `reason ${i}`, new Date(1_700_000_000_000 + i).toISOString());
      })();
      const bundlePath = join(target.dir, 'ada.rungbundle');
      writeFileSync(bundlePath, Buffer.from(exportResultsBundle(source.store, { evaluator: 'Ada' }).contentBase64!, 'base64'));
      const before = snapshot(target.store.db);
      target.store.close();
      const dbPath = join(target.dir, 'rung.db');

      // 'start' comes before the file's verification and decompression; 500 ms on, the merge of 30,000 judgments is under way.
      const { stdout, stderr } = await runKilledOnCue('bundle-importer.ts', [dbPath, bundlePath], (out) => (out.includes('start') ? 500 : null));
      expect(stdout, stderr).toBe('start\n'); // killed before it could commit

      const reopened = openStore(dbPath);
      try {
        expect(snapshot(reopened.db)).toEqual(before);
        const outcome = await importBundle(reopened.db, bundlePath, bundlePath, { trust: true, actor: 'test' });
        expect(outcome.added).toMatchObject({ judgments: JUDGMENTS, evaluators: 1 });
      } finally {
        reopened.close();
      }
    } finally {
      source.cleanup();
      target.cleanup();
    }
  }, 120_000);
});
