// Migration 0011: pretrained text encoders registered by folder (encoders), and the embedding cache (embeddings): one
// pooled vector per text (SHA-256 of its UTF-8) and encoder checksum, so a text is encoded once and reused by every
// training and scoring. The cache is keyed by the checksum, not the encoder's row, so re-adding a folder reuses it.
export const sql = `
CREATE TABLE encoders (
  id TEXT PRIMARY KEY,
  name TEXT NOT NULL UNIQUE,
  path TEXT NOT NULL,               -- absolute folder path on this machine
  checksum TEXT NOT NULL,           -- SHA-256 over the folder's config, tokenizer and weight files (encoders/checksum.ts)
  architecture TEXT NOT NULL,
  hidden_size INTEGER NOT NULL,
  vocab_size INTEGER NOT NULL,
  max_positions INTEGER NOT NULL,
  bytes INTEGER NOT NULL,           -- the checksummed files' total size
  added_at TEXT NOT NULL
);
CREATE TABLE embeddings (
  encoder_checksum TEXT NOT NULL,
  text_sha256 BLOB NOT NULL,        -- 32 bytes
  vector BLOB NOT NULL,             -- float32 little-endian, the encoder's hidden size
  PRIMARY KEY (encoder_checksum, text_sha256)
);
`;
