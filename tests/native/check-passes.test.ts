// A full run of the checks reads the store a page of whole prompts at a time (checks/run.ts), and so do the model
// checks after a training, a page of their models' comparisons at a time: the flags they record (every field but the
// row's id and time) and their reports are the same whatever the page size — 7 comparisons, so that prompts of
// several comparisons, gold and consensus judgments fall across many pages, or one page for everything —
// on a planted ladder with layer models, a model outside any run, a run with a rubric and its criterion model, and
// verdict inconsistencies of every kind.
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { CHECK_PASS_SIZE, runChecks, runModelChecks } from '../../electron/core/checks/run';
import { insertJudgmentCriteria, insertRunCriteria } from '../../electron/core/db/criteria';
import { importDataset } from '../../electron/core/datasets/import';
import { createRun } from '../../electron/core/ladder/runs';
import { trainRung } from '../../electron/core/ladder/train-rung';
import { jsonl, tempStore, type TempStore } from '../helpers/store';
import { DIM, ladder, record } from '../helpers/planted-ladder';

let t: TempStore;
beforeEach(() => {
  t = tempStore();
});
afterEach(() => t.cleanup());

type J = { evaluator: string; choice: 'A' | 'B' | 'tie' };
/** An embedding per response text (the same text, the same embedding), so the models score these comparisons too. */
const embed = (text: string) => Array.from({ length: DIM }, (_, k) => Math.sin((text.charCodeAt(k % text.length) + 1) * (k + 1)));
const row = (prompt: string, a: string, b: string, judgments: J[]) => ({ prompt, response_a: a, response_b: b, layer: 0, embedding: { a: embed(a), b: embed(b) }, judgments });

/** Verdict inconsistencies on prompts of several comparisons: disagreement, a repeat answered otherwise, an
 *  evaluator's cycle and a consensus cycle. */
const inconsistent = [
  row('D', 'p', 'q', [{ evaluator: 'ann', choice: 'A' }, { evaluator: 'bob', choice: 'B' }]),
  row('D', 'p', 'r', [{ evaluator: 'ann', choice: 'A' }, { evaluator: 'bob', choice: 'A' }, { evaluator: 'cat', choice: 'tie' }]),
  row('S', 'p', 'q', [{ evaluator: 'dan', choice: 'A' }, { evaluator: 'dan', choice: 'B' }]),
  row('U', 'k', 'l', [{ evaluator: 'eve', choice: 'A' }]),
  row('U', 'l', 'm', [{ evaluator: 'eve', choice: 'A' }]),
  row('U', 'k', 'm', [{ evaluator: 'eve', choice: 'B' }]),
  row('V', 'f', 'g', [{ evaluator: 'ann', choice: 'A' }, { evaluator: 'bob', choice: 'A' }, { evaluator: 'cat', choice: 'B' }]),
  row('V', 'g', 'h', [{ evaluator: 'ann', choice: 'A' }, { evaluator: 'bob', choice: 'B' }, { evaluator: 'cat', choice: 'A' }]),
  row('V', 'f', 'h', [{ evaluator: 'ann', choice: 'A' }, { evaluator: 'bob', choice: 'B' }, { evaluator: 'cat', choice: 'B' }]),
];

async function seed() {
  await importDataset(t.store, { path: t.file('ladder.jsonl', jsonl([...ladder(true).map(record), ...inconsistent])) });
  const run = createRun(t.store.db, 'Synthetic ladder', '', [0, 1].map((layer) => ({ name: `L${layer}`, rule: { kind: 'field' as const, layer } })), 'test');
  await trainRung(t.store, { runId: run.id, layer: 0, holdout: 0, seed: 5, device: 'cpu', actor: 'test' });
  await trainRung(t.store, { runId: run.id, layer: 1, holdout: 0, seed: 6, device: 'cpu', actor: 'test' });
  await trainRung(t.store, { holdout: 0, seed: 7, device: 'cpu', actor: 'test' }); // the model outside any run
  // a second run over layer 0 with a rubric, on whose second criterion bob answers the other way, and its RM0 trained on it
  const rubric = createRun(t.store.db, 'Rubric', '', [{ name: 'L0', rule: { kind: 'field' as const, layer: 0 } }], 'test');
  insertRunCriteria(t.store.db, rubric.id, [
    { key: 'helpful', label: 'Helpfulness', description: '' },
    { key: 'harmless', label: 'Harmlessness', description: '' },
  ]);
  const flip = { A: 'B', B: 'A', tie: 'tie' } as const;
  const judgments = t.store.db.prepare('SELECT j.id, j.choice, e.name FROM judgments j JOIN evaluators e ON e.id = j.evaluator_id').all() as { id: string; choice: J['choice']; name: string }[];
  for (const j of judgments)
    insertJudgmentCriteria(t.store.db, j.id, rubric.id, [
      { criterion: 'helpful', choice: j.choice, strength: null },
      { criterion: 'harmless', choice: j.name === 'bob' ? flip[j.choice] : j.choice, strength: null },
    ]);
  await trainRung(t.store, { runId: rubric.id, layer: 0, criterion: 'harmless', holdout: 0, seed: 8, device: 'cpu', actor: 'test' });
}

