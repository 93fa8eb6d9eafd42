// The record browser's contract methods on a real store: every filter of listComparisons (text, dataset, run layer,
// the data's layer, metadata, evaluator, verdict), keyset paging without duplicates or gaps, a text search walked page
// by page under a small row budget, getComparison (datasets, layers, judgments with undone ones marked, flags, "no
// model"), and the refusals with their exact messages.
import { describe, expect, it } from 'vitest';
import { useService } from '../helpers/api';
import { uploadSource } from '../helpers/store';
import { walkRecords } from '../../electron/core/db/record-browser';

const s = useService();

type Row = { id: string; prompt: string; response_a: string; response_b: string; layer: number; metadata: Record<string, unknown>; judgments: { evaluator: string; choice: string }[] };

/** 60 comparisons: layer i % 3, metadata topic (math/prose) and level; ann judges every comparison (A, or B on every
 *  fifth), bob every fourth (tie), and the word "Needle" hides in a response of every seventh. */
function rows(): Row[] {
  return Array.from({ length: 60 }, (_, i) => ({
    id: `r${i}`,
    prompt: `Question ${i} about things`,
    response_a: i % 7 === 0 ? `answer ${i} with a NEEDLE inside` : `answer ${i} plain`,
    response_b: `other answer ${i}`,
    layer: i % 3,
    metadata: { topic: i % 2 === 0 ? 'math' : 'prose', level: i % 4, hard: i % 5 === 0 },
    judgments: [{ evaluator: 'ann', choice: i % 5 === 0 ? 'B' : 'A' }, ...(i % 4 === 0 ? [{ evaluator: 'bob', choice: 'tie' }] : [])],
  }));
}

async function seed() {
  const first = await s.value('importDataset', { source: uploadSource('main.jsonl', rows()) });
  // A second file holding two of the same comparisons and one of its own.
  const again = rows().slice(0, 2);
  const second = await s.value('importDataset', {
    source: uploadSource('extra.jsonl', [...again, { ...rows()[0], id: 'x', prompt: 'Extra prompt', response_a: 'x a', response_b: 'x b', judgments: [] }]),
  });
  const evaluators = await s.value<{ id: string; name: string }[]>('listEvaluators');
  const evaluator = (name: string) => evaluators.find((e) => e.name === name)!.id;
  return { main: first.datasetId as string, extra: second.datasetId as string, evaluator };
}

const prompts = (page: { rows: { promptExcerpt: string }[] }) => page.rows.map((r) => r.promptExcerpt);
const numbers = (page: { rows: { promptExcerpt: string }[] }) => prompts(page).map((p) => Number(/Question (\d+)/.exec(p)?.[1] ?? -1));

/** Every page of a search, following nextCursor; the rows' ids in order and the comparisons examined in all. */
async function allPages(params: Record<string, unknown>) {
  const ids: string[] = [];
  let examined = 0;
  let cursor: string | undefined;
  let pages = 0;
  do {
    const page = await s.value('listComparisons', { ...params, cursor });
    ids.push(...page.rows.map((r: { id: string }) => r.id));
    examined += page.examined;
    cursor = page.nextCursor ?? undefined;
    pages++;
  } while (cursor !== undefined && pages < 100);
  return { ids, examined, pages };
}

