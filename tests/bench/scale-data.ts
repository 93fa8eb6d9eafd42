// The scale bench's data, written straight into the file (one transaction each, no fsync): SCALE comparisons in three
// layers (2% short ones in layer 0, the rest longer in layers 1 and 2), as many judgments by 20 evaluators, and the TRL file it imports.
import { writeFileSync } from 'node:fs';
import { contentId, nowIso } from '../../electron/core/ids';
import { createHumanEvaluator } from '../../electron/core/db/evaluators';
import { openStore } from '../../electron/core/store';
import { fillComparisons } from './fill';

/** Layer 0 holds 2% of the comparisons (short responses), layers 1 and 2 the rest: RM0 trains in seconds. */
export const layerOf = (i: number) => (i % 50 === 0 ? 0 : i % 2 === 0 ? 1 : 2);

/** The comparisons of the scale bench, in its three layers. */
export function fillScaleComparisons(dbPath: string, scale: number): void {
  const store = openStore(dbPath);
  fillComparisons(store.db, scale, {
    prompt: (i) => `Prompt ${i}: explain step ${i % 100} of the argument.`,
    response: (i, side) => (layerOf(i) === 0 ? `${side} short ${i}` : `Response ${side} to ${i}, reasoning step ${i % 13}. `.repeat(layerOf(i) === 1 ? 3 : 6)),
    layer: layerOf,
  });
  store.close();
}

/** The bench's evaluators, created in the file; their ids. */
export function createScaleEvaluators(dbPath: string, count: number): string[] {
  const store = openStore(dbPath);
  try {
    return Array.from({ length: count }, (_, e) => createHumanEvaluator(store.db, `Evaluator ${e + 1}`, []).id);
  } finally {
    store.close();
  }
}

/** A tenth of the judgments are second opinions on the first comparisons, by another evaluator. */
const SECOND_OPINIONS = 0.1;

/**
 * Bulk judgments straight into the file (one transaction, no fsync): SCALE in all, evaluators in turn, one per
 * comparison and then second opinions by a different evaluator on the first ones; verdicts on layers 1 and 2 carry
 * assistance (one in ten a control trial).
 */
export function fillJudgments(dbPath: string, evaluatorIds: string[]): void {
  const store = openStore(dbPath);
  const db = store.db;
  const ids = db.prepare('SELECT id FROM comparisons ORDER BY rowid').pluck().all() as string[];
  const insert = db.prepare(
    `INSERT INTO judgments (id, comparison_id, evaluator_id, choice, duration_ms, left_side, assistance, origin, created_at) VALUES (?, ?, ?, ?, ?, ?, ?, 'ui', ?)`,
  );
  const now = nowIso();
  const firstOpinions = Math.round(ids.length * (1 - SECOND_OPINIONS));
  const n = evaluatorIds.length;
  const assistance = (c: number, i: number) =>
    layerOf(c) === 0 ? null : JSON.stringify(i % 10 === 0 ? { version: 1, mode: 'control' } : { version: 1, mode: 'assisted', pA: (i % 100) / 100 });
  db.pragma('synchronous = OFF');
  db.transaction(() => {
    for (let i = 0; i < ids.length; i++) {
      const c = i < firstOpinions ? i : i - firstOpinions;
      const evaluator = i < firstOpinions ? i % n : (c % n + 1 + (c % (n - 1))) % n; // never the first opinion's evaluator
      insert.run(contentId('j', String(i)), ids[c], evaluatorIds[evaluator], i % 7 === 0 ? 'B' : 'A', 800 + (i % 5000), i % 2 ? 'A' : 'B', assistance(c, i), now);
    }
    db.prepare(`UPDATE comparisons SET ground_truth = 'A' WHERE layer = 0 AND (rowid / 50) % 10 = 0`).run();
  })();
  store.close();
}

/** The TRL file the bench imports while it measures: `records` new comparisons, none already in the store. */
export function writeImportFile(path: string, records: number): void {
  const lines: string[] = [];
  for (let i = 0; i < records; i++) lines.push(JSON.stringify({ prompt: `new question ${i} on topic ${i % 211}`, chosen: `a worked answer ${i}: step one, step two, ${i * 3}`, rejected: `answer ${i}` }));
  writeFileSync(path, `${lines.join('\n')}\n`);
}
