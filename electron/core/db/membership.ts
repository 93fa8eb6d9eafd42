// Which comparisons a dataset holds: those it brought first (comparisons.dataset_id) and those it imported
// again after another dataset had (dataset_items) — migration 0006. One SQL fragment for every query.

/** SQL true when comparison `c` (a table alias) is in the dataset(s) `match` selects, e.g. '= ?' or 'IN (?, ?)'.
 *  Positional parameters in `match` appear twice: bind them twice. */
export const inDatasetSql = (c: string, match: string): string =>
  `(${c}.dataset_id ${match} OR EXISTS (SELECT 1 FROM dataset_items di WHERE di.comparison_id = ${c}.id AND di.dataset_id ${match}))`;

/** SQL for the number of comparisons dataset `dataset` (an SQL expression) holds. */
export const datasetSizeSql = (dataset: string): string =>
  `((SELECT count(*) FROM comparisons WHERE dataset_id = ${dataset}) + (SELECT count(*) FROM dataset_items WHERE dataset_id = ${dataset}))`;
