// Relabel requests end to end through the contract: the queue item carries who asked and why; the answer is stored
// beside the evaluator's earlier verdict (never retracting it) — kept, changed (the earlier one excluded from training,
// audited), skipped, or answered by someone with no earlier verdict — and the flag is relabelled with that outcome;
// undoing the answer undoes all of it; only people (not a dataset's imported labels) can be asked; results bundles
// carry the answer to a copy of the database in either order alike, without a false evaluator-conflict.
import { afterEach, describe, expect, it } from 'vitest';
import { useService } from '../helpers/api';
import { uploadSource } from '../helpers/store';
import { bundleUpload, copyOf, snapshot, workstation, type Workstation } from '../helpers/workstations';
import { isPerson } from '../../renderer/src/pages/flags/logic';

type J = { evaluator: string; choice: 'A' | 'B' | 'tie' };
const row = (id: string, prompt: string, judgments: J[]) => ({ id, prompt, response_a: `${prompt} a`, response_b: `${prompt} b`, judgments });
// p1: ann A, bob B (a disagreement flag); p2: ann A, bob A, cat tie (another); cat has no verdict on p1.
const rows = [
  row('1', 'p1', [{ evaluator: 'ann', choice: 'A' }, { evaluator: 'bob', choice: 'B' }]),
  row('2', 'p2', [{ evaluator: 'ann', choice: 'A' }, { evaluator: 'bob', choice: 'A' }, { evaluator: 'cat', choice: 'tie' }]),
];

type Caller = Pick<Workstation, 'value' | 'call'>;

async function seed(w: Caller) {
  await w.value('importDataset', { source: uploadSource('f.jsonl', rows) });
  await w.value('runChecks');
  const evaluators = await w.value<{ id: string; name: string }[]>('listEvaluators');
  const id = (name: string) => evaluators.find((e) => e.name === name)!.id;
  const flags = (await w.value('listFlags', {})).rows as { id: string; promptExcerpt: string }[];
  const flagOn = (prompt: string) => flags.find((f) => f.promptExcerpt === prompt)!.id;
  return { id, flagOn };
}

/** The evaluator's first queue item, which must be the relabel of `prompt`, and their answer to it. */
async function answer(w: Caller, evaluatorId: string, prompt: string, choice: 'A' | 'B' | 'tie' | 'skip') {
  const [item] = await w.value('nextComparisons', { evaluatorId, count: 1 });
  expect(item).toMatchObject({ kind: 'relabel', comparison: { prompt } });
  return { item, judgment: await w.value('submitJudgment', { comparisonId: item.comparison.id, evaluatorId, choice, leftSide: item.leftSide }) };
}

const verdictsOf = (w: Caller & { t: { store: { db: import('better-sqlite3').Database } } }, evaluatorId: string, prompt: string) =>
  w.t.store.db
    .prepare(
      `SELECT j.choice, j.retracted_at AS retractedAt, j.excluded_at IS NOT NULL AS excluded FROM judgments j JOIN comparisons c ON c.id = j.comparison_id
       JOIN prompts p ON p.id = c.prompt_id WHERE j.evaluator_id = ? AND p.text = ? ORDER BY j.rowid`,
    )
    .all(evaluatorId, prompt);

