// Migration 0014: the pages' and the queue's small questions answered from indexes and kept counts instead of walks
// over the store.
// - judgments_comparison_evaluator now also carries retracted_at and repeat_of: "has this evaluator judged
//   comparison c" is an index-only probe (a second index for it cost a bulk import of verdicts about a tenth).
// - judgments_evaluator_live now also carries choice and duration: the day's verdicts, skips and median time are
//   counted from the index alone.
//   It also lists retracted_at, which its WHERE fixes (always NULL there, so it costs nothing): without it SQLite
//   does not see the index as covering the views' rule and reads the table row by row.
// - evaluator_counts holds each evaluator's live judgments (the Evaluators page; their sum is the Data page's count),
//   dataset_judgments each dataset's live imported ones (the Data page), kept by triggers on judgments (an index on
//   judgments.dataset_id cost an import more). Comparisons, prompts and responses stay counted when asked: triggers
//   on those tables cost a bulk import about a fifth of its speed (measured), and their count(*) reads a narrow index.
// - layer_evaluator_counts holds, per run layer and evaluator, how many of the layer's comparisons have a live
//   verdict by them (skips included, position-check repeats not; several verdicts on one comparison count once), kept
//   by the triggers below and by extendLayerMembers (db/layer-members.ts) when comparisons are sorted into a layer.
// - queue_watermarks holds, per evaluator and scope (the whole store, or one run layer), a comparison rowid up to
//   which every comparison of the scope has such a verdict by them: the fresh queue starts its walk past it.
//   Submitting a verdict moves it forward (db/queue-watermarks.ts); a verdict that stops counting moves it back.
const COUNTED = (row: 'NEW' | 'OLD') => `${row}.retracted_at IS NULL AND ${row}.repeat_of IS NULL`;
/** No other counted verdict by the same evaluator on the same comparison than the row being written. */
const ALONE = (row: 'NEW' | 'OLD') => `NOT EXISTS (SELECT 1 FROM judgments o WHERE o.evaluator_id = ${row}.evaluator_id
    AND o.comparison_id = ${row}.comparison_id AND o.retracted_at IS NULL AND o.repeat_of IS NULL AND o.rowid <> ${row}.rowid)`;
const ADD = `INSERT INTO layer_evaluator_counts (layer_id, evaluator_id, judged)
    SELECT layer_id, NEW.evaluator_id, 1 FROM layer_members WHERE comparison_id = NEW.comparison_id AND ${COUNTED('NEW')} AND ${ALONE('NEW')}
    ON CONFLICT (layer_id, evaluator_id) DO UPDATE SET judged = judged + 1;`;
const REMOVE = `UPDATE layer_evaluator_counts SET judged = judged - 1
    WHERE ${COUNTED('OLD')} AND ${ALONE('OLD')} AND evaluator_id = OLD.evaluator_id
      AND layer_id IN (SELECT layer_id FROM layer_members WHERE comparison_id = OLD.comparison_id);`;
/** The old row counted and nothing else keeps its comparison judged: the evaluator's watermarks fall below it
 *  (moving one back is always safe; the next submit moves it forward again if the comparison is judged after all). */
const LOWER = `UPDATE queue_watermarks SET through = min(through, (SELECT rowid FROM comparisons WHERE id = OLD.comparison_id) - 1)
    WHERE ${COUNTED('OLD')} AND ${ALONE('OLD')} AND evaluator_id = OLD.evaluator_id;`;

/** A judgment starts or stops being live: its evaluator's count moves, and its dataset's when it was imported. */
const liveJudgment = (row: 'NEW' | 'OLD', step: 1 | -1) => `INSERT INTO evaluator_counts (evaluator_id, judgments) SELECT ${row}.evaluator_id, ${step} WHERE ${row}.retracted_at IS NULL
    ON CONFLICT (evaluator_id) DO UPDATE SET judgments = judgments + ${step};
  INSERT INTO dataset_judgments (dataset_id, judgments) SELECT ${row}.dataset_id, ${step} WHERE ${row}.retracted_at IS NULL AND ${row}.dataset_id IS NOT NULL
    ON CONFLICT (dataset_id) DO UPDATE SET judgments = judgments + ${step};`;

