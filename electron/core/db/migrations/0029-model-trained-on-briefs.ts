// Migration 0029: each model's trained_on record without its id lists (model_trained_on_briefs), which is what the
// Ladder page's model list reads: at a million comparisons a model's judgment and held-out ids run to megabytes of
// JSON, parsed on every listModels call before; the counts, split, criterion and evaluators it shows are a few hundred
// bytes. Kept by triggers, so every way a model arrives (training, a lab's scores, a work bundle) has its brief; a
// table apart from models, so bundles, which carry models rows column for column, are unchanged.
export const sql = `
CREATE TABLE model_trained_on_briefs (
  model_id TEXT PRIMARY KEY REFERENCES models(id) ON DELETE CASCADE,
  brief TEXT NOT NULL
);
INSERT INTO model_trained_on_briefs (model_id, brief)
  SELECT id, json_remove(trained_on, '$.judgmentIds', '$.heldOutComparisonIds', '$.heldOutJudgmentIds') FROM models;
CREATE TRIGGER models_trained_on_brief_insert AFTER INSERT ON models BEGIN
  INSERT OR REPLACE INTO model_trained_on_briefs (model_id, brief)
    VALUES (NEW.id, json_remove(NEW.trained_on, '$.judgmentIds', '$.heldOutComparisonIds', '$.heldOutJudgmentIds'));
END;
CREATE TRIGGER models_trained_on_brief_update AFTER UPDATE OF trained_on ON models BEGIN
  UPDATE model_trained_on_briefs SET brief = json_remove(NEW.trained_on, '$.judgmentIds', '$.heldOutComparisonIds', '$.heldOutJudgmentIds')
    WHERE model_id = NEW.id;
END;
`;
