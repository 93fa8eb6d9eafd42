// Migration 0003: what the flags explorer needs. Flags record the evaluators and models they concern (for
// filtering) and when they last changed; judgments can be excluded from training (never deleted); relabel
// requests send a comparison back to the human queue, optionally for one evaluator.
export const sql = `
ALTER TABLE flags ADD COLUMN evaluator_ids TEXT NOT NULL DEFAULT '[]';
ALTER TABLE flags ADD COLUMN model_ids TEXT NOT NULL DEFAULT '[]';
ALTER TABLE flags ADD COLUMN updated_at TEXT;
CREATE INDEX flags_status_severity ON flags(status, severity);
CREATE INDEX flags_severity ON flags(severity, id);
CREATE INDEX flags_created ON flags(created_at, id);
CREATE INDEX flags_comparison ON flags(comparison_id);

ALTER TABLE judgments ADD COLUMN excluded_at TEXT;
ALTER TABLE judgments ADD COLUMN excluded_reason TEXT;

CREATE TABLE relabel_requests (
  id TEXT PRIMARY KEY,
  comparison_id TEXT NOT NULL REFERENCES comparisons(id),
  evaluator_id TEXT REFERENCES evaluators(id), -- NULL: any human evaluator
  flag_id TEXT REFERENCES flags(id),
  requested_by TEXT NOT NULL,
  reason TEXT NOT NULL DEFAULT '',
  created_at TEXT NOT NULL,
  done_at TEXT,
  done_judgment_id TEXT REFERENCES judgments(id)
);
CREATE INDEX relabel_requests_open ON relabel_requests(comparison_id) WHERE done_at IS NULL;
`;
