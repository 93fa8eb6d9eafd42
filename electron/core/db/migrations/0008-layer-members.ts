// Migration 0008: run layers keep their members and counts instead of recomputing them on every call.
// comparisons.response_chars stores the length rule's measure (both responses' characters); layer_members holds
// each layer's comparisons, extended past layers.members_through (a comparison rowid) as new comparisons arrive;
// layer_counts holds each layer's comparisons and live human verdicts, kept current by the triggers below.
// Two indexes answer the pages' small questions without walking the store: each evaluator's live verdicts (count,
// latest) and which layer values the data has.
export const sql = `
CREATE INDEX judgments_evaluator_live ON judgments(evaluator_id, origin, created_at) WHERE retracted_at IS NULL;
CREATE INDEX comparisons_layer ON comparisons(layer) WHERE layer IS NOT NULL;
ALTER TABLE comparisons ADD COLUMN response_chars INTEGER;
UPDATE comparisons SET response_chars = (SELECT length(ra.text) + length(rb.text) FROM responses ra, responses rb
  WHERE ra.id = comparisons.response_a_id AND rb.id = comparisons.response_b_id);
-- Any writer that leaves it out (the importer sets it in bulk) gets it filled in.
CREATE TRIGGER comparisons_response_chars AFTER INSERT ON comparisons WHEN NEW.response_chars IS NULL BEGIN
  UPDATE comparisons SET response_chars = (SELECT length(ra.text) + length(rb.text) FROM responses ra, responses rb
    WHERE ra.id = NEW.response_a_id AND rb.id = NEW.response_b_id) WHERE rowid = NEW.rowid;
END;

ALTER TABLE layers ADD COLUMN members_through INTEGER NOT NULL DEFAULT 0; -- comparisons up to this rowid are sorted in
CREATE TABLE layer_members (
  layer_id TEXT NOT NULL REFERENCES layers(id),
  position INTEGER NOT NULL, -- the comparison's rowid: a layer's members read back in store order
  comparison_id TEXT NOT NULL REFERENCES comparisons(id),
  PRIMARY KEY (layer_id, position)
) WITHOUT ROWID;
CREATE INDEX layer_members_comparison ON layer_members(comparison_id, layer_id);
CREATE TABLE layer_counts (
  layer_id TEXT PRIMARY KEY REFERENCES layers(id),
  comparisons INTEGER NOT NULL DEFAULT 0,
  human_judgments INTEGER NOT NULL DEFAULT 0 -- verdicts by human evaluators, not retracted, not skips
) WITHOUT ROWID;

-- A verdict counts in its comparison's layers while it is a human's, live and not a skip.
CREATE TRIGGER judgments_layer_count_insert AFTER INSERT ON judgments
WHEN NEW.retracted_at IS NULL AND NEW.choice <> 'skip' AND EXISTS (SELECT 1 FROM evaluators e WHERE e.id = NEW.evaluator_id AND e.kind = 'human')
BEGIN
  UPDATE layer_counts SET human_judgments = human_judgments + 1
    WHERE layer_id IN (SELECT layer_id FROM layer_members WHERE comparison_id = NEW.comparison_id);
END;
CREATE TRIGGER judgments_layer_count_update AFTER UPDATE OF retracted_at, choice, evaluator_id, comparison_id ON judgments BEGIN
  UPDATE layer_counts SET human_judgments = human_judgments - 1
    WHERE OLD.retracted_at IS NULL AND OLD.choice <> 'skip' AND EXISTS (SELECT 1 FROM evaluators e WHERE e.id = OLD.evaluator_id AND e.kind = 'human')
      AND layer_id IN (SELECT layer_id FROM layer_members WHERE comparison_id = OLD.comparison_id);
  UPDATE layer_counts SET human_judgments = human_judgments + 1
    WHERE NEW.retracted_at IS NULL AND NEW.choice <> 'skip' AND EXISTS (SELECT 1 FROM evaluators e WHERE e.id = NEW.evaluator_id AND e.kind = 'human')
      AND layer_id IN (SELECT layer_id FROM layer_members WHERE comparison_id = NEW.comparison_id);
END;
CREATE TRIGGER judgments_layer_count_delete AFTER DELETE ON judgments
WHEN OLD.retracted_at IS NULL AND OLD.choice <> 'skip' AND EXISTS (SELECT 1 FROM evaluators e WHERE e.id = OLD.evaluator_id AND e.kind = 'human')
BEGIN
  UPDATE layer_counts SET human_judgments = human_judgments - 1
    WHERE layer_id IN (SELECT layer_id FROM layer_members WHERE comparison_id = OLD.comparison_id);
END;
`;
