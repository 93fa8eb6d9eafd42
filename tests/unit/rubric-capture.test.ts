// Rubrics, capture side, through the contract: createRun's criteria (each bad input refused with its exact message,
// the criteria listed with the run), the rubric a queue item carries (the run filter's run, else the earliest run with
// criteria holding it, else none), submitJudgment's per-criterion rules (each refusal, nothing written), the rows
// stored, and undo giving the rubric and the drafts back.
import { describe, expect, it } from 'vitest';
import { useService } from '../helpers/api';
import { uploadSource } from '../helpers/store';

const s = useService();
const { call, value } = s;
const db = () => s.t.store.db;

const pairs = (n: number) => Array.from({ length: n }, (_, i) => ({ prompt: `p${i}`, response_a: `a${i}`, response_b: `b${i}`, layer: i % 2 }));
const all = [{ name: 'all', rule: { kind: 'length', minChars: 0 } }];
const odd = [{ name: 'odd', rule: { kind: 'field', layer: 1 } }];
const two = [
  { key: 'helpful', label: 'Helpfulness', description: 'Does it answer the question?' },
  { key: 'harmless', label: 'Harmlessness' },
];

async function setUp() {
  await value('importDataset', { source: uploadSource('r.jsonl', pairs(4)), format: 'rung' });
  const plain = await value('createRun', { name: 'Plain', layers: all });
  const first = await value('createRun', { name: 'A rubric', layers: all, criteria: two });
  const second = await value('createRun', { name: 'B rubric', layers: odd, criteria: [{ key: 'correct', label: 'Correctness' }] });
  const ada = await value('createEvaluator', { name: 'Ada' });
  return { plain, first, second, ada };
}

const refusal = async (method: string, params: unknown) => {
  const r = await call(method, params);
  expect(r.ok, JSON.stringify(params)).toBe(false);
  return r.ok ? null : r.error;
};

describe('a run with criteria', () => {
  it('is created with its criteria in order and lists them; a run without criteria has none', async () => {
    const { plain, first } = await setUp();
    expect(first.criteria).toEqual([
      { key: 'helpful', label: 'Helpfulness', description: 'Does it answer the question?' },
      { key: 'harmless', label: 'Harmlessness', description: '' },
    ]);
    expect(plain.criteria).toEqual([]);
    const runs = await value('listRuns');
    expect(runs.map((r: any) => [r.name, r.criteria.map((c: any) => c.key)])).toEqual([
      ['Plain', []],
      ['A rubric', ['helpful', 'harmless']],
      ['B rubric', ['correct']],
    ]);
    expect(db().prepare(`SELECT details FROM audit_log WHERE action = 'create' AND entity = 'run' AND entity_id = ?`).pluck().get(first.id)).toContain('"criteria":["helpful","harmless"]');
  });

  it('refuses each bad criterion with its message, and writes nothing', async () => {
    const create = (criteria: unknown) => refusal('createRun', { name: 'Bad', layers: all, criteria });
    const keyRule = 'a key of 1 to 32 characters: a lower-case letter, then lower-case letters, digits, _ or -';
    const cases: [unknown, string][] = [
      [[{ key: 'Helpful', label: 'x' }], `createRun: criteria.0.key: ${keyRule}`],
      [[{ key: '1st', label: 'x' }], `createRun: criteria.0.key: ${keyRule}`],
      [[{ key: 'a'.repeat(33), label: 'x' }], `createRun: criteria.0.key: ${keyRule}`],
      [[{ key: 'ok', label: 'x' }, { key: '', label: 'x' }], `createRun: criteria.1.key: ${keyRule}`],
      [[{ key: 'ok', label: '   ' }], 'createRun: criteria.0.label: a label of 1 to 80 characters'],
      [[{ key: 'ok', label: 'x'.repeat(81) }], 'createRun: criteria.0.label: a label of 1 to 80 characters'],
      [[{ key: 'ok', label: 'x', description: 'd'.repeat(501) }], 'createRun: criteria.0.description: at most 500 characters'],
      [[{ key: 'ok', label: 'x' }, { key: 'ok', label: 'y' }], 'createRun: criteria.1.key: "ok" is given twice: each criterion needs its own key'],
      [Array.from({ length: 9 }, (_, i) => ({ key: `c${i}`, label: `C${i}` })), 'createRun: criteria: at most 8 criteria'],
    ];
    for (const [criteria, message] of cases) expect(await create(criteria)).toMatchObject({ code: 'INVALID_PARAMS', message });
    expect(db().prepare('SELECT count(*) FROM runs').pluck().get()).toBe(0);
    expect(db().prepare('SELECT count(*) FROM run_criteria').pluck().get()).toBe(0);
    // 8 criteria and a label at the limits are fine; labels are trimmed
    const run = await value('createRun', { name: 'Eight', layers: all, criteria: Array.from({ length: 8 }, (_, i) => ({ key: `c${i}`, label: i ? `C${i}` : ` ${'x'.repeat(80)} ` })) });
    expect(run.criteria.map((c: any) => c.label.length)).toEqual([80, 2, 2, 2, 2, 2, 2, 2]);
  });
});