/** The recorded flags, every field but the row's id and creation time, in dedupe-key order. */
const flags = () =>
  t.store.db
    .prepare('SELECT kind, dedupe_key, severity, comparison_id, evidence, evaluator_ids, model_ids, status, notes FROM flags ORDER BY dedupe_key')
    .all() as Record<string, unknown>[];

/** A full run of the checks at this page size (or the model checks of these models alone): its report (less what
 *  depends on the flags already recorded) and flags. */
async function checkedAt(passSize: number, modelIds?: string[]) {
  t.store.db.prepare('DELETE FROM flags').run();
  const { added: _added, ...report } = await (modelIds ? runModelChecks(t.store, 'test', modelIds, passSize) : runChecks(t.store, 'test', undefined, passSize));
  return { report, flags: flags() };
}

describe('a full run of the checks, page by page', () => {
  it('records the same flags and reports the same, whatever the page size', async () => {
    await seed();
    const comparisons = t.store.db.prepare('SELECT count(*) FROM comparisons').pluck().get() as number;
    expect(comparisons).toBeGreaterThan(7 * 50);
    const whole = await checkedAt(comparisons + 1);
    expect(whole.report.failed).toEqual([]);
    for (const kind of ['evaluator-disagreement', 'self-inconsistency', 'intransitive-cycle', 'cross-layer', 'model-vs-human']) expect(whole.report.found[kind]).toBeGreaterThan(0);
    expect(whole.flags.some((f) => String(f.dedupe_key).includes(':criterion:'))).toBe(true);
    const paged = await checkedAt(7);
    expect(paged.flags).toEqual(whole.flags);
    expect(paged.report).toEqual(whole.report);
    expect(await checkedAt(CHECK_PASS_SIZE)).toEqual(whole);
  });

  it('the model checks after a training record the same flags and report the same, whatever the page size', async () => {
    await seed();
    const comparisons = t.store.db.prepare('SELECT count(*) FROM comparisons').pluck().get() as number;
    const modelOf = (where: string) => t.store.db.prepare(`SELECT id FROM models WHERE ${where} ORDER BY created_at DESC LIMIT 1`).pluck().get() as string;
    const rm1 = modelOf(`name LIKE 'Synthetic ladder RM1%'`);
    const plain = modelOf('run_id IS NULL');
    for (const [modelIds, kind] of [[[rm1], 'cross-layer'], [[plain], 'model-vs-human'], [[rm1, plain], 'model-vs-human']] as const) {
      const whole = await checkedAt(comparisons + 1, [...modelIds]);
      expect(whole.report.failed).toEqual([]);
      expect(whole.report.found[kind]).toBeGreaterThan(0);
      expect(await checkedAt(7, [...modelIds])).toEqual(whole);
      expect(await checkedAt(CHECK_PASS_SIZE, [...modelIds])).toEqual(whole);
    }
  });

  it('runs every check once on an empty store, each finding nothing', async () => {
    const report = await runChecks(t.store, 'test', undefined, 7);
    expect(report.failed).toEqual([]);
    expect(Object.values(report.found).every((n) => n === 0)).toBe(true);
    expect(report.ran).toEqual(['evaluator-disagreement', 'self-inconsistency', 'intransitive-cycle', 'segment-vs-overall', 'cross-layer', 'model-vs-human', 'drift']);
    expect(report.notes).toContain('no reward model trained yet: nothing to compare with people');
  });
});
