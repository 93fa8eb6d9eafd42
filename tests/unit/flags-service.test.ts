// The flags explorer's contract methods on a real store: running checks, listing with filters, sorting and
// paging, a flag's detail (comparison, judgments, audit), confirming/dismissing/reopening with audit entries,
// relabel requests that put the comparison first in the human queue (with who asked and why), answered beside the old
// verdict, which a changed answer excludes from training, the flag then relabelled with its outcome,
// excluding a judgment from training, exports, and evaluator agreement.
import { describe, expect, it } from 'vitest';
import { useService } from '../helpers/api';
import { uploadSource } from '../helpers/store';

const s = useService();

type J = { evaluator: string; choice: 'A' | 'B' | 'tie' };
const row = (id: string, prompt: string, judgments: J[], layer = 0) => ({ id, prompt, response_a: `${prompt} a`, response_b: `${prompt} b`, layer, judgments });

async function seed() {
  const rows = [
    row('1', 'p1', [{ evaluator: 'ann', choice: 'A' }, { evaluator: 'bob', choice: 'B' }]),
    row('2', 'p2', [{ evaluator: 'ann', choice: 'A' }, { evaluator: 'bob', choice: 'A' }, { evaluator: 'cat', choice: 'tie' }], 1),
    row('3', 'p3', [{ evaluator: 'ann', choice: 'A' }, { evaluator: 'cat', choice: 'A' }]),
  ];
  const upload = { source: uploadSource('f.jsonl', rows) };
  await s.value('importDataset', upload);
  const report = await s.value('runChecks');
  const evaluators = await s.value<{ id: string; name: string }[]>('listEvaluators');
  const id = (name: string) => evaluators.find((e) => e.name === name)!.id;
  return { report, id };
}

