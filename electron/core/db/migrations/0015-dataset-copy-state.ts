// Migration 0015: an import copies a dataset into the store in short transactions (so an evaluator's verdict never
// waits long behind it), and datasets.complete says whether that copy finished. Datasets imported before this were
// copied whole in one transaction, so they are complete. A copy cut short (the process died) leaves complete = 0
// until the same file is imported again, which finishes it (the copy is idempotent).
export const sql = `
ALTER TABLE datasets ADD COLUMN complete INTEGER NOT NULL DEFAULT 1 CHECK (complete IN (0, 1));
`;
