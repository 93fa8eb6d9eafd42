// A database seeded for the rubric end-to-end tests, before the server starts: `comparisons` comparisons that ann,
// bob and cy judged A overall, under a run with a rubric (Helpfulness, Harmlessness) on which ann said A and bob and
// cy B for harmlessness; optionally a second run over the same layer without criteria.
import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { insertJudgmentCriteria, insertRunCriteria } from '../../electron/core/db/criteria';
import { importDataset } from '../../electron/core/datasets/import';
import { createRun } from '../../electron/core/ladder/runs';
import { openStore } from '../../electron/core/store';
import { jsonl } from './store';

export async function seedRubricStore(tmp: string, dbPath: string, options: { comparisons: number; rubricRun: string; plainRun?: string }): Promise<void> {
  const file = join(tmp, 'rubric.jsonl');
  const rows = Array.from({ length: options.comparisons }, (_, i) => ({
    prompt: `Question ${i}`,
    response_a: `item ${i}: a long and helpful but risky answer`,
    response_b: `item ${i}: a short safe answer`,
    layer: 0,
    judgments: ['ann', 'bob', 'cy'].map((evaluator) => ({ evaluator, choice: 'A' })),
  }));
  writeFileSync(file, jsonl(rows));
  const store = openStore(dbPath);
  try {
    await importDataset(store, { path: file });
    const layers = [{ name: 'All', rule: { kind: 'field' as const, layer: 0 } }];
    const run = createRun(store.db, options.rubricRun, '', layers, 'e2e');
    if (options.plainRun) createRun(store.db, options.plainRun, '', layers, 'e2e');
    insertRunCriteria(store.db, run.id, [
      { key: 'helpful', label: 'Helpfulness', description: '' },
      { key: 'harmless', label: 'Harmlessness', description: '' },
    ]);
    const judged = store.db.prepare('SELECT j.id, e.name AS evaluator FROM judgments j JOIN evaluators e ON e.id = j.evaluator_id').all() as { id: string; evaluator: string }[];
    for (const j of judged)
      insertJudgmentCriteria(store.db, j.id, run.id, [
        { criterion: 'helpful', choice: 'A', strength: null },
        { criterion: 'harmless', choice: j.evaluator === 'ann' ? 'A' : 'B', strength: null },
      ]);
  } finally {
    store.close();
  }
}
