// Row counts of the main tables, for `rung stats` and the Data page.
import type Database from 'better-sqlite3';

// Judgments count only live ones: an undone (retracted) judgment stays in the table but is not counted.
const TABLES = {
  comparisons: 'comparisons',
  judgments: 'live_judgments',
  evaluators: 'evaluators',
  models: 'models',
  flags: 'flags',
  datasets: 'datasets',
  prompts: 'prompts',
  responses: 'responses',
  runs: 'runs',
} as const;

export type Counts = { -readonly [K in keyof typeof TABLES]: number };

export function countRows(db: Database.Database): Counts {
  const counts = {} as Counts;
  for (const [key, table] of Object.entries(TABLES) as [keyof Counts, string][]) {
    counts[key] = (db.prepare(`SELECT count(*) AS n FROM ${table}`).get() as { n: number }).n;
  }
  return counts;
}
