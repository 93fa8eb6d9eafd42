// Migration 0006: a comparison's first dataset holds it through comparisons.dataset_id and the new
// comparisons.line; dataset_items keeps only the other datasets that hold it (the same record imported again
// from another file). An import of N new comparisons then writes N rows, not 2N, and no index by comparison.
export const sql = `
ALTER TABLE comparisons ADD COLUMN line INTEGER; -- where the record starts in its first dataset's file
UPDATE comparisons SET line = (SELECT di.line FROM dataset_items di WHERE di.dataset_id = comparisons.dataset_id AND di.comparison_id = comparisons.id)
  WHERE dataset_id IS NOT NULL;
DELETE FROM dataset_items
  WHERE EXISTS (SELECT 1 FROM comparisons c WHERE c.id = dataset_items.comparison_id AND c.dataset_id = dataset_items.dataset_id);
DROP INDEX dataset_items_comparison;
`;
