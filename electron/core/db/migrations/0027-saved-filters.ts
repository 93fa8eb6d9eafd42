// Migration 0027: the record browser's filters saved by name (saved_filters: the filter as JSON, who saved it and when),
// and a saved filter as an assignment's third source beside a run's layer and a dataset: assignments.filter_name names
// it (the comparisons it matched when the assignment was drawn are frozen in assignment_items). assignments is rebuilt
// for its CHECK (foreign keys deferred while it is; rowids kept, since the queue orders assignments by them).
const COLUMNS = 'id, name, run_id, layer_idx, dataset_id, overlap, seed, control_share, position_check_share, deadline, unassigned, created_by, created_at';
export const sql = `
CREATE TABLE saved_filters (
  name TEXT PRIMARY KEY CHECK (length(name) BETWEEN 1 AND 100),
  filter TEXT NOT NULL,              -- listComparisons' filter fields as JSON (no cursor or limit)
  saved_by TEXT NOT NULL,
  saved_at TEXT NOT NULL
);
PRAGMA defer_foreign_keys = ON;
CREATE TABLE assignments_0027 AS SELECT rowid AS rid, ${COLUMNS} FROM assignments;
DROP TABLE assignments;
CREATE TABLE assignments (
  id TEXT PRIMARY KEY,
  name TEXT NOT NULL,
  run_id TEXT REFERENCES runs(id),
  layer_idx INTEGER,                 -- the run's layer index (with run_id)
  dataset_id TEXT REFERENCES datasets(id),
  filter_name TEXT,                  -- the saved filter it was drawn from, by name when drawn (it may be changed or deleted since)
  overlap INTEGER NOT NULL CHECK (overlap >= 1),
  seed INTEGER NOT NULL,
  control_share REAL NOT NULL,       -- the settings' shares when it was drawn: each evaluator's work keeps them
  position_check_share REAL NOT NULL,
  deadline TEXT,                     -- ISO 8601 date or date and time, as given
  unassigned INTEGER NOT NULL,       -- comparisons of the source left out (the quotas ran out)
  created_by TEXT NOT NULL,
  created_at TEXT NOT NULL,
  CHECK ((run_id IS NOT NULL AND layer_idx IS NOT NULL AND dataset_id IS NULL AND filter_name IS NULL)
      OR (run_id IS NULL AND layer_idx IS NULL AND dataset_id IS NOT NULL AND filter_name IS NULL)
      OR (run_id IS NULL AND layer_idx IS NULL AND dataset_id IS NULL AND filter_name IS NOT NULL))
);
INSERT INTO assignments (rowid, ${COLUMNS}) SELECT rid, ${COLUMNS} FROM assignments_0027;
DROP TABLE assignments_0027;
`;
