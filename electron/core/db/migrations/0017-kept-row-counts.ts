// Migration 0017: the Data page's row counts of the big tables kept instead of counted (count(*) over a million
// comparisons and two million responses walks their narrowest index, about 190 ms on every getStats at 1M).
// - prompts, responses and comparisons are written only by an import's copy (db/dataset-import.ts), which adds the
//   rows each step inserted to their counts in the step's own transaction; a per-row insert trigger cost a bulk
//   import about a fifth of its speed (migration 0014). Deletes, which nothing does today, are kept by triggers.
// - flags are written a few at a time by the checks, so triggers keep their count both ways.
const TABLES = ['prompts', 'responses', 'comparisons', 'flags'] as const;

const deleteTrigger = (table: string) => `CREATE TRIGGER ${table}_count_delete AFTER DELETE ON ${table} BEGIN
  UPDATE row_counts SET rows = rows - 1 WHERE name = '${table}';
END;`;

export const sql = `
CREATE TABLE row_counts (name TEXT PRIMARY KEY, rows INTEGER NOT NULL) WITHOUT ROWID;
${TABLES.map((table) => `INSERT INTO row_counts (name, rows) SELECT '${table}', count(*) FROM ${table};`).join('\n')}
${TABLES.map(deleteTrigger).join('\n')}
CREATE TRIGGER flags_count_insert AFTER INSERT ON flags BEGIN
  UPDATE row_counts SET rows = rows + 1 WHERE name = 'flags';
END;
`;