describe('flags service', () => {
  it('runs checks and lists flags with filters, sorting and paging', async () => {
    const { report, id } = await seed();
    expect(report.byKind).toEqual({ 'evaluator-disagreement': 2 });
    const all = await s.value('listFlags', {});
    expect(all.total).toBe(2);
    expect(all.kinds).toEqual(['evaluator-disagreement']);
    // Sorted by severity, highest first: A vs B (p1) above A, A vs tie (p2).
    expect(all.rows.map((r: { promptExcerpt: string }) => r.promptExcerpt)).toEqual(['p1', 'p2']);
    expect(all.rows[0].evaluators.sort()).toEqual(['ann', 'bob']);
    expect((await s.value('listFlags', { sort: 'severity', direction: 'asc' })).rows[0].promptExcerpt).toBe('p2');
    expect((await s.value('listFlags', { layer: 1 })).rows.map((r: { promptExcerpt: string }) => r.promptExcerpt)).toEqual(['p2']);
    expect((await s.value('listFlags', { evaluatorId: id('cat') })).total).toBe(1);
    expect((await s.value('listFlags', { minSeverity: 0.99 })).total).toBe(1);
    const page = await s.value('listFlags', { offset: 1, limit: 1 });
    expect(page).toMatchObject({ total: 2, rows: [{ promptExcerpt: 'p2' }] });
    expect(await s.call('listFlags', { limit: 501 })).toMatchObject({ ok: false, error: { code: 'INVALID_PARAMS' } });
  });

  it('shows a flag in detail and keeps an audit trail of every action', async () => {
    await seed();
    const [flag] = (await s.value('listFlags', {})).rows;
    const detail = await s.value('getFlag', { id: flag.id });
    expect(detail.comparison).toMatchObject({ prompt: 'p1', responseA: 'p1 a', responseB: 'p1 b', dataset: 'f' });
    expect(detail.judgments.map((j: { evaluator: string; choice: string }) => `${j.evaluator}:${j.choice}`).sort()).toEqual(['ann:A', 'bob:B']);
    expect(detail.evidence.verdicts).toHaveLength(2);
    expect(detail.provenance).toEqual({ assisted: [], models: [], flaggedModels: [] });
    expect(detail.audit.map((a: { action: string }) => a.action)).toEqual(['flag']);

    expect(await s.call('updateFlag', { id: flag.id, action: 'dismiss', actor: 'Rae' })).toMatchObject({ ok: false, error: { code: 'INVALID_PARAMS', message: expect.stringMatching(/reason/) } });
    const dismissed = await s.value('updateFlag', { id: flag.id, action: 'dismiss', actor: 'Rae', reason: 'both answers are defensible' });
    expect(dismissed).toMatchObject({ status: 'dismissed', resolvedBy: 'Rae', notes: 'dismiss: both answers are defensible' });
    const reopened = await s.value('updateFlag', { id: flag.id, action: 'reopen', actor: 'Rae' });
    expect(reopened).toMatchObject({ status: 'open', resolvedBy: null });
    await s.value('updateFlag', { id: flag.id, action: 'confirm', actor: 'Sam' });
    const after = await s.value('getFlag', { id: flag.id });
    expect(after.audit.map((a: { action: string; actor: string }) => `${a.action}:${a.actor}`)).toEqual(['flag:app', 'dismiss:Rae', 'reopen:Rae', 'confirm:Sam']);
    expect(after.audit[1].details).toMatchObject({ from: 'open', to: 'dismissed', reason: 'both answers are defensible' });
    // Re-running the checks neither duplicates nor reopens it.
    expect((await s.value('runChecks')).added).toBe(0);
    expect((await s.value('getFlag', { id: flag.id })).flag.status).toBe('confirmed');
    expect(await s.call('getFlag', { id: '0123abcd-0000-4000-8000-000000000000' })).toMatchObject({ ok: false, error: { code: 'NOT_FOUND' } });
  });

  it('a relabel request puts the comparison first in the evaluator queue; a changed answer excludes the old verdict, which stays', async () => {
    const { id } = await seed();
    const [flag] = (await s.value('listFlags', {})).rows; // p1: ann A, bob B
    await s.value('updateFlag', { id: flag.id, action: 'request-relabel', actor: 'Rae', reason: 'check again', relabelEvaluatorId: id('bob') });
    const [first] = await s.value('nextComparisons', { evaluatorId: id('bob'), count: 3 });
    expect(first).toMatchObject({ kind: 'relabel', comparison: { prompt: 'p1' }, relabel: { requestedBy: 'Rae', reason: 'check again' } });
    // Not for ann: the request names bob.
    const annQueue = await s.value('nextComparisons', { evaluatorId: id('ann'), count: 3 });
    expect(annQueue.map((q: { kind: string }) => q.kind)).not.toContain('relabel');

    const answer = await s.value('submitJudgment', { comparisonId: first.comparison.id, evaluatorId: id('bob'), choice: 'A', leftSide: first.leftSide });
    const detail = await s.value('getFlag', { id: flag.id });
    const [request] = detail.relabelRequests;
    expect(detail.relabelRequests).toEqual([expect.objectContaining({ evaluator: 'bob', requestedBy: 'Rae', reason: 'check again', doneAt: expect.any(String), outcome: 'bob changed B → A' })]);
    // The flag is relabelled by bob, with its outcome, in the list, the detail and the export.
    expect(detail.flag).toMatchObject({ status: 'relabelled', resolvedBy: 'bob', resolvedAt: request.doneAt, relabelOutcome: 'bob changed B → A' });
    expect((await s.value('listFlags', { status: 'relabelled' })).rows).toMatchObject([{ id: flag.id, relabelOutcome: 'bob changed B → A' }]);
    expect((await s.value('exportFlags', { format: 'jsonl', status: 'relabelled' })).content).toContain('"relabelOutcome":"bob changed B → A"');
    const bobs = detail.judgments.filter((j: { evaluator: string }) => j.evaluator === 'bob');
    // The old B verdict is not undone: it stays live beside the answer, excluded from training, naming the request.
    expect(bobs.map((j: { choice: string; retractedAt: string | null; excludedAt: string | null }) => [j.choice, j.retractedAt, j.excludedAt === null ? 'used' : 'excluded'])).toEqual([
      ['B', null, 'excluded'],
      ['A', null, 'used'],
    ]);
    expect(bobs[0].excludedReason).toBe(`relabelled: B → A (relabel request ${request.id})`);
    expect(detail.audit.map((a: { action: string }) => a.action)).not.toContain('retract');
    expect(detail.audit.filter((a: { action: string }) => a.action !== 'flag' && a.action !== 'request-relabel')).toEqual([
      expect.objectContaining({ actor: 'bob', action: 'exclude-from-training', details: { reason: bobs[0].excludedReason, relabelRequests: [request.id], answer: answer.id } }),
      expect.objectContaining({ actor: 'bob', action: 'relabelled', details: { from: 'relabel_requested', to: 'relabelled', answer: answer.id } }),
    ]);
    // The queue no longer offers it, and the checks see the new, agreeing verdict.
    const next = await s.value('nextComparisons', { evaluatorId: id('bob'), count: 3 });
    expect(next.map((q: { comparison: { prompt: string } }) => q.comparison.prompt)).not.toContain('p1');
    expect(await s.call('updateFlag', { id: flag.id, action: 'request-relabel', actor: 'Rae', relabelEvaluatorId: '0123abcd-0000-4000-8000-000000000000' })).toMatchObject({ ok: false, error: { code: 'NOT_FOUND' } });
  });

  it("says how many of the flag's own judgments a model trained on, beside all it trained on", async () => {
    await seed();
    const [flag] = (await s.value('listFlags', {})).rows;
    const detail = await s.value('getFlag', { id: flag.id });
    const here = detail.judgments.map((j: { id: string }) => j.id);
    const elsewhere = Array.from({ length: 13 }, (_, i) => `00000000-0000-4000-8000-${String(i).padStart(12, '0')}`);
    const insert = s.t.store.db.prepare(
      `INSERT INTO models (id, run_id, layer_id, name, config, engine_version, device, blob, blob_sha256, active, created_at, trained_on) VALUES (?, NULL, NULL, ?, '{}', '1', 'cpu', x'00', '0', 0, 't', ?)`,
    );
    insert.run('m-here', 'RM here', JSON.stringify({ judgmentIds: [...here, ...elsewhere] }));
    insert.run('m-not', 'RM elsewhere', JSON.stringify({ judgmentIds: elsewhere }));
    const { models } = (await s.value('getFlag', { id: flag.id })).provenance;
    expect(models).toEqual([{ id: 'm-here', name: 'RM here', trainedOnJudgments: 15, trainedOnHere: 2 }]);
  });

  it("lists an evaluator's judgments newest first, those of one moment (an import's) the later written first, in stable pages", async () => {
    const { id } = await seed();
    // Ann's three imported verdicts share their import's moment; then two of her own, later, on two new comparisons.
    await s.value('importDataset', { source: uploadSource('more.jsonl', [row('4', 'p4', []), row('5', 'p5', [])]) });
    const [first, second] = await s.value('nextComparisons', { evaluatorId: id('ann'), count: 2 });
    const own = [];
    for (const item of [first, second]) own.push((await s.value('submitJudgment', { comparisonId: item.comparison.id, evaluatorId: id('ann'), choice: 'B', leftSide: item.leftSide })).id);
    const all = await s.value('listJudgments', { evaluatorId: id('ann'), limit: 10 });
    expect(all.total).toBe(5);
    const times = all.rows.map((r: { createdAt: string }) => r.createdAt);
    expect([...times].sort().reverse()).toEqual(times);
    // the import wrote the file's lines in order: listed p3, p2, p1
    const lineOf = s.t.store.db.prepare('SELECT line FROM comparisons WHERE id = ?').pluck();
    const imported = all.rows.filter((r: { origin: string }) => r.origin === 'import');
    expect(imported.map((r: { comparisonId: string }) => lineOf.get(r.comparisonId))).toEqual([3, 2, 1]);
    const paged = [];
    for (let offset = 0; offset < 5; offset += 2) paged.push(...(await s.value('listJudgments', { evaluatorId: id('ann'), offset, limit: 2 })).rows);
    expect(paged.map((r: { id: string }) => r.id)).toEqual(all.rows.map((r: { id: string }) => r.id));
    expect(own.every((j) => all.rows.slice(0, 2).some((r: { id: string }) => r.id === j))).toBe(true);
  });

  it('excludes a judgment from training, once, with an audit entry', async () => {
    await seed();
    const { rows } = await s.value('listJudgments', { limit: 10 });
    expect(rows).toHaveLength(7);
    const target = rows[0];
    const excluded = await s.value('excludeJudgment', { judgmentId: target.id, actor: 'Rae', reason: 'annotator misread the prompt' });
    expect(excluded.judgmentId).toBe(target.id);
    const again = await s.call('excludeJudgment', { judgmentId: target.id, actor: 'Rae', reason: 'x' });
    expect(again).toMatchObject({ ok: false, error: { code: 'CONFLICT' } });
    const listed = (await s.value('listJudgments', { limit: 10 })).rows.find((r: { id: string }) => r.id === target.id);
    expect(listed).toMatchObject({ excludedReason: 'annotator misread the prompt', excludedAt: expect.any(String) });
    expect(await s.call('excludeJudgment', { judgmentId: target.id, actor: 'Rae', reason: '' })).toMatchObject({ ok: false, error: { code: 'INVALID_PARAMS' } });
  });

  it('exports flags as CSV and JSONL, and reports evaluator agreement', async () => {
    await seed();
    const csv = await s.value('exportFlags', { format: 'csv' });
    expect(csv.rows).toBe(2);
    expect(csv.content.split('\r\n')[0]).toBe('id,kind,severity,status,comparisonId,layer,evaluators,promptExcerpt,notes,createdAt,resolvedBy,resolvedAt,relabelOutcome,criterion');
    const jsonlExport = await s.value('exportFlags', { format: 'jsonl', status: 'open' });
    expect(jsonlExport.content.trim().split('\n').map((l: string) => JSON.parse(l).evidence.verdicts.length)).toEqual([2, 3]);

    const stats = await s.value('getEvaluatorStats');
    expect(stats.evaluators.map((e: { evaluator: string; judgments: number }) => [e.evaluator, e.judgments])).toEqual([['ann', 3], ['bob', 2], ['cat', 2]]);
    const annBob = stats.pairs.find((p: { aName: string; bName: string }) => p.aName === 'ann' && p.bName === 'bob');
    expect(annBob).toMatchObject({ n: 2 });
    expect(typeof stats.alpha).toBe('number');
  });
});

