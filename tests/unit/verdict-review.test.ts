// Reviewing one's own verdicts and changing one (issue #18) through the contract: listOwnVerdicts pages the standing
// verdicts newest first with what the Compare page's review shows; retractJudgment retracts one of them as undo does
// (audited, rationale kept, counts and queue right) and refuses, with exact messages, what cannot be changed.
import { describe, expect, it } from 'vitest';
import { submitJudgment } from '../../electron/core/db/judgment-writes';
import { useService } from '../helpers/api';
import { uploadSource } from '../helpers/store';

const s = useService();
const { call, value } = s;

async function setup(n: number, judgments: { evaluator: string; choice: 'A' | 'B' }[] = []) {
  const rows = Array.from({ length: n }, (_, i) => ({ prompt: `p${i}`, response_a: `a${i}`, response_b: `b${i}`, ...(i === 0 && judgments.length ? { judgments } : {}) }));
  await value('importDataset', { source: uploadSource('r.jsonl', rows), format: 'rung' });
  await value('updateSettings', { positionCheckShare: 0 });
  return (await value('createEvaluator', { name: 'Ada' })).id as string;
}

/** Judges the evaluator's next comparison; returns the item and the stored judgment's id. */
async function judgeNext(evaluatorId: string, choice: 'A' | 'B' | 'tie' | 'skip', extra: Record<string, unknown> = {}) {
  const [item] = await value('nextComparisons', { evaluatorId, count: 1 });
  const { id } = await value('submitJudgment', { comparisonId: item.comparison.id, evaluatorId, choice, leftSide: item.leftSide, ...(item.repeatOf ? { repeatOf: item.repeatOf } : {}), ...extra });
  return { item, id: id as string };
}

const audit = (entityId: string) =>
  s.t.store.db.prepare(`SELECT action, details FROM audit_log WHERE entity = 'judgment' AND entity_id = ? ORDER BY rowid`).all(entityId) as { action: string; details: string }[];
const liveCount = (evaluatorId: string) => s.t.store.db.prepare('SELECT judgments FROM evaluator_counts WHERE evaluator_id = ?').pluck().get(evaluatorId);

describe('listOwnVerdicts', () => {
  it('pages the standing verdicts newest first, with texts, the side shown left, verdict, strength, rationale and time', async () => {
    const ada = await setup(4);
    const first = await judgeNext(ada, 'A', { strength: 2, rationale: 'clearer', durationMs: 1500 });
    const second = await judgeNext(ada, 'tie');
    await judgeNext(ada, 'skip');
    await value('undoLastJudgment', { evaluatorId: ada }); // the skip no longer stands
    const page = await value('listOwnVerdicts', { evaluatorId: ada, limit: 1 });
    expect(page.total).toBe(2);
    expect(page.rows).toEqual([
      {
        judgmentId: second.id,
        comparison: second.item.comparison,
        leftSide: second.item.leftSide,
        choice: 'tie',
        strength: null,
        rationale: null,
        durationMs: null,
        marks: [],
        criteria: [],
        createdAt: expect.any(String),
        changeRefusal: null,
      },
    ]);
    const next = await value('listOwnVerdicts', { evaluatorId: ada, offset: 1 });
    expect(next.rows.map((r: { judgmentId: string }) => r.judgmentId)).toEqual([first.id]);
    expect(next.rows[0]).toMatchObject({ leftSide: first.item.leftSide, choice: 'A', strength: 2, rationale: 'clearer', durationMs: 1500, comparison: { prompt: first.item.comparison.prompt } });
  });

  it("lists each segment mark with its segment's text from the assistance stored with the verdict", async () => {
    const ada = await setup(1);
    const [item] = await value('nextComparisons', { evaluatorId: ada, count: 1 });
    // Written below the contract: assistance needs a run layer and a model, which this test does not need.
    submitJudgment(s.t.store.db, {
      comparisonId: item.comparison.id,
      evaluatorId: ada,
      choice: 'B',
      leftSide: item.leftSide,
      assistance: { mode: 'assisted', segments: { A: [{ start: 0, end: 1 }], B: [{ start: 0, end: 2 }] } },
      subJudgments: [{ side: 'B', segment: 0, verdict: 'wrong' }, { side: 'A', segment: 3, verdict: 'unsure' }],
    });
    const { rows } = await value('listOwnVerdicts', { evaluatorId: ada });
    expect(rows[0].marks).toEqual([
      { side: 'B', segment: 0, verdict: 'wrong', text: 'b0' },
      { side: 'A', segment: 3, verdict: 'unsure', text: '' },
    ]);
  });

  it('refuses an unknown evaluator and bad paging', async () => {
    await setup(1);
    const nobody = '0123abcd-0000-4000-8000-000000000000';
    expect(await call('listOwnVerdicts', { evaluatorId: nobody })).toMatchObject({ ok: false, error: { code: 'NOT_FOUND' } });
    expect(await call('listOwnVerdicts', { evaluatorId: nobody, limit: 51 })).toMatchObject({ ok: false, error: { code: 'INVALID_PARAMS' } });
  });
});

