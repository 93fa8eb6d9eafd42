// Migration 0012: assignments of work to evaluators (assignments, assignment_evaluators, assignment_items): which
// comparisons of a run's layer (or a dataset) each evaluator is to judge, with the overlap, seed, quotas and deadline
// they were drawn with, and per item whether it is one of the evaluator's control trials or position checks.
export const sql = `
CREATE TABLE assignments (
  id TEXT PRIMARY KEY,
  name TEXT NOT NULL,
  run_id TEXT REFERENCES runs(id),
  layer_idx INTEGER,                 -- the run's layer index (with run_id)
  dataset_id TEXT REFERENCES datasets(id),
  overlap INTEGER NOT NULL CHECK (overlap >= 1),
  seed INTEGER NOT NULL,
  control_share REAL NOT NULL,       -- the settings' shares when it was drawn: each evaluator's work keeps them
  position_check_share REAL NOT NULL,
  deadline TEXT,                     -- ISO 8601 date or date and time, as given
  unassigned INTEGER NOT NULL,       -- comparisons of the source left out (the quotas ran out)
  created_by TEXT NOT NULL,
  created_at TEXT NOT NULL,
  CHECK ((run_id IS NOT NULL AND layer_idx IS NOT NULL AND dataset_id IS NULL) OR (run_id IS NULL AND layer_idx IS NULL AND dataset_id IS NOT NULL))
);
CREATE TABLE assignment_evaluators (
  assignment_id TEXT NOT NULL REFERENCES assignments(id),
  evaluator_id TEXT NOT NULL REFERENCES evaluators(id),
  quota INTEGER CHECK (quota IS NULL OR quota >= 0),
  PRIMARY KEY (assignment_id, evaluator_id)
);
CREATE TABLE assignment_items (
  assignment_id TEXT NOT NULL REFERENCES assignments(id),
  evaluator_id TEXT NOT NULL REFERENCES evaluators(id),
  comparison_id TEXT NOT NULL REFERENCES comparisons(id),
  position INTEGER NOT NULL,         -- the comparison's place in the assignment's seeded order: the queue's order
  control INTEGER NOT NULL CHECK (control IN (0, 1)),
  position_check INTEGER NOT NULL CHECK (position_check IN (0, 1)),
  PRIMARY KEY (assignment_id, evaluator_id, comparison_id)
);
CREATE INDEX assignment_items_evaluator ON assignment_items (evaluator_id, comparison_id);
CREATE INDEX assignment_items_order ON assignment_items (assignment_id, evaluator_id, position); -- the queue walks this
`;
