// Migration 0019: a layer's kept count of human verdicts (layer_counts.human_judgments, shown on the Ladder page)
// counts what the Queue page and the layer metrics call human labels: usable verdicts (usable_verdicts: live, A, B
// or tie, not excluded from training, not a position check's repeat) by evaluators of kind human. It counted
// repeats and excluded verdicts too, so one layer showed two numbers for one word. The triggers now follow
// exclusion and repeats as well, and the counts are recounted.
const USABLE = (row: 'NEW' | 'OLD') =>
  `${row}.retracted_at IS NULL AND ${row}.choice IN ('A', 'B', 'tie') AND ${row}.excluded_at IS NULL AND ${row}.repeat_of IS NULL
   AND EXISTS (SELECT 1 FROM evaluators e WHERE e.id = ${row}.evaluator_id AND e.kind = 'human')`;

const MEMBER_LAYERS = (row: 'NEW' | 'OLD') => `layer_id IN (SELECT layer_id FROM layer_members WHERE comparison_id = ${row}.comparison_id)`;

export const sql = `
DROP TRIGGER judgments_layer_count_insert;
DROP TRIGGER judgments_layer_count_update;
DROP TRIGGER judgments_layer_count_delete;

CREATE TRIGGER judgments_layer_count_insert AFTER INSERT ON judgments WHEN ${USABLE('NEW')} BEGIN
  UPDATE layer_counts SET human_judgments = human_judgments + 1 WHERE ${MEMBER_LAYERS('NEW')};
END;
CREATE TRIGGER judgments_layer_count_update AFTER UPDATE OF retracted_at, choice, evaluator_id, comparison_id, excluded_at, repeat_of ON judgments BEGIN
  UPDATE layer_counts SET human_judgments = human_judgments - 1 WHERE ${USABLE('OLD')} AND ${MEMBER_LAYERS('OLD')};
  UPDATE layer_counts SET human_judgments = human_judgments + 1 WHERE ${USABLE('NEW')} AND ${MEMBER_LAYERS('NEW')};
END;
CREATE TRIGGER judgments_layer_count_delete AFTER DELETE ON judgments WHEN ${USABLE('OLD')} BEGIN
  UPDATE layer_counts SET human_judgments = human_judgments - 1 WHERE ${MEMBER_LAYERS('OLD')};
END;

UPDATE layer_counts SET human_judgments = (
  SELECT count(*) FROM layer_members m JOIN usable_verdicts v ON v.comparison_id = m.comparison_id
  JOIN evaluators e ON e.id = v.evaluator_id AND e.kind = 'human'
  WHERE m.layer_id = layer_counts.layer_id
);
`;
