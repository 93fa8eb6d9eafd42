// Migration 0004: what the recursive loop needs. Simulated evaluators are marked with their parameters;
// deferral rounds record how a layer's pending comparisons were routed (auto-labelled, audited, or sent to
// people) by which model, under which threshold and error bound.
export const sql = `
ALTER TABLE evaluators ADD COLUMN simulated TEXT; -- JSON parameters of a simulated evaluator; NULL for people and models

CREATE TABLE deferral_rounds (
  id TEXT PRIMARY KEY,
  run_id TEXT NOT NULL REFERENCES runs(id),
  layer INTEGER NOT NULL CHECK (layer >= 0),
  model_id TEXT NOT NULL REFERENCES models(id),
  model_evaluator_id TEXT NOT NULL REFERENCES evaluators(id), -- the evaluator entry auto-labels are judgments of
  target REAL NOT NULL CHECK (target > 0 AND target < 1),     -- the auto-label error to stay under
  confidence REAL NOT NULL CHECK (confidence > 0 AND confidence < 1),
  audit_share REAL NOT NULL CHECK (audit_share >= 0 AND audit_share <= 1),
  threshold REAL,                                             -- NULL: no threshold passed, everything went to people
  calibration_pairs INTEGER NOT NULL CHECK (calibration_pairs >= 0),
  calibration_errors INTEGER NOT NULL CHECK (calibration_errors >= 0),
  error_bound REAL,
  seed INTEGER NOT NULL,
  created_by TEXT NOT NULL,
  created_at TEXT NOT NULL
);
CREATE INDEX deferral_rounds_layer ON deferral_rounds(run_id, layer, created_at);

CREATE TABLE deferrals (
  round_id TEXT NOT NULL REFERENCES deferral_rounds(id),
  comparison_id TEXT NOT NULL REFERENCES comparisons(id),
  p_a REAL NOT NULL CHECK (p_a >= 0 AND p_a <= 1),            -- the ensemble's P(A ≻ B)
  spread REAL NOT NULL CHECK (spread >= 0),                   -- its std over members
  route TEXT NOT NULL CHECK (route IN ('auto','audit','human')),
  judgment_id TEXT REFERENCES judgments(id),                  -- the auto-label (routes auto and audit)
  PRIMARY KEY (round_id, comparison_id)
) WITHOUT ROWID;
CREATE INDEX deferrals_comparison ON deferrals(comparison_id);
`;
