// Migration 0002: what the evaluator's workspace needs. Judgments are never deleted: undo sets
// retracted_at. request_id makes a retried submit idempotent; repeat_of links a position-check answer
// to the judgment it repeats. position_checks schedules those repeats; settings holds app-wide knobs.
export const sql = `
ALTER TABLE judgments ADD COLUMN retracted_at TEXT;
ALTER TABLE judgments ADD COLUMN request_id TEXT;
ALTER TABLE judgments ADD COLUMN repeat_of TEXT REFERENCES judgments(id);
CREATE UNIQUE INDEX judgments_evaluator_request ON judgments(evaluator_id, request_id) WHERE request_id IS NOT NULL;
CREATE INDEX judgments_repeat_of ON judgments(repeat_of) WHERE repeat_of IS NOT NULL;
CREATE INDEX judgments_retracted ON judgments(evaluator_id, retracted_at) WHERE retracted_at IS NOT NULL;

CREATE TABLE position_checks (
  id TEXT PRIMARY KEY,
  evaluator_id TEXT NOT NULL REFERENCES evaluators(id),
  comparison_id TEXT NOT NULL REFERENCES comparisons(id),
  original_judgment_id TEXT NOT NULL UNIQUE REFERENCES judgments(id),
  left_side TEXT NOT NULL CHECK (left_side IN ('A','B')), -- the side shown left in the repeat: swapped
  due_after INTEGER NOT NULL CHECK (due_after >= 0),       -- due once the evaluator has this many live judgments
  created_at TEXT NOT NULL
);
CREATE INDEX position_checks_evaluator ON position_checks(evaluator_id, due_after);

CREATE TABLE settings (
  key TEXT PRIMARY KEY,
  value TEXT NOT NULL,            -- JSON
  updated_at TEXT NOT NULL
);
`;
