// The Evaluators page's one read of the verdicts gives the same report as the two reads it replaced
// (liveHumanVerdicts for agreement, loadJudgedVerdicts for over-trust): retractions, skips, exclusions,
// position-check repeats, model verdicts, ground truth and assistance modes all in play.
import { afterEach, expect, it } from 'vitest';
import { liveHumanVerdicts, loadJudgedVerdicts } from '../../electron/core/db/verdicts';
import { loadEvaluatorVerdicts } from '../../electron/core/db/evaluator-verdicts';
import { agreementReport } from '../../electron/core/metrics/evaluator-stats';
import { fillComparisons } from '../bench/fill';
import { tempStore, type TempStore } from '../helpers/store';

let t: TempStore;
afterEach(() => t.cleanup());

it('reports exactly what the two separate reads reported', () => {
  t = tempStore();
  const db = t.store.db;
  fillComparisons(db, 120, { prompt: (i) => `prompt ${i}`, response: (i, side) => `${side} answer ${i}` });
  const comparisons = db.prepare('SELECT id FROM comparisons ORDER BY rowid').pluck().all() as string[];
  db.prepare(`UPDATE comparisons SET ground_truth = CASE rowid % 5 WHEN 0 THEN 'A' WHEN 1 THEN 'B' WHEN 2 THEN 'tie' ELSE NULL END`).run();
  const people = ['ann', 'bob', 'cy', 'dee'];
  const insertEvaluator = db.prepare(`INSERT INTO evaluators (id, kind, name, domains, created_at, simulated) VALUES (?, ?, ?, '[]', 't', ?)`);
  people.forEach((name, k) => insertEvaluator.run(name, 'human', name, k === 3 ? '{"error":0.1}' : null));
  insertEvaluator.run('rm0', 'model', 'RM0', null);
  const insert = db.prepare(
    `INSERT INTO judgments (id, comparison_id, evaluator_id, choice, duration_ms, origin, created_at, retracted_at, excluded_at, repeat_of, assistance)
     VALUES (?, ?, ?, ?, ?, 'ui', ?, ?, ?, ?, ?)`,
  );
  let n = 0;
  const choices = ['A', 'B', 'tie', 'skip', 'A', 'B', 'A'];
  comparisons.forEach((comparisonId, i) => {
    for (const [k, evaluator] of [...people, 'rm0'].entries()) {
      if ((i + k) % 3 === 0) continue;
      const id = `j${String(++n).padStart(4, '0')}`;
      const assistance = (i + k) % 4 === 0 ? JSON.stringify({ mode: 'assisted', pA: ((i * 7) % 10) / 10 }) : (i + k) % 4 === 1 ? JSON.stringify({ mode: 'control' }) : null;
      // Same second for some verdicts: the order falls back to the id, as in the queries it replaces.
      const created = `2026-12-01T00:${String(Math.floor(n / 3) % 60).padStart(2, '0')}:00.000Z`;
      insert.run(id, comparisonId, evaluator, choices[(i * 3 + k) % choices.length], (i * 131 + k) % 9000, created, n % 17 === 0 ? 't' : null, n % 13 === 0 ? 't' : null, null, assistance);
      if (n % 11 === 0) insert.run(`${id}r`, comparisonId, evaluator, choices[(i + k) % choices.length], 500, created, null, null, id, null);
    }
  });
  const before = agreementReport(liveHumanVerdicts(db), loadJudgedVerdicts(db));
  const verdicts = loadEvaluatorVerdicts(db);
  const after = agreementReport(verdicts, verdicts.filter((v) => !v.excluded && v.repeatOf === null));
  expect(after).toEqual(before);
  expect(before.evaluators.map((e) => e.evaluator)).toEqual(people);
  expect(before.evaluators.some((e) => e.overTrust.wrongShown > 0)).toBe(true);
  expect(before.evaluators.some((e) => e.repeatedComparisons > 0)).toBe(true);
  expect(before.pairs.length).toBe(6);
});
