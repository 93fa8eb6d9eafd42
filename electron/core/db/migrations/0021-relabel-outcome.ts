// Migration 0021: an answered relabel request no longer retracts the evaluator's earlier verdict. The request keeps
// that verdict (original_judgment_id), so the outcome ("kept A", "changed A → B") can be read; its flag moves to the
// new status 'relabelled' (db/flags.ts) (flags is rebuilt for its CHECK: foreign keys are deferred while it is, and its row-count
// triggers are made again after the copy). Evaluators gain label_source: an imported label (a dataset's gold or source
// labels), not a person, so no relabel is requested of it; backfilled from the names the importers give them.
/** The latest relabel request of the flag being updated. */
const LATEST = '(SELECT l.id FROM relabel_requests l WHERE l.flag_id = flags.id ORDER BY l.created_at DESC, l.id DESC LIMIT 1)';

export const sql = `
ALTER TABLE relabel_requests ADD COLUMN original_judgment_id TEXT REFERENCES judgments(id);
CREATE INDEX relabel_requests_original ON relabel_requests(original_judgment_id) WHERE original_judgment_id IS NOT NULL;

ALTER TABLE evaluators ADD COLUMN label_source INTEGER NOT NULL DEFAULT 0 CHECK (label_source IN (0, 1));
UPDATE evaluators SET label_source = 1
 WHERE kind = 'human' AND source IS NOT NULL AND (name = source || ' gold label' OR name = source || ' (source labels)');

PRAGMA defer_foreign_keys = ON;
CREATE TABLE flags_0021 AS SELECT * FROM flags;
DROP TABLE flags;
CREATE TABLE flags (
  id TEXT PRIMARY KEY,
  kind TEXT NOT NULL,
  dedupe_key TEXT NOT NULL UNIQUE,
  severity REAL NOT NULL DEFAULT 0,
  comparison_id TEXT REFERENCES comparisons(id),
  evidence TEXT NOT NULL DEFAULT '{}',
  status TEXT NOT NULL DEFAULT 'open' CHECK (status IN ('open','confirmed','dismissed','relabel_requested','relabelled')),
  notes TEXT NOT NULL DEFAULT '',
  resolved_by TEXT,
  resolved_at TEXT,
  created_at TEXT NOT NULL,
  evaluator_ids TEXT NOT NULL DEFAULT '[]',
  model_ids TEXT NOT NULL DEFAULT '[]',
  updated_at TEXT
);
INSERT INTO flags (id, kind, dedupe_key, severity, comparison_id, evidence, status, notes, resolved_by, resolved_at, created_at, evaluator_ids, model_ids, updated_at)
  SELECT id, kind, dedupe_key, severity, comparison_id, evidence, status, notes, resolved_by, resolved_at, created_at, evaluator_ids, model_ids, updated_at FROM flags_0021;
DROP TABLE flags_0021;
CREATE INDEX flags_kind_status ON flags(kind, status);
CREATE INDEX flags_status_severity ON flags(status, severity);
CREATE INDEX flags_severity ON flags(severity, id);
CREATE INDEX flags_created ON flags(created_at, id);
CREATE INDEX flags_comparison ON flags(comparison_id);
CREATE TRIGGER flags_count_delete AFTER DELETE ON flags BEGIN
  UPDATE row_counts SET rows = rows - 1 WHERE name = 'flags';
END;
CREATE TRIGGER flags_count_insert AFTER INSERT ON flags BEGIN
  UPDATE row_counts SET rows = rows + 1 WHERE name = 'flags';
END;

-- Flags whose latest relabel request was answered before: relabelled by that answer (the earlier verdict it
-- retracted then is not known), as db/flags.ts settleRelabelFlags decides from now on.
UPDATE flags SET status = 'relabelled',
  resolved_by = (SELECT e.name FROM relabel_requests r JOIN judgments j ON j.id = r.done_judgment_id JOIN evaluators e ON e.id = j.evaluator_id
                  WHERE r.id = ${LATEST}),
  resolved_at = (SELECT r.done_at FROM relabel_requests r WHERE r.id = ${LATEST})
 WHERE status = 'relabel_requested' AND (SELECT r.done_judgment_id FROM relabel_requests r WHERE r.id = ${LATEST}) IS NOT NULL;
`;
