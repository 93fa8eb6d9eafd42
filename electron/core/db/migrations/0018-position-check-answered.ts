// Migration 0018: position_checks.answered says whether a check has a live answer (a live judgment repeating its
// original), kept by triggers, so the queue's look for due checks walks the evaluator's open checks only. It walked
// every check they ever had, answered ones included, probing for an answer each time: about 1 ms of every
// nextComparisons for an evaluator with 800 checks behind them (50,000 verdicts at 5% would make it 3 ms).
const ANSWERED = (originalId: string) => `EXISTS (SELECT 1 FROM judgments r WHERE r.repeat_of = ${originalId} AND r.retracted_at IS NULL)`;

export const sql = `
ALTER TABLE position_checks ADD COLUMN answered INTEGER NOT NULL DEFAULT 0 CHECK (answered IN (0, 1));
UPDATE position_checks SET answered = ${ANSWERED('position_checks.original_judgment_id')};
DROP INDEX position_checks_evaluator;
CREATE INDEX position_checks_open ON position_checks(evaluator_id, answered, due_after);

CREATE TRIGGER position_check_answered AFTER INSERT ON judgments WHEN NEW.repeat_of IS NOT NULL AND NEW.retracted_at IS NULL BEGIN
  UPDATE position_checks SET answered = 1 WHERE original_judgment_id = NEW.repeat_of;
END;
CREATE TRIGGER position_check_answer_changed AFTER UPDATE OF retracted_at, repeat_of ON judgments
  WHEN OLD.repeat_of IS NOT NULL OR NEW.repeat_of IS NOT NULL BEGIN
  UPDATE position_checks SET answered = ${ANSWERED('position_checks.original_judgment_id')}
    WHERE original_judgment_id IN (OLD.repeat_of, NEW.repeat_of);
END;
-- a check received in a bundle after the answer it may already have
CREATE TRIGGER position_check_received AFTER INSERT ON position_checks BEGIN
  UPDATE position_checks SET answered = ${ANSWERED('NEW.original_judgment_id')} WHERE id = NEW.id;
END;
`;
