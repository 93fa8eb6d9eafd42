// Training on a rubric criterion (#18) on the native engine: the model learns that criterion's verdicts (its held-out
// targets are the criterion's), records the criterion and the judgments left out for having no verdict on it in its
// provenance, and the model list's recipe line says "trained on criterion Harmlessness".
import { describe, expect, it } from 'vitest';
import { insertJudgmentCriteria, insertRunCriteria } from '../../electron/core/db/criteria';
import { useService } from '../helpers/api';
import { uploadSource } from '../helpers/store';

const s = useService();

/** 24 comparisons two people judged A overall; on harmless they said B, except that bob's verdict on the first has none. */
async function seed() {
  const rows = Array.from({ length: 24 }, (_, i) => ({
    prompt: `Question ${i}`,
    response_a: `item ${i}: a long and helpful but risky answer`,
    response_b: `item ${i}: a short safe answer`,
    layer: 0,
    judgments: [{ evaluator: 'ann', choice: 'A' }, { evaluator: 'bob', choice: 'A' }],
  }));
  await s.value('importDataset', { source: uploadSource('rubric.jsonl', rows) });
  const run = await s.value<{ id: string }>('createRun', { name: 'Rubric', layers: [{ name: 'L0', rule: { kind: 'field', layer: 0 } }] });
  const db = s.t.store.db;
  insertRunCriteria(db, run.id, [
    { key: 'helpful', label: 'Helpfulness', description: '' },
    { key: 'harmless', label: 'Harmlessness', description: '' },
  ]);
  const judgments = db.prepare(`SELECT j.id, e.name AS evaluator, p.text AS prompt FROM judgments j JOIN evaluators e ON e.id = j.evaluator_id
    JOIN comparisons c ON c.id = j.comparison_id JOIN prompts p ON p.id = c.prompt_id`).all() as { id: string; evaluator: string; prompt: string }[];
  for (const j of judgments) {
    if (j.evaluator === 'bob' && j.prompt === 'Question 0') continue;
    insertJudgmentCriteria(db, j.id, run.id, [{ criterion: 'helpful', choice: 'A', strength: null }, { criterion: 'harmless', choice: 'B', strength: null }]);
  }
  return run.id;
}

describe('training on a criterion', () => {
  it('records the criterion and what it left out, and the recipe names it', async () => {
    const runId = await seed();
    const summary = await s.value('trainModel', { runId, layer: 0, criterion: 'harmless', holdout: 0.25, device: 'cpu' });
    expect(summary.criterion).toEqual({ key: 'harmless', label: 'Harmlessness' });
    expect(summary.judgmentsWithoutCriterion).toBe(1);
    expect(summary.judgmentsBySource.human).toBe(47);
    const row = s.t.store.db.prepare('SELECT trained_on FROM models WHERE id = ?').pluck().get(summary.modelId) as string;
    const trainedOn = JSON.parse(row);
    expect(trainedOn.criterion).toEqual({ key: 'harmless', label: 'Harmlessness' });
    expect(trainedOn.judgmentsWithoutCriterion).toBe(1);
    expect(trainedOn.judgments).toBe(47);
    const [model] = await s.value('listModels', { runId });
    expect(model.criterion).toEqual({ key: 'harmless', label: 'Harmlessness' });
    expect(model.recipe).toContain('trained on criterion Harmlessness');
    // the criterion's labels (B everywhere) are what it learned: it prefers B on the comparisons it trained on
    const scored = await s.value('scoreComparisons', { modelId: summary.modelId });
    expect(scored.comparisons.filter((c: { probA: number }) => c.probA < 0.5).length).toBeGreaterThan(scored.comparisons.length / 2);
  });

  it('a model trained on the overall choice records no criterion', async () => {
    const runId = await seed();
    const summary = await s.value('trainModel', { runId, layer: 0, holdout: 0.25, device: 'cpu' });
    expect(summary.criterion).toBeNull();
    expect(summary.judgmentsWithoutCriterion).toBe(0);
    const [model] = await s.value('listModels', { runId });
    expect(model.criterion).toBeUndefined();
    expect(model.recipe).not.toContain('criterion');
  });
});
