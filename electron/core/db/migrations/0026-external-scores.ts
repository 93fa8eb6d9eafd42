// Migration 0026: scores from a lab's own reward model (`rung scores import`). An external model is a models row whose
// config says kind 'external' and whose blob is empty; its rewards for each comparison it scored live here, finite
// (NaN cannot be stored as REAL and is refused by NOT NULL; ±Inf by the bounds), each std, when given, at least 0.
export const sql = `
CREATE TABLE external_scores (
  model_id TEXT NOT NULL REFERENCES models(id),
  comparison_id TEXT NOT NULL REFERENCES comparisons(id),
  reward_a REAL NOT NULL CHECK (abs(reward_a) <= 1.7976931348623157e308),
  reward_b REAL NOT NULL CHECK (abs(reward_b) <= 1.7976931348623157e308),
  std_a REAL CHECK (std_a IS NULL OR std_a BETWEEN 0 AND 1.7976931348623157e308),
  std_b REAL CHECK (std_b IS NULL OR std_b BETWEEN 0 AND 1.7976931348623157e308),
  PRIMARY KEY (model_id, comparison_id)
) WITHOUT ROWID;
CREATE INDEX external_scores_comparison ON external_scores(comparison_id);
`;
