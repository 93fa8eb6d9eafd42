// Migration 0025: rubrics. A run may name criteria (helpfulness, harmlessness, ...) in order; a verdict judged within
// such a run carries one verdict per criterion. The judgment's own choice is its verdict on the run's first criterion,
// so everything that reads judgments.choice keeps working; per-criterion training, agreement, checks and exports read
// judgment_criteria. A run without criteria works as before.
export const sql = `
CREATE TABLE run_criteria (
  run_id TEXT NOT NULL REFERENCES runs(id),
  idx INTEGER NOT NULL CHECK (idx >= 0),
  key TEXT NOT NULL CHECK (length(key) BETWEEN 1 AND 32),
  label TEXT NOT NULL CHECK (length(label) BETWEEN 1 AND 80),
  description TEXT NOT NULL DEFAULT '' CHECK (length(description) <= 500),
  PRIMARY KEY (run_id, key),
  UNIQUE (run_id, idx)
);
CREATE TABLE judgment_criteria (
  judgment_id TEXT NOT NULL REFERENCES judgments(id),
  run_id TEXT NOT NULL,
  criterion TEXT NOT NULL,
  choice TEXT NOT NULL CHECK (choice IN ('A', 'B', 'tie')),
  strength INTEGER CHECK (strength BETWEEN 1 AND 3),
  PRIMARY KEY (judgment_id, criterion),
  FOREIGN KEY (run_id, criterion) REFERENCES run_criteria(run_id, key)
);
CREATE INDEX judgment_criteria_by_run ON judgment_criteria(run_id, criterion);
`;
