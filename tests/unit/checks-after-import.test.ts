// The checks that run after an import examine that import's comparisons only: a disagreement left unchecked on an
// earlier import's comparison is not looked at (a full run finds it), while a cycle that spans the earlier and the new
// import's comparisons of one prompt is found, as is a problem within the new import.
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { dispatch } from '../../electron/api';
import { importScope, runChecks } from '../../electron/core/checks/run';
import { comparisonsOfPrompts, datasetPromptPages } from '../../electron/core/db/check-pages';
import { createHandlers } from '../../electron/core/service';
import { tempStore, type TempStore, uploadSource } from '../helpers/store';

let t: TempStore;
beforeEach(() => {
  t = tempStore();
});
afterEach(() => t.cleanup());

type J = { evaluator: string; choice: 'A' | 'B' | 'tie' };
const row = (id: string, prompt: string, a: string, b: string, judgments: J[]) => ({ id, prompt, response_a: a, response_b: b, judgments });

async function importRows(fileName: string, rows: unknown[]) {
  const handlers = createHandlers(t.store, { mode: 'browser', version: 'test' });
  const result = await dispatch(handlers, 'importDataset', { source: uploadSource(fileName, rows) });
  if (!result.ok) throw new Error(result.error.message);
  return result.value as { datasetId: string; comparisonsAdded: number; warnings: string[] };
}

/** The open flags, each as kind and the prompt of its comparison. */
const flagsByPrompt = () =>
  t.store.db
    .prepare(`SELECT f.kind, p.text AS prompt FROM flags f JOIN comparisons c ON c.id = f.comparison_id JOIN prompts p ON p.id = c.prompt_id WHERE f.status = 'open' ORDER BY f.kind, p.text`)
    .all();

describe('checks after a second import', () => {
  it('examine only its comparisons, yet find a cycle through an earlier import', async () => {
    // First import: ann prefers x to y on "Cycle"; ann and bob split on "Old split"; ann alone on "Old, later split".
    await importRows('first.jsonl', [
      row('a1', 'Cycle', 'x', 'y', [{ evaluator: 'ann', choice: 'A' }]),
      row('a2', 'Old split', 'p', 'q', [{ evaluator: 'ann', choice: 'A' }, { evaluator: 'bob', choice: 'B' }]),
      row('a3', 'Old, later split', 'r', 's', [{ evaluator: 'ann', choice: 'A' }]),
    ]);
    expect(flagsByPrompt()).toEqual([{ kind: 'evaluator-disagreement', prompt: 'Old split' }]);

    // Bob disagrees on an earlier comparison with no check run since: not what the next import added.
    const db = t.store.db;
    db.prepare(
      `INSERT INTO judgments (id, comparison_id, evaluator_id, choice, origin, created_at)
       SELECT '00000000-0000-4000-8000-00000000b0b0', c.id, e.id, 'B', 'ui', '2026-01-01T00:00:00Z'
       FROM comparisons c JOIN prompts p ON p.id = c.prompt_id, evaluators e WHERE p.text = 'Old, later split' AND e.name = 'bob'`,
    ).run();

    // Second import: ann's y ≻ z and z ≻ x close a cycle with her earlier x ≻ y; a new split on "New split".
    const second = await importRows('second.jsonl', [
      row('b1', 'Cycle', 'y', 'z', [{ evaluator: 'ann', choice: 'A' }]),
      row('b2', 'Cycle', 'z', 'x', [{ evaluator: 'ann', choice: 'A' }]),
      row('b3', 'New split', 'u', 'v', [{ evaluator: 'ann', choice: 'A' }, { evaluator: 'bob', choice: 'B' }]),
    ]);
    expect(second).toMatchObject({ comparisonsAdded: 3, warnings: [] });
    expect(flagsByPrompt()).toEqual([
      { kind: 'evaluator-disagreement', prompt: 'New split' },
      { kind: 'evaluator-disagreement', prompt: 'Old split' },
      { kind: 'intransitive-cycle', prompt: 'Cycle' },
    ]);
    const cycle = JSON.parse(db.prepare(`SELECT evidence FROM flags WHERE kind = 'intransitive-cycle'`).pluck().get() as string);
    expect(cycle).toMatchObject({ scope: 'evaluator', evaluator: 'ann' });
    expect(cycle.cycle).toHaveLength(3);

    // What the scoped run looked at: the second import's three comparisons; the cycle check saw the whole prompt.
    const scope = importScope(t.store, second.datasetId);
    expect(scope.comparisonIds.size).toBe(3);
    const scoped = await runChecks(t.store, 'test', scope);
    expect(scoped.found).toMatchObject({ 'evaluator-disagreement': 1, 'self-inconsistency': 0, 'intransitive-cycle': 1 });
    // It reads the import's prompts a page of whole prompts at a time: pages of one comparison find the same.
    expect((await runChecks(t.store, 'test', scope, 1)).found).toEqual(scoped.found);
    const pages = datasetPromptPages(db, second.datasetId, 1);
    expect(pages.map((page) => comparisonsOfPrompts(db, page).length).sort()).toEqual([1, 3]); // "Cycle" (3 comparisons, two imports), "New split"

    // A full run examines everything, and finds the earlier comparison's disagreement the scoped run left alone.
    const full = await runChecks(t.store, 'test');
    expect(full.found).toMatchObject({ 'evaluator-disagreement': 3, 'intransitive-cycle': 1 });
    expect(flagsByPrompt()).toContainEqual({ kind: 'evaluator-disagreement', prompt: 'Old, later split' });
  });

  it('examine comparisons an import shares with an earlier one, with the verdicts it added', async () => {
    await importRows('first.jsonl', [row('a1', 'Shared', 'x', 'y', [{ evaluator: 'ann', choice: 'A' }])]);
    // The same comparison again in another file, now with bob against ann: it is this import's too.
    const second = await importRows('second.jsonl', [row('a1', 'Shared', 'x', 'y', [{ evaluator: 'bob', choice: 'B' }])]);
    expect(second.comparisonsAdded).toBe(0);
    expect(importScope(t.store, second.datasetId).comparisonIds.size).toBe(1);
    expect(flagsByPrompt()).toEqual([{ kind: 'evaluator-disagreement', prompt: 'Shared' }]);
  });

  it('read the prompts of a large import in pages of whole prompts of about the pass size', async () => {
    const rows = Array.from({ length: 30 }, (_, i) => row(`r${i}`, `Prompt ${i % 12}`, `first ${i}`, `second ${i}`, [{ evaluator: 'ann', choice: 'A' }]));
    const imported = await importRows('many.jsonl', rows);
    const pages = datasetPromptPages(t.store.db, imported.datasetId, 7);
    const sizes = pages.map((page) => comparisonsOfPrompts(t.store.db, page).length);
    expect(sizes.reduce((a, b) => a + b, 0)).toBe(30); // every comparison once
    expect(sizes.slice(0, -1).every((n) => n >= 7 && n < 7 + 3)).toBe(true); // whole prompts (2 or 3 comparisons each) past the size
    expect(new Set(pages.flat()).size).toBe(12);
    // an import of nothing new still makes one (empty) pass
    expect(datasetPromptPages(t.store.db, 'no such dataset', 7)).toEqual([[]]);
  });
});
