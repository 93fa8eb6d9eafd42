// Export round trip: judgments exported as TRL JSONL re-import into a fresh database as the same preferences.
import { describe, expect, it } from 'vitest';
import { exportLines } from '../../electron/core/datasets/export';
import { importDataset } from '../../electron/core/datasets/import';
import { jsonl, tempStore } from '../helpers/store';

const preferences = (db: import('better-sqlite3').Database) =>
  db
    .prepare(
      `SELECT p.text AS prompt, CASE j.choice WHEN 'A' THEN ra.text ELSE rb.text END AS chosen, CASE j.choice WHEN 'A' THEN rb.text ELSE ra.text END AS rejected
       FROM judgments j JOIN comparisons c ON c.id = j.comparison_id JOIN prompts p ON p.id = c.prompt_id
       JOIN responses ra ON ra.id = c.response_a_id JOIN responses rb ON rb.id = c.response_b_id
       WHERE j.choice IN ('A','B') ORDER BY 1, 2`,
    )
    .all();

describe('export round trip', () => {
  it('TRL JSONL out and back in gives the same preferences', async () => {
    const source = tempStore();
    const target = tempStore();
    try {
      const rows = Array.from({ length: 50 }, (_, i) => ({
        prompt: `Question ${i}: ünïcödé ✓, "quotes", newlines\nand tabs\t`,
        response_a: `answer ${i} a`,
        response_b: `answer ${i} b`,
        judgments: [{ evaluator: 'ann', choice: i % 3 === 0 ? 'B' : 'A' }, ...(i % 5 === 0 ? [{ evaluator: 'bob', choice: 'tie' }] : [])],
      }));
      await importDataset(source.store, { path: source.file('in.jsonl', jsonl(rows)) });
      const exported = [...exportLines(source.store, 'trl-jsonl')].join('');
      expect(exported.trim().split('\n')).toHaveLength(50); // ties have no chosen/rejected
      await importDataset(target.store, { path: target.file('out.jsonl', exported) }, { format: 'trl' });
      expect(preferences(target.store.db)).toEqual(preferences(source.store.db));
    } finally {
      source.cleanup();
      target.cleanup();
    }
  });
});