describe('the rubric of a queue item', () => {
  it("is the run filter's run's, else the earliest-created run with criteria holding it, else none", async () => {
    const { plain, first, second, ada } = await setUp();
    const rubrics = async (filter: object) =>
      (await value('nextComparisons', { evaluatorId: ada.id, count: 10, ...filter })).map((i: any) => [i.comparison.prompt, i.rubric?.runId ?? null]);
    // no filter: "A rubric" holds everything and was made before "B rubric"
    expect(await rubrics({})).toEqual(['p0', 'p1', 'p2', 'p3'].map((p) => [p, first.id]));
    expect(await rubrics({ runId: second.id })).toEqual([['p1', second.id], ['p3', second.id]]);
    expect(await rubrics({ runId: plain.id })).toEqual(['p0', 'p1', 'p2', 'p3'].map((p) => [p, null]));
    const [item] = await value('nextComparisons', { evaluatorId: ada.id, count: 1 });
    expect(item.rubric.criteria).toEqual(first.criteria);
  });

  it('is none where no run has criteria', async () => {
    await value('importDataset', { source: uploadSource('r.jsonl', pairs(2)), format: 'rung' });
    await value('createRun', { name: 'Plain', layers: all });
    const ada = await value('createEvaluator', { name: 'Ada' });
    const items = await value('nextComparisons', { evaluatorId: ada.id, count: 5 });
    expect(items.map((i: any) => i.rubric)).toEqual([null, null]);
  });
});