describe('retractJudgment', () => {
  it('retracts an older verdict as undo does: audited as a change, rationale returned, counted no more, back in the queue', async () => {
    const ada = await setup(3);
    const first = await judgeNext(ada, 'B', { rationale: 'B explains the step' });
    const second = await judgeNext(ada, 'A');
    expect(liveCount(ada)).toBe(2);
    const changed = await value('retractJudgment', { evaluatorId: ada, judgmentId: first.id });
    expect(changed).toMatchObject({ judgmentId: first.id, rationale: 'B explains the step', item: { kind: 'returned', leftSide: first.item.leftSide, comparison: first.item.comparison, assistance: null } });
    expect(audit(first.id)).toEqual([
      { action: 'judge', details: JSON.stringify({ comparisonId: first.item.comparison.id, choice: 'B' }) },
      { action: 'retract', details: JSON.stringify({ comparisonId: first.item.comparison.id, choice: 'B', reason: 'change' }) },
    ]);
    expect(liveCount(ada)).toBe(1);
    expect((await value('listOwnVerdicts', { evaluatorId: ada })).rows.map((r: { judgmentId: string }) => r.judgmentId)).toEqual([second.id]);
    // The queue serves it again (the watermark moved back), and a new verdict on it stands.
    const queue = await value('nextComparisons', { evaluatorId: ada, count: 5 });
    expect(queue.map((i: { comparison: { id: string } }) => i.comparison.id)).toContain(first.item.comparison.id);
    await value('submitJudgment', { comparisonId: first.item.comparison.id, evaluatorId: ada, choice: 'A', leftSide: first.item.leftSide });
    expect(liveCount(ada)).toBe(2);
    // Undo still takes back the latest: the new verdict.
    expect(await value('undoLastJudgment', { evaluatorId: ada })).toMatchObject({ item: { comparison: { id: first.item.comparison.id } } });
  });

  it('refuses, with exact messages, what cannot be changed, and changes nothing', async () => {
    const ada = await setup(3);
    const bo = (await value('createEvaluator', { name: 'Bo' })).id as string;
    const mine = await judgeNext(ada, 'A');
    const refused = async (evaluatorId: string, judgmentId: string) => (await call('retractJudgment', { evaluatorId, judgmentId })) as { ok: false; error: { code: string; message: string } };
    expect(await refused(bo, mine.id)).toMatchObject({ ok: false, error: { code: 'CONFLICT', message: `judgment ${mine.id} is not Bo's verdict: only its evaluator can change it` } });
    const unknown = '0123abcd-0000-4000-8000-000000000000';
    expect(await refused(ada, unknown)).toMatchObject({ ok: false, error: { code: 'NOT_FOUND', message: `no judgment with id ${unknown}` } });
    expect(await call('retractJudgment', { evaluatorId: ada })).toMatchObject({ ok: false, error: { code: 'INVALID_PARAMS' } });
    await value('retractJudgment', { evaluatorId: ada, judgmentId: mine.id });
    // Already retracted (say, in another window).
    expect(await refused(ada, mine.id)).toMatchObject({
      ok: false,
      error: { code: 'CONFLICT', message: 'this verdict was already retracted (undone or changed, perhaps in another window): there is nothing to change' },
    });
    expect(audit(mine.id).filter((a) => a.action === 'retract')).toHaveLength(1);
  });

  it('refuses an imported verdict and a relabel answer, and says so in the review list beforehand', async () => {
    await setup(2, [{ evaluator: 'ann', choice: 'A' }, { evaluator: 'bob', choice: 'B' }]);
    await value('runChecks');
    const ann = (await value('listEvaluators')).find((e: { name: string }) => e.name === 'ann').id as string;
    const [imported] = (await value('listOwnVerdicts', { evaluatorId: ann })).rows;
    const importedRefusal = 'this verdict was imported, not given on the Compare page: it cannot be changed here';
    expect(imported.changeRefusal).toBe(importedRefusal);
    expect(await call('retractJudgment', { evaluatorId: ann, judgmentId: imported.judgmentId })).toMatchObject({ ok: false, error: { code: 'CONFLICT', message: importedRefusal } });

    const [flag] = (await value('listFlags', {})).rows;
    await value('updateFlag', { id: flag.id, action: 'request-relabel', actor: 'Rae', relabelEvaluatorId: ann });
    const answer = await judgeNext(ann, 'B');
    expect(answer.item.kind).toBe('relabel');
    const relabelRefusal = 'this verdict answered a relabel request: it cannot be changed (undo it while it is your latest verdict)';
    expect((await value('listOwnVerdicts', { evaluatorId: ann })).rows[0]).toMatchObject({ judgmentId: answer.id, changeRefusal: relabelRefusal });
    expect(await call('retractJudgment', { evaluatorId: ann, judgmentId: answer.id })).toMatchObject({ ok: false, error: { code: 'CONFLICT', message: relabelRefusal } });
  });

  it('refuses a position-check repeat and the verdict it repeated', async () => {
    const ada = await setup(40);
    await value('updateSettings', { positionCheckShare: 0.5 });
    let repeat: Awaited<ReturnType<typeof judgeNext>> | undefined;
    for (let i = 0; i < 40 && !repeat; i++) {
      const judged = await judgeNext(ada, 'A');
      if (judged.item.kind === 'position-check') repeat = judged;
    }
    expect(repeat).toBeDefined();
    const repeatRefusal = 'this verdict answered a position check (the comparison shown again with its sides swapped): it cannot be changed';
    expect(await call('retractJudgment', { evaluatorId: ada, judgmentId: repeat!.id })).toMatchObject({ ok: false, error: { code: 'CONFLICT', message: repeatRefusal } });
    expect(await call('retractJudgment', { evaluatorId: ada, judgmentId: repeat!.item.repeatOf })).toMatchObject({
      ok: false,
      error: { code: 'CONFLICT', message: 'its position check has been answered since: this verdict cannot be changed' },
    });
  });
});
