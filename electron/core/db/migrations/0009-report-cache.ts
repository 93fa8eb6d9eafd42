// Migration 0009: stored reports (the pages' expensive figures: layer metrics, queue status, evaluator agreement),
// served at once with their age and recomputed in the background. A report is marked stale by the triggers below
// whenever something it may depend on changes: verdicts, comparisons and their ground truth, responses (embeddings),
// evaluators, models (the active one), deferral rounds. Each trigger touches the few report rows only while one is
// still fresh, so a bulk write pays one cheap statement per row and writes nothing once all are stale.
const markStale = 'UPDATE report_cache SET stale = 1 WHERE stale = 0;';
const watched: [table: string, events: string[]][] = [
  ['judgments', ['INSERT', 'UPDATE', 'DELETE']],
  ['comparisons', ['INSERT', 'UPDATE', 'DELETE']],
  ['responses', ['UPDATE']],
  ['evaluators', ['INSERT', 'UPDATE']],
  ['models', ['INSERT', 'UPDATE']],
  ['deferral_rounds', ['INSERT']],
  ['deferrals', ['INSERT', 'UPDATE']],
];

export const sql = `
CREATE TABLE report_cache (
  key TEXT PRIMARY KEY,          -- which report: 'layer-metrics:<run>', 'queue-status:<run>:<layer>', 'evaluator-stats'
  value TEXT,                    -- the report as JSON; null until first computed
  computed_at TEXT,              -- when the computation that produced value began
  duration_ms INTEGER,           -- how long that computation took (paces the next one in the background)
  stale INTEGER NOT NULL DEFAULT 1,
  computing_since TEXT           -- a thread is recomputing it (a lease: an old one was abandoned)
) WITHOUT ROWID;
${watched
  .flatMap(([table, events]) =>
    events.map((event) => `CREATE TRIGGER ${table}_${event.toLowerCase()}_report_stale AFTER ${event} ON ${table} BEGIN ${markStale} END;`),
  )
  .join('\n')}
`;