describe('relabel requests', () => {
  const s = useService();

  it('shows who asked and why on the queue item (an empty reason too); other items carry no note', async () => {
    const { id, flagOn } = await seed(s);
    await s.value('updateFlag', { id: flagOn('p1'), action: 'request-relabel', actor: 'Dr Rae', reason: 'Look at step 2 of B', relabelEvaluatorId: id('bob') });
    await s.value('updateFlag', { id: flagOn('p2'), action: 'request-relabel', actor: 'Dr Sam' });
    const items = await s.value('nextComparisons', { evaluatorId: id('bob'), count: 5 });
    expect(items.map((i: { kind: string; relabel: unknown }) => [i.kind, i.relabel])).toEqual([
      ['relabel', { requestedBy: 'Dr Rae', reason: 'Look at step 2 of B' }],
      ['relabel', { requestedBy: 'Dr Sam', reason: '' }],
    ]);
    const annItems = await s.value('nextComparisons', { evaluatorId: id('ann'), count: 5 });
    expect(annItems.map((i: { relabel: unknown }) => i.relabel)).toEqual([{ requestedBy: 'Dr Sam', reason: '' }]);
  });

  it('an answer that keeps the verdict stands in for it in training, so it counts once; the flag is relabelled "kept"', async () => {
    const { id, flagOn } = await seed(s);
    await s.value('updateFlag', { id: flagOn('p1'), action: 'request-relabel', actor: 'Rae', relabelEvaluatorId: id('ann') });
    await answer(s, id('ann'), 'p1', 'A');
    expect(verdictsOf(s, id('ann'), 'p1')).toEqual([
      { choice: 'A', retractedAt: null, excluded: 1 },
      { choice: 'A', retractedAt: null, excluded: 0 },
    ]);
    const usable = s.t.store.db.prepare(`SELECT count(*) FROM usable_verdicts v JOIN comparisons c ON c.id = v.comparison_id JOIN prompts p ON p.id = c.prompt_id WHERE v.evaluator_id = ? AND p.text = 'p1'`);
    expect(usable.pluck().get(id('ann'))).toBe(1);
    expect((await s.value('getFlag', { id: flagOn('p1') })).flag).toMatchObject({ status: 'relabelled', resolvedBy: 'ann', relabelOutcome: 'ann kept A' });
  });

  it('a request for anyone answered by someone with no verdict there says who answered what; nobody else’s verdict changes', async () => {
    const { id, flagOn } = await seed(s);
    await s.value('updateFlag', { id: flagOn('p1'), action: 'request-relabel', actor: 'Rae' });
    await answer(s, id('cat'), 'p1', 'B');
    expect((await s.value('getFlag', { id: flagOn('p1') })).flag).toMatchObject({ status: 'relabelled', resolvedBy: 'cat', relabelOutcome: 'answered by cat: B' });
    expect(verdictsOf(s, id('bob'), 'p1')).toEqual([{ choice: 'B', retractedAt: null, excluded: 0 }]);
    // Answered once: it has left ann's and bob's queues too.
    for (const who of ['ann', 'bob']) expect((await s.value('nextComparisons', { evaluatorId: id(who), count: 5 })).map((i: { kind: string }) => i.kind)).not.toContain('relabel');
  });

  it('a skip answers the request and leaves the earlier verdict standing', async () => {
    const { id, flagOn } = await seed(s);
    await s.value('updateFlag', { id: flagOn('p1'), action: 'request-relabel', actor: 'Rae', relabelEvaluatorId: id('bob') });
    await answer(s, id('bob'), 'p1', 'skip');
    expect(verdictsOf(s, id('bob'), 'p1')).toEqual([
      { choice: 'B', retractedAt: null, excluded: 0 },
      { choice: 'skip', retractedAt: null, excluded: 0 },
    ]);
    expect((await s.value('getFlag', { id: flagOn('p1') })).flag.relabelOutcome).toBe('bob skipped; B stands');
  });

  it('training and consensus use the changed answer, not the verdict it replaced', async () => {
    const { id, flagOn } = await seed(s);
    await s.value('updateFlag', { id: flagOn('p1'), action: 'request-relabel', actor: 'Rae', relabelEvaluatorId: id('bob') });
    await answer(s, id('bob'), 'p1', 'A');
    const usable = s.t.store.db.prepare(`SELECT choice FROM usable_verdicts WHERE evaluator_id = ?`).pluck().all(id('bob'));
    expect(usable.sort()).toEqual(['A', 'A']); // p1's answer and p2's verdict
    // The checks read the answer in the replaced verdict's place: no new flag for bob contradicting himself.
    expect((await s.value('runChecks')).added).toBe(0);
  });

  it('undoing the answer reopens the request, includes the earlier verdict again and returns the flag to relabel requested', async () => {
    const { id, flagOn } = await seed(s);
    const flag = flagOn('p1');
    await s.value('updateFlag', { id: flag, action: 'request-relabel', actor: 'Rae', reason: 'check again', relabelEvaluatorId: id('bob') });
    await answer(s, id('bob'), 'p1', 'A');
    const undone = await s.value('undoLastJudgment', { evaluatorId: id('bob') });
    expect(undone.item).toMatchObject({ kind: 'relabel', relabel: { requestedBy: 'Rae', reason: 'check again' }, comparison: { prompt: 'p1' } });
    expect(verdictsOf(s, id('bob'), 'p1')).toEqual([
      { choice: 'B', retractedAt: null, excluded: 0 },
      { choice: 'A', retractedAt: expect.any(String), excluded: 0 },
    ]);
    const detail = await s.value('getFlag', { id: flag });
    expect(detail.flag).toMatchObject({ status: 'relabel_requested', resolvedBy: 'Rae', relabelOutcome: null });
    expect(detail.relabelRequests).toEqual([expect.objectContaining({ doneAt: null, outcome: null })]);
    expect(detail.audit.map((a: { action: string }) => a.action)).toEqual(['flag', 'request-relabel', 'exclude-from-training', 'relabelled', 'retract', 'include-in-training', 'relabel-reopened']);
    // Judged again (the comparison is first in the queue again): no "already has your verdict" refusal.
    await answer(s, id('bob'), 'p1', 'tie');
    expect((await s.value('getFlag', { id: flag })).flag).toMatchObject({ status: 'relabelled', relabelOutcome: 'bob changed B → tie' });
  });

  it('only people can be asked: an imported gold or source label is refused, PandaLM annotators and people are not', async () => {
    const { id, flagOn } = await seed(s);
    await s.value('importDataset', { source: uploadSource('bar.jsonl', [{ input: 'q', output_1: 'x', output_2: 'y', label: 1 }]) });
    await s.value('importDataset', { source: uploadSource('prefs.jsonl', [{ prompt: 'q2', chosen: 'good', rejected: 'bad' }]) });
    await s.value('importDataset', { source: uploadSource('panda.jsonl', [{ instruction: 'q3', input: '', response1: 'r1', response2: 'r2', annotator1: 1, annotator2: 2 }]) });
    const evaluators = await s.value<{ id: string; name: string; labelSource: boolean; kind: string }[]>('listEvaluators');
    const sources = evaluators.filter((e) => e.labelSource).map((e) => e.name);
    expect(sources.sort()).toEqual(['bar gold label', 'prefs (source labels)']);
    expect(evaluators.filter(isPerson).map((e) => e.name).sort()).toEqual(['ann', 'bob', 'cat', 'panda annotator1', 'panda annotator2']);
    const gold = evaluators.find((e) => e.name === 'bar gold label')!;
    expect(await s.call('updateFlag', { id: flagOn('p1'), action: 'request-relabel', actor: 'Rae', relabelEvaluatorId: gold.id })).toEqual({
      ok: false,
      error: { code: 'CONFLICT', message: '"bar gold label" is an imported label source, not a person: a relabel can only be requested from a person' },
    });
    expect((await s.value('getFlag', { id: flagOn('p1') })).relabelRequests).toEqual([]);
    const annotator = evaluators.find((e) => e.name === 'panda annotator1')!;
    expect(await s.value('updateFlag', { id: flagOn('p1'), action: 'request-relabel', actor: 'Rae', relabelEvaluatorId: annotator.id })).toMatchObject({ status: 'relabel_requested' });
    expect(id('ann')).toBeTruthy();
  });
});

