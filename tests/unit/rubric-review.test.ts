// Rubrics where verdicts are looked back at (#18): the Compare page's review (listOwnVerdicts) gives each verdict's
// verdicts per criterion with their labels, and changing one (retractJudgment) gives back the rubric and the drafts;
// the judgments behind an agreement number on a criterion (listJudgments with runId and criterion) are those with a
// verdict on it, each carrying it, with every bad scope refused naming its field; the flags CSV names a per-criterion
// flag's criterion.
import { describe, expect, it } from 'vitest';
import { runVerdictChecks } from '../../electron/core/checks/run';
import { insertJudgmentCriteria } from '../../electron/core/db/criteria';
import { useService } from '../helpers/api';
import { uploadSource } from '../helpers/store';

const s = useService();
const { call, value } = s;

const pairs = (n: number) => Array.from({ length: n }, (_, i) => ({ prompt: `p${i}`, response_a: `a${i}`, response_b: `b${i}`, layer: 0 }));
const all = [{ name: 'all', rule: { kind: 'length', minChars: 0 } }];
const rubric = [
  { key: 'helpful', label: 'Helpfulness' },
  { key: 'harmless', label: 'Harmlessness' },
];

/** Ada judges one comparison under the rubric (B clearly on helpful, a tie on harmless), then the other in the plain run. */
async function judged() {
  await value('importDataset', { source: uploadSource('r.jsonl', pairs(2)), format: 'rung' });
  const run = await value('createRun', { name: 'A rubric', layers: all, criteria: rubric });
  const plain = await value('createRun', { name: 'Plain', layers: all });
  const ada = await value('createEvaluator', { name: 'Ada' });
  const [first, second] = await value('nextComparisons', { evaluatorId: ada.id, runId: run.id, count: 2 });
  const criteria = [{ criterion: 'helpful', choice: 'B', strength: 2 }, { criterion: 'harmless', choice: 'tie' }];
  const onRubric = await value('submitJudgment', { comparisonId: first.comparison.id, evaluatorId: ada.id, choice: 'B', strength: 2, leftSide: first.leftSide, rubricRunId: run.id, criteria });
  const withoutOne = await value('submitJudgment', { comparisonId: second.comparison.id, evaluatorId: ada.id, choice: 'A', leftSide: second.leftSide, rubricRunId: plain.id });
  return { run, plain, ada, onRubric, withoutOne };
}

describe('the review of past verdicts under a rubric', () => {
  it('lists each verdict per criterion with its label, in rubric order; none for a verdict without a rubric', async () => {
    const { ada, onRubric, withoutOne } = await judged();
    const { rows } = await value('listOwnVerdicts', { evaluatorId: ada.id });
    expect(rows.map((r: { judgmentId: string }) => r.judgmentId)).toEqual([withoutOne.id, onRubric.id]);
    expect(rows[0].criteria).toEqual([]);
    expect(rows[1].criteria).toEqual([
      { criterion: 'helpful', label: 'Helpfulness', choice: 'B', strength: 2 },
      { criterion: 'harmless', label: 'Harmlessness', choice: 'tie', strength: null },
    ]);
  });

  it('changing a verdict gives back its rubric and its verdicts per criterion as the drafts; a bad change is refused', async () => {
    const { run, ada, onRubric, withoutOne } = await judged();
    const changed = await value('retractJudgment', { evaluatorId: ada.id, judgmentId: onRubric.id });
    expect(changed.item.rubric).toEqual({ runId: run.id, criteria: run.criteria });
    expect(changed.criteria).toEqual([
      { criterion: 'helpful', choice: 'B', strength: 2 },
      { criterion: 'harmless', choice: 'tie', strength: null },
    ]);
    const plain = await value('retractJudgment', { evaluatorId: ada.id, judgmentId: withoutOne.id });
    expect(plain.criteria).toEqual([]);
    expect(await call('retractJudgment', { evaluatorId: ada.id, judgmentId: onRubric.id })).toMatchObject({ ok: false, error: { code: 'CONFLICT', message: expect.stringContaining('already retracted') } });
    expect(await call('retractJudgment', { evaluatorId: ada.id, judgmentId: run.id })).toMatchObject({ ok: false, error: { code: 'NOT_FOUND', message: `no judgment with id ${run.id}` } });
  });
});

