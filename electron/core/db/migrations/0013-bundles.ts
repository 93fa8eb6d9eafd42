// Migration 0013: what moving work and results between air-gapped workstations needs. workstation holds this database's
// own identity (one row: its id and Ed25519 key pair, made on first need; the private key lives in the database file,
// readable by whoever can read the file). trusted_keys holds other workstations' public keys accepted on first contact
// (revoked ones are kept, marked, and refused). bundle_receipts records each bundle received (replays are refused by
// its SHA-256; the lab-lead view reads "last bundle received" from it). judgment_sources records the workstation a
// judgment received in a bundle was made on (judgments made here have no row), so it travels on with the judgment.
export const sql = `
CREATE TABLE workstation (
  singleton INTEGER PRIMARY KEY CHECK (singleton = 1),
  id TEXT NOT NULL,
  public_key TEXT NOT NULL,       -- SPKI DER, base64
  private_key TEXT NOT NULL,      -- PKCS#8 DER, base64
  created_at TEXT NOT NULL
);

CREATE TABLE trusted_keys (
  fingerprint TEXT PRIMARY KEY,   -- 'SHA256:' + base64 (no padding) of the SPKI DER, as ssh-keygen -l prints
  workstation_id TEXT NOT NULL,
  public_key TEXT NOT NULL,       -- SPKI DER, base64
  display_name TEXT NOT NULL DEFAULT '',
  trusted_at TEXT NOT NULL,
  revoked_at TEXT
);
CREATE UNIQUE INDEX trusted_keys_live_workstation ON trusted_keys(workstation_id) WHERE revoked_at IS NULL;

CREATE TABLE bundle_receipts (
  sha256 TEXT PRIMARY KEY,        -- of the whole file
  bundle_id TEXT NOT NULL,
  kind TEXT NOT NULL CHECK (kind IN ('work', 'results')),
  signer_workstation_id TEXT NOT NULL,
  signer_fingerprint TEXT NOT NULL,
  evaluator_id TEXT,
  evaluator_name TEXT,
  created_at TEXT NOT NULL,       -- when the bundle was made (its manifest)
  counts TEXT NOT NULL DEFAULT '{}', -- JSON: what it added, per kind of row
  received_at TEXT NOT NULL,
  actor TEXT NOT NULL
);
CREATE INDEX bundle_receipts_evaluator ON bundle_receipts(evaluator_id, received_at);

CREATE TABLE judgment_sources (
  judgment_id TEXT PRIMARY KEY REFERENCES judgments(id),
  workstation_id TEXT NOT NULL
) WITHOUT ROWID;
`;