describe('relabel answers in results bundles', () => {
  const open: Workstation[] = [];
  afterEach(() => {
    for (const w of open.splice(0)) w.close();
  });

  it('merge in either order into the same database: the flags relabelled, the replaced verdicts excluded, no evaluator conflict', async () => {
    // The lead asks bob (p1) and cat (p2) to judge again; each answers, changing the verdict, on a copy of the lead.
    const lead = workstation();
    open.push(lead);
    const { id, flagOn } = await seed(lead);
    await lead.value('updateFlag', { id: flagOn('p1'), action: 'request-relabel', actor: 'Rae', relabelEvaluatorId: id('bob') });
    await lead.value('updateFlag', { id: flagOn('p2'), action: 'request-relabel', actor: 'Rae', relabelEvaluatorId: id('cat') });
    const [leadB, bobs, cats] = [copyOf(lead), copyOf(lead), copyOf(lead)];
    open.push(leadB, bobs, cats);
    await answer(bobs, id('bob'), 'p1', 'A');
    await answer(cats, id('cat'), 'p2', 'A');
    const bundles = {
      bob: (await bobs.value('exportResultsBundle', { evaluator: 'bob' })).contentBase64 as string,
      cat: (await cats.value('exportResultsBundle', { evaluator: 'cat' })).contentBase64 as string,
    };
    const added = await lead.value('importBundle', { source: bundleUpload(bundles.bob), trust: true });
    expect(added.added).toMatchObject({ judgments: 1, exclusions: 1, relabelAnswers: 1, conflicts: 0 });
    await lead.value('importBundle', { source: bundleUpload(bundles.cat), trust: true });
    await leadB.value('importBundle', { source: bundleUpload(bundles.cat), trust: true });
    await leadB.value('importBundle', { source: bundleUpload(bundles.bob), trust: true });

    for (const w of [lead, leadB]) {
      const flags = (await w.value('listFlags', {})).rows.map((f: { promptExcerpt: string; status: string; resolvedBy: string; relabelOutcome: string }) => [f.promptExcerpt, f.status, f.resolvedBy, f.relabelOutcome]);
      expect(flags.sort()).toEqual([
        ['p1', 'relabelled', 'bob', 'bob changed B → A'],
        ['p2', 'relabelled', 'cat', 'cat changed tie → A'],
      ]);
      expect(verdictsOf(w, id('bob'), 'p1')).toEqual([
        { choice: 'B', retractedAt: null, excluded: 1 },
        { choice: 'A', retractedAt: null, excluded: 0 },
      ]);
    }
    const content = (w: Workstation) => ({
      ...snapshot(w.db, { withAudit: false, skip: ['bundle_receipts', 'flags', 'trusted_keys', 'report_cache', 'workstation'] }),
      flags: w.db.prepare('SELECT id, kind, status, resolved_by, resolved_at FROM flags ORDER BY id').all(),
    });
    expect(content(leadB)).toEqual(content(lead));
  });
});