describe('a verdict under a rubric', () => {
  it('stores one row per criterion, the judgment keeping the first as its own; undo gives back the rubric and the drafts', async () => {
    const { first, ada } = await setUp();
    const [item] = await value('nextComparisons', { evaluatorId: ada.id, count: 1 });
    const criteria = [
      { criterion: 'harmless', choice: 'tie' },
      { criterion: 'helpful', choice: 'B', strength: 2 },
    ];
    const ack = await value('submitJudgment', { comparisonId: item.comparison.id, evaluatorId: ada.id, choice: 'B', strength: 2, leftSide: item.leftSide, rubricRunId: first.id, criteria });
    expect(db().prepare('SELECT choice, strength FROM judgments WHERE id = ?').get(ack.id)).toEqual({ choice: 'B', strength: 2 });
    expect(db().prepare('SELECT run_id AS runId, criterion, choice, strength FROM judgment_criteria WHERE judgment_id = ? ORDER BY criterion').all(ack.id)).toEqual([
      { runId: first.id, criterion: 'harmless', choice: 'tie', strength: null },
      { runId: first.id, criterion: 'helpful', choice: 'B', strength: 2 },
    ]);
    const undone = await value('undoLastJudgment', { evaluatorId: ada.id });
    expect(undone.item.rubric).toEqual({ runId: first.id, criteria: first.criteria });
    expect(undone.criteria).toEqual([
      { criterion: 'helpful', choice: 'B', strength: 2 },
      { criterion: 'harmless', choice: 'tie', strength: null },
    ]);
    // the retracted judgment keeps its rows; judged again, the new one has its own
    const again = await value('submitJudgment', {
      comparisonId: item.comparison.id, evaluatorId: ada.id, choice: 'A', leftSide: item.leftSide,
      criteria: [{ criterion: 'helpful', choice: 'A' }, { criterion: 'harmless', choice: 'A' }],
    });
    expect(db().prepare('SELECT judgment_id, count(*) AS n FROM judgment_criteria GROUP BY judgment_id ORDER BY judgment_id').all()).toEqual(
      [{ judgment_id: ack.id, n: 2 }, { judgment_id: again.id, n: 2 }].sort((a, b) => a.judgment_id.localeCompare(b.judgment_id)),
    );
  });

  it('refuses each broken rule with its message, and writes nothing', async () => {
    const { plain, second, ada } = await setUp();
    const items = await value('nextComparisons', { evaluatorId: ada.id, count: 4 });
    const even = items.find((i: any) => i.comparison.prompt === 'p0');
    const base = { comparisonId: even.comparison.id, evaluatorId: ada.id, leftSide: even.leftSide };
    const both = [{ criterion: 'helpful', choice: 'A' }, { criterion: 'harmless', choice: 'B' }];
    const cases: [Record<string, unknown>, string, string][] = [
      [{ choice: 'A' }, 'INVALID_PARAMS', 'criteria: no verdict on "helpful": run "A rubric" asks for one on each of its criteria (helpful, harmless)'],
      [{ choice: 'A', criteria: [both[0]] }, 'INVALID_PARAMS', 'criteria: no verdict on "harmless": run "A rubric" asks for one on each of its criteria (helpful, harmless)'],
      [{ choice: 'A', criteria: [...both, { criterion: 'correct', choice: 'A' }] }, 'INVALID_PARAMS', 'criteria.2.criterion: "correct" is not a criterion of run "A rubric" (its criteria: helpful, harmless)'],
      [{ choice: 'A', criteria: [both[0], both[0], both[1]] }, 'INVALID_PARAMS', 'criteria.1.criterion: "helpful" is given twice'],
      [{ choice: 'B', criteria: both }, 'INVALID_PARAMS', 'choice: must be the verdict on the first criterion "helpful" (A), got B'],
      [{ choice: 'A', strength: 3, criteria: both }, 'INVALID_PARAMS', 'strength: must be the strength on the first criterion "helpful" (none), got 3'],
      [{ choice: 'skip', criteria: both }, 'INVALID_PARAMS', 'criteria: a skip carries no criteria verdicts (it skips the whole comparison)'],
      [{ choice: 'A', rubricRunId: plain.id, criteria: both }, 'INVALID_PARAMS', 'criteria.0.criterion: this comparison is judged without a rubric (run "Plain" has no criteria): give the verdict without criteria'],
      [{ choice: 'A', rubricRunId: second.id, criteria: both }, 'INVALID_PARAMS', `rubricRunId: run "B rubric" does not hold comparison ${even.comparison.id}`],
      [{ choice: 'A', rubricRunId: ada.id, criteria: both }, 'NOT_FOUND', `rubricRunId: no run with id ${ada.id}`],
      [{ choice: 'A', criteria: [{ criterion: 'Helpful', choice: 'A' }] }, 'INVALID_PARAMS', 'submitJudgment: criteria.0.criterion: a key of 1 to 32 characters: a lower-case letter, then lower-case letters, digits, _ or -'],
    ];
    for (const [extra, code, message] of cases) expect(await refusal('submitJudgment', { ...base, ...extra })).toMatchObject({ code, message });
    expect(db().prepare('SELECT count(*) FROM judgments').pluck().get()).toBe(0);
    // judged in the plain run, or skipped: no criteria, none stored
    await value('submitJudgment', { ...base, choice: 'A', rubricRunId: plain.id });
    const odd = items.find((i: any) => i.comparison.prompt === 'p1');
    await value('submitJudgment', { comparisonId: odd.comparison.id, evaluatorId: ada.id, leftSide: odd.leftSide, choice: 'skip' });
    expect(db().prepare('SELECT count(*) FROM judgments').pluck().get()).toBe(2);
    expect(db().prepare('SELECT count(*) FROM judgment_criteria').pluck().get()).toBe(0);
  });

  it('refuses criteria on a comparison no run with criteria holds', async () => {
    await value('importDataset', { source: uploadSource('r.jsonl', pairs(1)), format: 'rung' });
    const ada = await value('createEvaluator', { name: 'Ada' });
    const [item] = await value('nextComparisons', { evaluatorId: ada.id, count: 1 });
    expect(await refusal('submitJudgment', { comparisonId: item.comparison.id, evaluatorId: ada.id, leftSide: item.leftSide, choice: 'A', criteria: [{ criterion: 'helpful', choice: 'A' }] })).toMatchObject({
      code: 'INVALID_PARAMS',
      message: 'criteria.0.criterion: this comparison is judged without a rubric (no run with criteria holds it): give the verdict without criteria',
    });
  });
});