describe('listComparisons', () => {
  it('lists every comparison in store order with excerpts and counts; pages by cursor with no duplicates or gaps', async () => {
    await seed();
    const first = await s.value('listComparisons', { limit: 25 });
    expect(first).toMatchObject({ scope: 61, exact: true, examined: 25 });
    expect(numbers(first)).toEqual(Array.from({ length: 25 }, (_, i) => i));
    expect(first.rows[0]).toMatchObject({ promptExcerpt: 'Question 0 about things', responseAExcerpt: 'answer 0 with a NEEDLE inside', responseBExcerpt: 'other answer 0', layer: 0, judgments: 2, openFlags: 1 });
    expect(first.rows[1]).toMatchObject({ judgments: 1, openFlags: 0 }); // the import's checks flagged ann B vs bob tie on 0 only
    const second = await s.value('listComparisons', { limit: 25, cursor: first.nextCursor });
    expect(second.scope).toBeNull();
    expect(numbers(second)).toEqual(Array.from({ length: 25 }, (_, i) => 25 + i));
    const { ids, pages } = await allPages({ limit: 25 });
    expect(pages).toBe(3);
    expect(ids).toHaveLength(61);
    expect(new Set(ids).size).toBe(61);
    const last = await s.value('listComparisons', { limit: 25, cursor: second.nextCursor });
    expect(last.rows).toHaveLength(11);
    expect(last.nextCursor).toBeNull();
  });

  it('searches the prompt and both responses, case-insensitive', async () => {
    await seed();
    const needle = await s.value('listComparisons', { text: 'needle' });
    expect(numbers(needle)).toEqual([0, 7, 14, 21, 28, 35, 42, 49, 56]);
    expect(needle.exact).toBe(false);
    expect(needle.examined).toBe(61);
    expect(needle.nextCursor).toBeNull();
    expect(prompts(await s.value('listComparisons', { text: 'EXTRA PROMPT' }))).toEqual(['Extra prompt']);
    expect(numbers(await s.value('listComparisons', { text: 'other answer 59' }))).toEqual([59]);
    expect((await s.value('listComparisons', { text: 'nowhere at all' })).rows).toEqual([]);
    // LIKE's wildcards are searched for as typed
    expect((await s.value('listComparisons', { text: '%' })).rows).toEqual([]);
    expect((await s.value('listComparisons', { text: 'answer_5' })).rows).toEqual([]);
  });

  it('walks a text search page by page under a row budget: short pages, a cursor to go on, no duplicates or gaps', async () => {
    await seed();
    const db = s.t.store.db;
    const seen: number[] = [];
    let after = 0;
    let examined = 0;
    for (let call = 0; call < 100; call++) {
      const walk = walkRecords(db, { text: 'needle' }, 'all', after, 2, { rows: 7, ms: 60_000 });
      expect(walk.examined).toBeLessThanOrEqual(7);
      examined += walk.examined;
      seen.push(...walk.hits);
      if (walk.next === null) break;
      after = walk.next;
    }
    const expected = db.prepare(`SELECT c.rowid FROM comparisons c JOIN responses r ON r.id = c.response_a_id WHERE r.text LIKE '%needle%' ORDER BY c.rowid`).pluck().all();
    expect(seen).toEqual(expected);
    expect(examined).toBe(61);
  });

  it('filters by dataset (its own and its re-imported comparisons), the data layer, a run layer and a run', async () => {
    const { main, extra } = await seed();
    const inMain = await s.value('listComparisons', { datasetId: main, limit: 200 });
    expect(inMain).toMatchObject({ scope: 60, exact: true });
    expect(inMain.rows).toHaveLength(60);
    const inExtra = await s.value('listComparisons', { datasetId: extra });
    expect(prompts(inExtra)).toEqual(['Question 0 about things', 'Question 1 about things', 'Extra prompt']);
    expect(inExtra.exact).toBe(false); // two of its comparisons came first from main: no index serves it alone

    const layer1 = await s.value('listComparisons', { layer: 1, limit: 200 });
    expect(layer1).toMatchObject({ scope: 20, exact: true });
    expect(numbers(layer1)).toEqual(Array.from({ length: 20 }, (_, i) => 3 * i + 1));

    const run = await s.value('createRun', { name: 'Ladder', layers: [0, 1, 2].map((layer) => ({ name: `L${layer}`, rule: { kind: 'field', layer } })) });
    const runLayer2 = await s.value('listComparisons', { runId: run.id, layer: 2, limit: 200 });
    expect(runLayer2).toMatchObject({ scope: 20, exact: true });
    expect(numbers(runLayer2)).toEqual(Array.from({ length: 20 }, (_, i) => 3 * i + 2));
    const paged = await allPages({ runId: run.id, layer: 2, limit: 6 });
    expect(paged.ids).toEqual(runLayer2.rows.map((r: { id: string }) => r.id));
    expect((await s.value('listComparisons', { runId: run.id, limit: 200 })).rows).toHaveLength(61);
    const combined = await s.value('listComparisons', { runId: run.id, layer: 0, text: 'needle', limit: 200 });
    expect(numbers(combined)).toEqual([0, 21, 42]);
  });

  it('filters by metadata key = value (strings, numbers, booleans)', async () => {
    await seed();
    const math = await s.value('listComparisons', { metadataKey: 'topic', metadataValue: 'math', limit: 200 });
    expect(math.rows.length).toBe(31); // 30 of main and the extra one (a copy of row 0's metadata)
    expect(numbers(await s.value('listComparisons', { metadataKey: 'level', metadataValue: '3', limit: 200 }))).toEqual(Array.from({ length: 15 }, (_, i) => 4 * i + 3));
    expect(numbers(await s.value('listComparisons', { metadataKey: 'hard', metadataValue: 'true', datasetId: (await seed2()).main, limit: 200 }))).toEqual(
      Array.from({ length: 12 }, (_, i) => 5 * i),
    );
    expect((await s.value('listComparisons', { metadataKey: 'missing', metadataValue: 'x' })).rows).toEqual([]);
  });

  it("filters by who judged, their verdict, anyone's verdict and no verdict; undone verdicts do not count", async () => {
    const { evaluator } = await seed();
    const bob = evaluator('bob');
    expect(numbers(await s.value('listComparisons', { evaluatorId: bob, limit: 200 }))).toEqual(Array.from({ length: 15 }, (_, i) => 4 * i));
    expect((await s.value('listComparisons', { evaluatorId: bob, verdict: 'A', limit: 200 })).rows).toEqual([]);
    expect(numbers(await s.value('listComparisons', { evaluatorId: evaluator('ann'), verdict: 'B', limit: 200 }))).toEqual(Array.from({ length: 12 }, (_, i) => 5 * i));
    expect((await s.value('listComparisons', { verdict: 'tie', limit: 200 })).rows).toHaveLength(15);
    expect(prompts(await s.value('listComparisons', { verdict: 'none', limit: 200 }))).toEqual(['Extra prompt']);
    expect((await s.value('listComparisons', { evaluatorId: bob, verdict: 'none', limit: 200 })).rows).toHaveLength(46);

    const rae = (await s.value('createEvaluator', { name: 'Rae' })).id;
    const extra = (await s.value('listComparisons', { verdict: 'none' })).rows[0].id;
    await s.value('submitJudgment', { comparisonId: extra, evaluatorId: rae, choice: 'skip', leftSide: 'A' });
    expect((await s.value('listComparisons', { verdict: 'skip' })).rows.map((r: { id: string }) => r.id)).toEqual([extra]);
    expect((await s.value('listComparisons', { evaluatorId: rae })).rows).toHaveLength(1);
    await s.value('undoLastJudgment', { evaluatorId: rae });
    expect((await s.value('listComparisons', { evaluatorId: rae })).rows).toEqual([]);
    expect((await s.value('listComparisons', { verdict: 'none' })).rows.map((r: { id: string }) => r.id)).toEqual([extra]);
  });

  it('refuses what does not exist and malformed filters, with exact messages', async () => {
    await seed();
    const unknown = '0123abcd-0000-4000-8000-000000000000';
    expect(await s.call('listComparisons', { datasetId: unknown })).toMatchObject({ ok: false, error: { code: 'NOT_FOUND', message: `no dataset with id ${unknown}` } });
    expect(await s.call('listComparisons', { runId: unknown })).toMatchObject({ ok: false, error: { code: 'NOT_FOUND', message: `no run with id ${unknown}` } });
    expect(await s.call('listComparisons', { evaluatorId: unknown })).toMatchObject({ ok: false, error: { code: 'NOT_FOUND', message: `no evaluator with id ${unknown}` } });
    const run = await s.value('createRun', { name: 'One', layers: [{ name: 'L0', rule: { kind: 'field', layer: 0 } }] });
    expect(await s.call('listComparisons', { runId: run.id, layer: 4 })).toMatchObject({ ok: false, error: { code: 'NOT_FOUND', message: 'this run has no layer 4' } });
    const invalid = async (params: Record<string, unknown>, message: string) =>
      expect(await s.call('listComparisons', params)).toMatchObject({ ok: false, error: { code: 'INVALID_PARAMS', message: expect.stringContaining(message) } });
    await invalid({ metadataKey: 'topic' }, 'a metadata filter needs both a key and a value');
    await invalid({ metadataKey: 'a.b', metadataValue: 'x' }, 'metadata key must be a plain identifier (letters, digits and _)');
    await invalid({ verdict: 'maybe' }, 'verdict must be A, B, tie, skip or none');
    await invalid({ cursor: 'abc' }, 'expected the nextCursor of a previous page');
    await invalid({ text: '   ' }, 'search text must not be empty');
    await invalid({ limit: 201 }, 'limit');
  });
});