describe('flag detail extras', () => {
  it("names a cycle's responses and shows what happened to the flag's judgments in its trail", async () => {
    const cycle = [
      { id: 'i1', prompt: 'U', response_a: 'kappa', response_b: 'lambda', judgments: [{ evaluator: 'eve', choice: 'A' }] },
      { id: 'i2', prompt: 'U', response_a: 'lambda', response_b: 'mu', judgments: [{ evaluator: 'eve', choice: 'A' }] },
      { id: 'i3', prompt: 'U', response_a: 'kappa', response_b: 'mu', judgments: [{ evaluator: 'eve', choice: 'B' }] },
    ];
    await s.value('importDataset', { source: uploadSource('c.jsonl', cycle) });
    await s.value('runChecks');
    const [flag] = (await s.value('listFlags', { kind: 'intransitive-cycle' })).rows;
    const detail = await s.value('getFlag', { id: flag.id });
    expect(Object.values(detail.evidence.responses).sort()).toEqual(['kappa', 'lambda', 'mu']);
    expect(detail.judgments).toHaveLength(3);
    await s.value('excludeJudgment', { judgmentId: detail.judgments[0].id, actor: 'Rae', reason: 'misclick' });
    const after = await s.value('getFlag', { id: flag.id });
    expect(after.audit.map((a: { action: string; actor: string }) => `${a.action}:${a.actor}`)).toEqual(['flag:app', 'exclude-from-training:Rae']);
  });
});
