// Migration 0023: the researcher's guidelines (Markdown) for a dataset or for a run's layer, with who wrote them and
// when; the evaluator reads them beside the comparison, and work bundles carry them (each edit audited with both texts).
export const sql = `
CREATE TABLE guidelines (
  dataset_id TEXT UNIQUE REFERENCES datasets(id),
  layer_id TEXT UNIQUE REFERENCES layers(id) ON DELETE CASCADE,
  text TEXT NOT NULL CHECK (length(CAST(text AS BLOB)) <= 65536),
  written_by TEXT NOT NULL,
  written_at TEXT NOT NULL,
  CHECK ((dataset_id IS NULL) <> (layer_id IS NULL))
);
`;
