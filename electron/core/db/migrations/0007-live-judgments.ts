// Migration 0007: the one definition of a judgment that counts, as two views every query reads instead of
// restating the rule. live_judgments: not undone (retracted_at IS NULL) — what counts, exports and the queue see.
// usable_verdicts: live A/B/tie verdicts, not excluded from training and not a position-check repeat — what
// consensus, training, calibration and label counts use. `seq` is the judgment's rowid (views have none), the
// order rows were written in. A view lists the judgments columns of its time: a migration that adds a column to
// judgments recreates both views.
export const sql = `
CREATE VIEW live_judgments AS
  SELECT rowid AS seq, * FROM judgments WHERE retracted_at IS NULL;
CREATE VIEW usable_verdicts AS
  SELECT * FROM live_judgments WHERE choice IN ('A', 'B', 'tie') AND excluded_at IS NULL AND repeat_of IS NULL;
`;
