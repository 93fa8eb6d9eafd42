// Row counts of the main tables, for `rung stats` and the Data page. Live judgments are summed from the kept
// per-evaluator counts (evaluator_counts, migration 0014); prompts, responses, comparisons and flags are kept counts
// too (row_counts, migration 0017); the small tables are counted.
import type Database from 'better-sqlite3';
import { keptRowCounts, type KeptTable } from './row-counts';

const COUNTED = ['evaluators', 'models', 'datasets', 'runs'] as const;

export type Counts = Record<(typeof COUNTED)[number] | KeptTable | 'judgments', number>;

export function countRows(db: Database.Database): Counts {
  const counts = {
    ...keptRowCounts(db),
    judgments: db.prepare('SELECT coalesce(sum(judgments), 0) FROM evaluator_counts').pluck().get() as number,
  } as Counts;
  for (const table of COUNTED) counts[table] = db.prepare(`SELECT count(*) FROM ${table}`).pluck().get() as number;
  return counts;
}