describe('the judgments behind an agreement number on a criterion', () => {
  it('are those with a verdict on it, each carrying that verdict; without a criterion, every judgment as before', async () => {
    const { run, ada, onRubric } = await judged();
    const onHarmless = await value('listJudgments', { evaluatorId: ada.id, runId: run.id, criterion: 'harmless' });
    expect(onHarmless.total).toBe(1);
    expect(onHarmless.rows).toHaveLength(1);
    expect(onHarmless.rows[0]).toMatchObject({ id: onRubric.id, choice: 'B', strength: 2, criterion: { key: 'harmless', label: 'Harmlessness', choice: 'tie', strength: null } });
    const onHelpful = await value('listJudgments', { evaluatorId: ada.id, runId: run.id, criterion: 'helpful' });
    expect(onHelpful.rows[0].criterion).toEqual({ key: 'helpful', label: 'Helpfulness', choice: 'B', strength: 2 });
    const every = await value('listJudgments', { evaluatorId: ada.id });
    expect(every.total).toBe(2);
    for (const row of every.rows) expect(row).not.toHaveProperty('criterion');
  });

  it('refuses a bad scope naming the field', async () => {
    const { run, plain, ada } = await judged();
    const refused = (params: Record<string, unknown>) => call('listJudgments', { evaluatorId: ada.id, ...params });
    expect(await refused({ runId: run.id })).toMatchObject({
      ok: false,
      error: { code: 'INVALID_PARAMS', message: 'listJudgments: runId: a run narrows the judgments only with a criterion of its rubric: give criterion too' },
    });
    expect(await refused({ criterion: 'harmless' })).toMatchObject({ ok: false, error: { code: 'INVALID_PARAMS', message: 'criterion: "harmless" needs a run (runId): criteria belong to a run\'s rubric' } });
    expect(await refused({ runId: run.id, criterion: 'honest' })).toMatchObject({
      ok: false,
      error: { code: 'NOT_FOUND', message: 'criterion: run "A rubric" has no criterion "honest" (its criteria: helpful, harmless)' },
    });
    expect(await refused({ runId: plain.id, criterion: 'harmless' })).toMatchObject({ ok: false, error: { code: 'INVALID_PARAMS', message: 'criterion: run "Plain" has no criteria (it was created without a rubric)' } });
    expect(await refused({ runId: ada.id, criterion: 'harmless' })).toMatchObject({ ok: false, error: { code: 'NOT_FOUND', message: `no run with id ${ada.id}` } });
    expect(await refused({ runId: run.id, criterion: 'Not A Key' })).toMatchObject({ ok: false, error: { code: 'INVALID_PARAMS', message: expect.stringContaining('listJudgments: criterion: ') } });
  });
});

describe('the flags CSV', () => {
  it("has a criterion column: a per-criterion flag's criterion label, empty for a flag on the judgments' own choices", async () => {
    const everyone = (q: string, ann: 'A' | 'B') => ({ prompt: q, response_a: `${q} a`, response_b: `${q} b`, layer: 0, judgments: ['ann', 'bob', 'cy', 'dee'].map((evaluator) => ({ evaluator, choice: evaluator === 'ann' ? ann : 'A' })) });
    // q1: everyone A overall, ann alone on harmless; q2: ann alone overall (no verdicts per criterion)
    await value('importDataset', { source: uploadSource('flags.jsonl', [everyone('q1', 'A'), everyone('q2', 'B')]) });
    const run = await value('createRun', { name: 'Rubric', layers: [{ name: 'L0', rule: { kind: 'field', layer: 0 } }], criteria: rubric });
    const db = s.t.store.db;
    const onQ1 = db
      .prepare(`SELECT j.id, e.name AS evaluator FROM judgments j JOIN evaluators e ON e.id = j.evaluator_id JOIN comparisons c ON c.id = j.comparison_id JOIN prompts p ON p.id = c.prompt_id WHERE p.text = 'q1'`)
      .all() as { id: string; evaluator: string }[];
    for (const j of onQ1) insertJudgmentCriteria(db, j.id, run.id, [{ criterion: 'helpful', choice: 'A', strength: null }, { criterion: 'harmless', choice: j.evaluator === 'ann' ? 'A' : 'B', strength: null }]);
    expect(runVerdictChecks(s.t.store).failed).toEqual([]);
    const idOf = (q: string) => db.prepare('SELECT c.id FROM comparisons c JOIN prompts p ON p.id = c.prompt_id WHERE p.text = ?').pluck().get(q);

    const csv = await value('exportFlags', { format: 'csv' });
    const [header, ...lines] = csv.content.split('\r\n').filter((l: string) => l !== '');
    const columns = header.split(',');
    expect(columns.at(-1)).toBe('criterion');
    const rows = lines.map((l: string) => l.split(','));
    const criterionOn = (q: string) => rows.filter((r: string[]) => r[columns.indexOf('comparisonId')] === idOf(q)).map((r: string[]) => r.at(-1));
    expect(criterionOn('q1')).toEqual(['Harmlessness']);
    expect(criterionOn('q2')).toEqual(['']);
    const jsonl = (await value('exportFlags', { format: 'jsonl' })).content.trim().split('\n').map((l: string) => JSON.parse(l));
    expect(jsonl.find((f: { comparisonId: string }) => f.comparisonId === idOf('q1')).criterion).toBe('Harmlessness');
  });
});
