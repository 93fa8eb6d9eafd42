// Migration 0024: the verdicts people gave in Rung, kept per dataset for the Data page (db/datasets.ts): standing A, B
// or tie verdicts made in the app (origin 'ui', which bundles keep), position-check repeats aside, counted for every
// dataset that holds the comparison (comparisons.dataset_id, and dataset_items for a dataset that brought it again).
// Walking them on each listDatasets took 2.9 s at 200k comparisons. Kept by triggers: a verdict that starts or stops
// counting moves the counts of its comparison's datasets; a dataset that takes in a comparison already judged adds
// its verdicts (dataset_items rows are written only for comparisons an earlier dataset brought).
const COUNTED = (row: string) => `${row}.origin = 'ui' AND ${row}.choice IN ('A', 'B', 'tie') AND ${row}.repeat_of IS NULL AND ${row}.retracted_at IS NULL`;

/** The datasets that hold `comparison` (an SQL expression). */
const HOLDERS = (comparison: string) => `SELECT dataset_id FROM comparisons WHERE id = ${comparison} AND dataset_id IS NOT NULL
    UNION ALL SELECT dataset_id FROM dataset_items WHERE comparison_id = ${comparison}`;

const move = (row: 'NEW' | 'OLD', step: 1 | -1) => `INSERT INTO dataset_app_verdicts (dataset_id, verdicts)
    SELECT dataset_id, ${step} FROM (${HOLDERS(`${row}.comparison_id`)}) WHERE ${COUNTED(row)}
    ON CONFLICT (dataset_id) DO UPDATE SET verdicts = verdicts + ${step};`;

export const sql = `
CREATE TABLE dataset_app_verdicts (dataset_id TEXT PRIMARY KEY REFERENCES datasets(id), verdicts INTEGER NOT NULL DEFAULT 0) WITHOUT ROWID;
INSERT INTO dataset_app_verdicts (dataset_id, verdicts)
  SELECT h.dataset_id, count(*) FROM judgments j
    JOIN (SELECT id AS comparison_id, dataset_id FROM comparisons WHERE dataset_id IS NOT NULL
          UNION ALL SELECT comparison_id, dataset_id FROM dataset_items) h ON h.comparison_id = j.comparison_id
  WHERE ${COUNTED('j')}
  GROUP BY h.dataset_id;

-- WHEN clauses, so a verdict that never counts (every imported one) runs no trigger body at all.
CREATE TRIGGER judgments_app_verdicts_insert AFTER INSERT ON judgments WHEN ${COUNTED('NEW')} BEGIN
  ${move('NEW', 1)}
END;
CREATE TRIGGER judgments_app_verdicts_update AFTER UPDATE OF retracted_at, origin, choice, repeat_of, comparison_id ON judgments
  WHEN (${COUNTED('OLD')}) OR (${COUNTED('NEW')}) BEGIN
  ${move('OLD', -1)}
  ${move('NEW', 1)}
END;
CREATE TRIGGER judgments_app_verdicts_delete AFTER DELETE ON judgments WHEN ${COUNTED('OLD')} BEGIN
  ${move('OLD', -1)}
END;
CREATE TRIGGER dataset_items_app_verdicts AFTER INSERT ON dataset_items BEGIN
  INSERT INTO dataset_app_verdicts (dataset_id, verdicts)
    SELECT NEW.dataset_id, n FROM (SELECT count(*) AS n FROM judgments j WHERE j.comparison_id = NEW.comparison_id AND ${COUNTED('j')}) WHERE n > 0
    ON CONFLICT (dataset_id) DO UPDATE SET verdicts = verdicts + excluded.verdicts;
END;
`;
