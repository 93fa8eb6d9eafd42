// Migration 0001: the initial schema — runs, layers, datasets, prompts, responses, comparisons,
// evaluators, judgments, models, flags and the append-only audit log. UUID text keys throughout.
export const sql = `
CREATE TABLE runs (
  id TEXT PRIMARY KEY,
  name TEXT NOT NULL UNIQUE,
  description TEXT NOT NULL DEFAULT '',
  created_at TEXT NOT NULL
);

CREATE TABLE layers (
  id TEXT PRIMARY KEY,
  run_id TEXT NOT NULL REFERENCES runs(id) ON DELETE CASCADE,
  idx INTEGER NOT NULL CHECK (idx >= 0),
  name TEXT NOT NULL DEFAULT '',
  rule TEXT,                      -- JSON: how items enter this layer
  created_at TEXT NOT NULL,
  UNIQUE (run_id, idx)
);

CREATE TABLE datasets (
  id TEXT PRIMARY KEY,
  name TEXT NOT NULL,
  format TEXT NOT NULL,
  file_name TEXT NOT NULL,
  content_hash TEXT NOT NULL UNIQUE, -- SHA-256 of the file's bytes: the same file imports once
  records INTEGER NOT NULL DEFAULT 0,
  created_at TEXT NOT NULL
);

CREATE TABLE prompts (
  id TEXT PRIMARY KEY,            -- derived from the text's hash
  text TEXT NOT NULL,
  created_at TEXT NOT NULL
);

CREATE TABLE responses (
  id TEXT PRIMARY KEY,            -- derived from (prompt, text)
  prompt_id TEXT NOT NULL REFERENCES prompts(id),
  text TEXT NOT NULL,
  segments TEXT,                  -- JSON array of strings, when the data gives them
  embedding BLOB,                 -- float32 little-endian
  embedding_dim INTEGER CHECK (embedding_dim IS NULL OR embedding_dim > 0),
  created_at TEXT NOT NULL
);
CREATE INDEX responses_prompt ON responses(prompt_id);

CREATE TABLE comparisons (
  id TEXT PRIMARY KEY,            -- derived from the record's content (and its source key, if any)
  dataset_id TEXT REFERENCES datasets(id),
  prompt_id TEXT NOT NULL REFERENCES prompts(id),
  response_a_id TEXT NOT NULL REFERENCES responses(id),
  response_b_id TEXT NOT NULL REFERENCES responses(id),
  layer INTEGER CHECK (layer IS NULL OR layer >= 0),
  ground_truth TEXT CHECK (ground_truth IS NULL OR ground_truth IN ('A','B','tie')),
  metadata TEXT,                  -- JSON object from the source record
  created_at TEXT NOT NULL
);
CREATE INDEX comparisons_dataset ON comparisons(dataset_id);

CREATE TABLE dataset_items (
  dataset_id TEXT NOT NULL REFERENCES datasets(id),
  comparison_id TEXT NOT NULL REFERENCES comparisons(id),
  line INTEGER NOT NULL,          -- where the record starts in the source file
  PRIMARY KEY (dataset_id, comparison_id)
) WITHOUT ROWID;
CREATE INDEX dataset_items_comparison ON dataset_items(comparison_id);

CREATE TABLE evaluators (
  id TEXT PRIMARY KEY,
  kind TEXT NOT NULL CHECK (kind IN ('human','model')),
  name TEXT NOT NULL,
  domains TEXT NOT NULL DEFAULT '[]', -- JSON array of strings
  source TEXT,                    -- e.g. the dataset an imported evaluator came from
  created_at TEXT NOT NULL,
  UNIQUE (kind, name)
);

CREATE TABLE judgments (
  id TEXT PRIMARY KEY,
  comparison_id TEXT NOT NULL REFERENCES comparisons(id),
  evaluator_id TEXT NOT NULL REFERENCES evaluators(id),
  choice TEXT NOT NULL CHECK (choice IN ('A','B','tie','skip')),
  strength INTEGER CHECK (strength IS NULL OR strength BETWEEN 1 AND 3),
  confidence REAL CHECK (confidence IS NULL OR confidence BETWEEN 0 AND 1),
  rationale TEXT,
  duration_ms INTEGER CHECK (duration_ms IS NULL OR duration_ms >= 0),
  left_side TEXT CHECK (left_side IS NULL OR left_side IN ('A','B')),
  assistance TEXT,                -- JSON: exactly what assistance was shown, NULL when none
  sub_judgments TEXT,             -- JSON array
  origin TEXT NOT NULL CHECK (origin IN ('ui','import','auto')),
  dataset_id TEXT REFERENCES datasets(id), -- set for imported judgments
  created_at TEXT NOT NULL
);
CREATE INDEX judgments_comparison_evaluator ON judgments(comparison_id, evaluator_id);
CREATE INDEX judgments_evaluator_created ON judgments(evaluator_id, created_at);

CREATE TABLE models (
  id TEXT PRIMARY KEY,
  run_id TEXT REFERENCES runs(id),
  layer_id TEXT REFERENCES layers(id),
  name TEXT NOT NULL,
  config TEXT NOT NULL,           -- JSON
  metrics TEXT NOT NULL DEFAULT '{}', -- JSON
  trained_on TEXT NOT NULL DEFAULT '{}', -- JSON provenance: judgments, evaluators
  engine_version TEXT NOT NULL,
  device TEXT NOT NULL,
  blob BLOB NOT NULL,
  blob_sha256 TEXT NOT NULL,
  active INTEGER NOT NULL DEFAULT 0 CHECK (active IN (0,1)),
  created_at TEXT NOT NULL
);

CREATE TABLE flags (
  id TEXT PRIMARY KEY,
  kind TEXT NOT NULL,
  dedupe_key TEXT NOT NULL UNIQUE, -- one flag per (kind, subject): re-running a check adds nothing
  severity REAL NOT NULL DEFAULT 0,
  comparison_id TEXT REFERENCES comparisons(id),
  evidence TEXT NOT NULL DEFAULT '{}', -- JSON
  status TEXT NOT NULL DEFAULT 'open' CHECK (status IN ('open','confirmed','dismissed','relabel_requested')),
  notes TEXT NOT NULL DEFAULT '',
  resolved_by TEXT,
  resolved_at TEXT,
  created_at TEXT NOT NULL
);
CREATE INDEX flags_kind_status ON flags(kind, status);

CREATE TABLE audit_log (
  seq INTEGER PRIMARY KEY AUTOINCREMENT,
  at TEXT NOT NULL,
  actor TEXT NOT NULL,
  action TEXT NOT NULL,
  entity TEXT NOT NULL,
  entity_id TEXT,
  details TEXT NOT NULL DEFAULT '{}'
);
CREATE TRIGGER audit_log_no_update BEFORE UPDATE ON audit_log
  BEGIN SELECT RAISE(ABORT, 'audit_log is append-only'); END;
CREATE TRIGGER audit_log_no_delete BEFORE DELETE ON audit_log
  BEGIN SELECT RAISE(ABORT, 'audit_log is append-only'); END;
`;
