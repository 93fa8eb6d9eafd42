// Bench helper: fills a store with many synthetic comparisons fast (one transaction, no fsync), bypassing
// the importer, so a benchmark measures what comes after.
import type Database from 'better-sqlite3';
import { contentId, nowIso } from '../../electron/core/ids';

export interface FillText {
  prompt(i: number): string;
  response(i: number, side: 'A' | 'B'): string;
  layer?(i: number): number | null;
}

export function fillComparisons(db: Database.Database, count: number, text: FillText): void {
  const now = nowIso();
  const prompt = db.prepare('INSERT INTO prompts (id, text, created_at) VALUES (?, ?, ?)');
  const response = db.prepare('INSERT INTO responses (id, prompt_id, text, created_at) VALUES (?, ?, ?, ?)');
  const comparison = db.prepare('INSERT INTO comparisons (id, prompt_id, response_a_id, response_b_id, layer, created_at) VALUES (?, ?, ?, ?, ?, ?)');
  db.pragma('synchronous = OFF');
  db.transaction(() => {
    for (let i = 0; i < count; i++) {
      const p = contentId('p', String(i));
      const a = contentId('a', String(i));
      const b = contentId('b', String(i));
      prompt.run(p, text.prompt(i), now);
      response.run(a, p, text.response(i, 'A'), now);
      response.run(b, p, text.response(i, 'B'), now);
      comparison.run(contentId('c', String(i)), p, a, b, text.layer?.(i) ?? null, now);
    }
    // bypassing the import, the fill keeps the row counts the import keeps (migration 0017)
    for (const table of ['prompts', 'responses', 'comparisons']) db.prepare(`UPDATE row_counts SET rows = (SELECT count(*) FROM ${table}) WHERE name = ?`).run(table);
  })();
  db.pragma('synchronous = FULL');
}