/** The ids seed() gave, read back without importing again. */
async function seed2() {
  const datasets = await s.value<{ id: string; name: string }[]>('listDatasets');
  return { main: datasets.find((d) => d.name === 'main')!.id };
}

describe('getComparison', () => {
  it('opens a comparison: texts, datasets, run layers, every judgment with undone ones marked, flags, and no model', async () => {
    const { evaluator } = await seed();
    await s.value('createRun', { name: 'Ladder', layers: [0, 1].map((layer) => ({ name: `L${layer}`, rule: { kind: 'field', layer } })) });
    await s.value('runChecks');
    const row = (await s.value('listComparisons', { text: 'Question 0 ' })).rows[0];
    expect(row.openFlags).toBe(1); // ann B vs bob tie
    const rae = (await s.value('createEvaluator', { name: 'Rae' })).id;
    await s.value('submitJudgment', { comparisonId: row.id, evaluatorId: rae, choice: 'A', leftSide: 'B' });
    await s.value('undoLastJudgment', { evaluatorId: rae });
    await s.value('submitJudgment', { comparisonId: row.id, evaluatorId: rae, choice: 'B', leftSide: 'A', rationale: 'second look' });

    const detail = await s.value('getComparison', { id: row.id });
    expect(detail).toMatchObject({ id: row.id, prompt: 'Question 0 about things', responseA: 'answer 0 with a NEEDLE inside', responseB: 'other answer 0', layer: 0 });
    expect(JSON.parse(detail.metadata)).toEqual({ topic: 'math', level: 0, hard: true });
    expect(detail.datasets.map((d: { name: string }) => d.name)).toEqual(['main', 'extra']);
    expect(detail.layers).toEqual([{ runId: expect.any(String), run: 'Ladder', layer: 0, name: 'L0' }]);
    const judgments = detail.judgments.map((j: { evaluatorId: string; choice: string; retractedAt: string | null }) => ({
      who: j.evaluatorId === evaluator('ann') ? 'ann' : j.evaluatorId === evaluator('bob') ? 'bob' : 'rae',
      choice: j.choice,
      undone: j.retractedAt !== null,
    }));
    expect(judgments).toEqual(
      expect.arrayContaining([
        { who: 'ann', choice: 'B', undone: false },
        { who: 'bob', choice: 'tie', undone: false },
        { who: 'rae', choice: 'A', undone: true },
        { who: 'rae', choice: 'B', undone: false },
      ]),
    );
    expect(judgments).toHaveLength(4);
    expect(detail.flags).toEqual([expect.objectContaining({ kind: 'evaluator-disagreement', status: 'open' })]);
    expect(detail.modelScores).toEqual([]);
    expect(detail.modelNote).toMatch(/^no active reward model/);
    // The list counts live judgments only: the undone one aside.
    expect((await s.value('listComparisons', { text: 'Question 0 ' })).rows[0].judgments).toBe(3);
  });

  it('refuses an unknown comparison', async () => {
    const unknown = '0123abcd-0000-4000-8000-000000000000';
    expect(await s.call('getComparison', { id: unknown })).toMatchObject({ ok: false, error: { code: 'NOT_FOUND', message: `no comparison with id ${unknown}` } });
    expect(await s.call('getComparison', { id: 'nope' })).toMatchObject({ ok: false, error: { code: 'INVALID_PARAMS' } });
  });
});