export const sql = `
DROP INDEX judgments_comparison_evaluator;
CREATE INDEX judgments_comparison_evaluator ON judgments(comparison_id, evaluator_id, retracted_at, repeat_of);
DROP INDEX judgments_evaluator_live;
CREATE INDEX judgments_evaluator_live ON judgments(evaluator_id, origin, created_at, choice, duration_ms, retracted_at) WHERE retracted_at IS NULL;

CREATE TABLE layer_evaluator_counts (
  layer_id TEXT NOT NULL REFERENCES layers(id),
  evaluator_id TEXT NOT NULL REFERENCES evaluators(id),
  judged INTEGER NOT NULL DEFAULT 0,
  PRIMARY KEY (layer_id, evaluator_id)
) WITHOUT ROWID;
INSERT INTO layer_evaluator_counts (layer_id, evaluator_id, judged)
  SELECT m.layer_id, v.evaluator_id, count(*)
  FROM layer_members m JOIN (SELECT DISTINCT evaluator_id, comparison_id FROM judgments WHERE retracted_at IS NULL AND repeat_of IS NULL) v
    ON v.comparison_id = m.comparison_id
  GROUP BY m.layer_id, v.evaluator_id;

CREATE TABLE queue_watermarks (
  evaluator_id TEXT NOT NULL REFERENCES evaluators(id),
  scope TEXT NOT NULL, -- '' for the whole store, else a run layer's id
  through INTEGER NOT NULL DEFAULT 0, -- every comparison of the scope with rowid <= through has a live verdict by the evaluator
  PRIMARY KEY (evaluator_id, scope)
) WITHOUT ROWID;

CREATE TABLE evaluator_counts (evaluator_id TEXT PRIMARY KEY REFERENCES evaluators(id), judgments INTEGER NOT NULL DEFAULT 0) WITHOUT ROWID;
CREATE TABLE dataset_judgments (dataset_id TEXT PRIMARY KEY REFERENCES datasets(id), judgments INTEGER NOT NULL DEFAULT 0) WITHOUT ROWID;
INSERT INTO dataset_judgments SELECT dataset_id, count(*) FROM judgments WHERE retracted_at IS NULL AND dataset_id IS NOT NULL GROUP BY dataset_id;
INSERT INTO evaluator_counts SELECT evaluator_id, count(*) FROM judgments WHERE retracted_at IS NULL GROUP BY evaluator_id;

CREATE TRIGGER judgments_count_insert AFTER INSERT ON judgments WHEN NEW.retracted_at IS NULL BEGIN
  ${liveJudgment('NEW', 1)}
END;
CREATE TRIGGER judgments_count_update AFTER UPDATE OF retracted_at, evaluator_id, dataset_id ON judgments BEGIN
  ${liveJudgment('OLD', -1)}
  ${liveJudgment('NEW', 1)}
END;
CREATE TRIGGER judgments_count_delete AFTER DELETE ON judgments WHEN OLD.retracted_at IS NULL BEGIN
  ${liveJudgment('OLD', -1)}
END;

CREATE TRIGGER judgments_layer_evaluator_insert AFTER INSERT ON judgments BEGIN
  ${ADD}
END;
-- Written for any change of the columns that decide (undo and bundles only ever set retracted_at): the old row stops
-- counting where nothing else keeps its comparison judged, the new row starts counting where nothing else did.
CREATE TRIGGER judgments_layer_evaluator_update AFTER UPDATE OF retracted_at, repeat_of, evaluator_id, comparison_id ON judgments BEGIN
  ${REMOVE}
  ${LOWER}
  ${ADD}
END;
CREATE TRIGGER judgments_layer_evaluator_delete AFTER DELETE ON judgments BEGIN
  ${REMOVE}
  ${LOWER}
END;
`;
