// The evaluator's queue through the contract (dispatch) on a fresh store: ordering, stable position
// randomization, prefetch with exclude, idempotent submits, undo (retraction, never deletion), position
// checks (deterministic scheduling, swapped sides, repeat_of), progress, and exports/counts ignoring undone verdicts.
import { describe, expect, it } from 'vitest';
import { MIN_CHECK_GAP, MAX_CHECK_GAP, positionCheckDraw } from '../../electron/core/db/position-checks';
import { stableLeftSide } from '../../electron/core/db/queue';
import { useService } from '../helpers/api';
import { insertRound, modelEvaluatorId, type Route } from '../../electron/core/db/deferrals';
import { uploadSource } from '../helpers/store';

const s = useService();
const { call, value } = s;
const uuid = () => crypto.randomUUID();

/** Imports n comparisons (prompts "p0".."pN-1") via the rung format, with layer = i % 2; returns the dataset id. */
async function importN(n: number, name = 'q'): Promise<string> {
  const rows = Array.from({ length: n }, (_, i) => ({ prompt: `${name}${i}`, response_a: `a${i}`, response_b: `b${i}`, layer: i % 2 }));
  const summary = await value('importDataset', { source: uploadSource(`${name}.jsonl`, rows), format: 'rung' });
  return summary.datasetId;
}

async function judge(evaluatorId: string, item: any, choice = 'A', extra: Record<string, unknown> = {}) {
  return value('submitJudgment', { comparisonId: item.comparison.id, evaluatorId, choice, leftSide: item.leftSide, durationMs: 2000, requestId: uuid(), ...(item.repeatOf ? { repeatOf: item.repeatOf } : {}), ...extra });
}

describe('queue', () => {
  it('serves comparisons in import order, honours count, exclude, dataset and layer filters', async () => {
    const d1 = await importN(6, 'p');
    const d2 = await importN(3, 'x');
    const ada = await value('createEvaluator', { name: 'Ada' });
    const all = await value('nextComparisons', { evaluatorId: ada.id, count: 20 });
    expect(all.map((i: any) => i.comparison.prompt)).toEqual(['p0', 'p1', 'p2', 'p3', 'p4', 'p5', 'x0', 'x1', 'x2']);
    expect(all.every((i: any) => i.kind === 'new' && i.repeatOf === null)).toBe(true);
    const three = await value('nextComparisons', { evaluatorId: ada.id, count: 3 });
    expect(three.map((i: any) => i.comparison.prompt)).toEqual(['p0', 'p1', 'p2']);
    const after = await value('nextComparisons', { evaluatorId: ada.id, count: 3, exclude: three.map((i: any) => i.comparison.id) });
    expect(after.map((i: any) => i.comparison.prompt)).toEqual(['p3', 'p4', 'p5']);
    expect((await value('nextComparisons', { evaluatorId: ada.id, datasetId: d2, count: 5 })).map((i: any) => i.comparison.prompt)).toEqual(['x0', 'x1', 'x2']);
    expect((await value('nextComparisons', { evaluatorId: ada.id, datasetId: d1, layer: 1, count: 5 })).map((i: any) => i.comparison.prompt)).toEqual(['p1', 'p3', 'p5']);
    expect(await value('listLayers')).toEqual([0, 1]);
    expect(await value('listLayers', { datasetId: d2 })).toEqual([0, 1]);
    expect(await call('nextComparisons', { evaluatorId: ada.id, count: 0 })).toMatchObject({ ok: false, error: { code: 'INVALID_PARAMS' } });
    expect(await call('nextComparisons', { evaluatorId: uuid(), count: 1 })).toMatchObject({ ok: false, error: { code: 'NOT_FOUND' } });
  });

  it('randomizes the left side per evaluator and comparison, stably across calls', async () => {
    await importN(200);
    const ada = await value('createEvaluator', { name: 'Ada' });
    const bob = await value('createEvaluator', { name: 'Bob' });
    const first = await value('nextComparisons', { evaluatorId: ada.id, count: 50 });
    const again = await value('nextComparisons', { evaluatorId: ada.id, count: 50 });
    expect(again.map((i: any) => i.leftSide)).toEqual(first.map((i: any) => i.leftSide));
    for (const item of first) expect(item.leftSide).toBe(stableLeftSide(ada.id, item.comparison.id));
    const lefts = (await value('nextComparisons', { evaluatorId: ada.id, count: 50 })).concat(await value('nextComparisons', { evaluatorId: bob.id, count: 50 }));
    const a = lefts.filter((i: any) => i.leftSide === 'A').length;
    expect(a).toBeGreaterThan(30); // both sides occur, roughly half each (100 fair coins)
    expect(a).toBeLessThan(70);
    const bobs = await value('nextComparisons', { evaluatorId: bob.id, count: 50 });
    expect(bobs.map((i: any) => i.leftSide)).not.toEqual(first.map((i: any) => i.leftSide));
  });

  it('stores a verdict once per request id, refuses a second live verdict, keeps sides and timings', async () => {
    await importN(2);
    const ada = await value('createEvaluator', { name: 'Ada' });
    const [item] = await value('nextComparisons', { evaluatorId: ada.id, count: 1 });
    const requestId = uuid();
    const params = { comparisonId: item.comparison.id, evaluatorId: ada.id, choice: 'B', strength: 3, leftSide: item.leftSide, durationMs: 3456, requestId };
    const ack = await value('submitJudgment', params);
    const retry = await value('submitJudgment', params);
    expect(ack.duplicate).toBe(false);
    expect(retry).toEqual({ ...ack, duplicate: true });
    expect(s.t.store.db.prepare('SELECT count(*) AS n FROM judgments').get()).toEqual({ n: 1 });
    expect(s.t.store.db.prepare('SELECT choice, strength, left_side, duration_ms, request_id FROM judgments').get()).toEqual({ choice: 'B', strength: 3, left_side: item.leftSide, duration_ms: 3456, request_id: requestId });
    expect(await call('submitJudgment', { ...params, requestId: uuid() })).toMatchObject({ ok: false, error: { code: 'CONFLICT' } });
    const [other] = await value('nextComparisons', { evaluatorId: ada.id, count: 1 });
    expect(await call('submitJudgment', { ...params, comparisonId: other.comparison.id })).toMatchObject({ ok: false, error: { code: 'CONFLICT' } });
  });

  it('undo retracts the last verdict (kept, audited), returns it to the front with the same sides, and counts/exports ignore it', async () => {
    await importN(4);
    const ada = await value('createEvaluator', { name: 'Ada' });
    const items = await value('nextComparisons', { evaluatorId: ada.id, count: 4 });
    await judge(ada.id, items[0], 'A');
    const second = await judge(ada.id, items[1], 'B');
    const undone = await value('undoLastJudgment', { evaluatorId: ada.id });
    expect(undone).toMatchObject({ judgmentId: second.id, item: { kind: 'returned', leftSide: items[1].leftSide, repeatOf: null, comparison: { id: items[1].comparison.id } } });
    const row = s.t.store.db.prepare('SELECT retracted_at FROM judgments WHERE id = ?').get(second.id) as { retracted_at: string | null };
    expect(row.retracted_at).toMatch(/^\d{4}-/);
    expect(s.t.store.db.prepare(`SELECT action, entity_id FROM audit_log WHERE action = 'retract'`).all()).toEqual([{ action: 'retract', entity_id: second.id }]);
    const next = await value('nextComparisons', { evaluatorId: ada.id, count: 3 });
    expect(next.map((i: any) => [i.comparison.id, i.kind, i.leftSide])).toEqual([
      [items[1].comparison.id, 'returned', items[1].leftSide],
      [items[2].comparison.id, 'new', items[2].leftSide],
      [items[3].comparison.id, 'new', items[3].leftSide],
    ]);
    expect((await value('getStats')).judgments).toBe(0 + 1);
    expect((await value('listEvaluators')).find((e: any) => e.id === ada.id).judgments).toBe(1);
    const csv = await value('exportData', { format: 'judgments-csv' });
    expect(csv.rows).toBe(1);
    expect(csv.content).not.toContain(second.id);
    // Re-judging the returned comparison is allowed; undo twice walks back further; nothing left → null.
    await judge(ada.id, next[0], 'tie');
    await value('undoLastJudgment', { evaluatorId: ada.id });
    await value('undoLastJudgment', { evaluatorId: ada.id });
    expect(await value('undoLastJudgment', { evaluatorId: ada.id })).toBeNull();
    expect(s.t.store.db.prepare('SELECT count(*) AS n FROM judgments').get()).toEqual({ n: 3 }); // nothing deleted
    const front = await value('nextComparisons', { evaluatorId: ada.id, count: 2 });
    expect(front.map((i: any) => i.comparison.id)).toEqual([items[0].comparison.id, items[1].comparison.id]); // latest undo first
  });

  it('schedules position checks deterministically: the hash draw decides, due after a gap, sides swapped, linked by repeat_of', async () => {
    expect(positionCheckDraw('e', 'c')).toEqual(positionCheckDraw('e', 'c'));
    for (let i = 0; i < 50; i++) {
      const { u, gap } = positionCheckDraw('e', `c${i}`);
      expect(u).toBeGreaterThanOrEqual(0);
      expect(u).toBeLessThan(1);
      expect(gap).toBeGreaterThanOrEqual(MIN_CHECK_GAP);
      expect(gap).toBeLessThanOrEqual(MAX_CHECK_GAP);
    }
    await importN(30);
    const ada = await value('createEvaluator', { name: 'Ada' });
    expect(await value('getSettings')).toEqual({ positionCheckShare: 0.05, controlShare: 0.1 });
    expect(await value('updateSettings', { positionCheckShare: 0.5 })).toEqual({ positionCheckShare: 0.5, controlShare: 0.1 });
    expect(await call('updateSettings', { positionCheckShare: 0.9 })).toMatchObject({ ok: false, error: { code: 'INVALID_PARAMS' } });
    expect(await value('updateSettings', { controlShare: 1 })).toEqual({ positionCheckShare: 0.5, controlShare: 1 });
    expect(await call('updateSettings', { controlShare: 1.5 })).toMatchObject({ ok: false, error: { code: 'INVALID_PARAMS', message: expect.stringMatching(/controlShare/) } });

    // Judge everything in queue order, answering checks as they come; record when each check appears.
    const judgedAt = new Map<string, { judgment: string; index: number; leftSide: string }>();
    const checks: { comparisonId: string; index: number; leftSide: string; repeatOf: string }[] = [];
    let index = 0;
    let lastNew = -1;
    for (;;) {
      const [item] = await value('nextComparisons', { evaluatorId: ada.id, count: 1 });
      if (!item) break;
      if (item.kind === 'new') lastNew = index;
      const ack = await judge(ada.id, item, index % 3 === 2 ? 'skip' : 'A');
      if (item.kind === 'position-check') checks.push({ comparisonId: item.comparison.id, index, leftSide: item.leftSide, repeatOf: item.repeatOf });
      else judgedAt.set(item.comparison.id, { judgment: ack.id, index, leftSide: item.leftSide });
      index++;
    }
    const expected = [...judgedAt.entries()].filter(([cid]) => positionCheckDraw(ada.id, cid).u < 0.5);
    const skipped = s.t.store.db.prepare(`SELECT comparison_id AS c FROM judgments WHERE choice = 'skip' AND repeat_of IS NULL`).all().map((r: any) => r.c);
    const expectedChecked = expected.filter(([cid]) => !skipped.includes(cid)).map(([cid]) => cid).sort();
    expect(checks.map((c) => c.comparisonId).sort()).toEqual(expectedChecked);
    expect(checks.length).toBeGreaterThan(3);
    for (const check of checks) {
      const original = judgedAt.get(check.comparisonId)!;
      expect(check.repeatOf).toBe(original.judgment);
      expect(check.leftSide).toBe(original.leftSide === 'A' ? 'B' : 'A');
      // At least a few others in between — except at the tail, where checks not yet due come once nothing new is left.
      if (check.index < lastNew) expect(check.index - original.index).toBeGreaterThan(MIN_CHECK_GAP);
    }
    const repeats = s.t.store.db.prepare('SELECT repeat_of, left_side FROM judgments WHERE repeat_of IS NOT NULL').all() as any[];
    expect(repeats).toHaveLength(checks.length);
    // A second answer to the same check is refused; the CSV carries repeat_of, TRL leaves repeats out.
    const c0 = checks[0];
    expect(await call('submitJudgment', { comparisonId: c0.comparisonId, evaluatorId: ada.id, choice: 'A', leftSide: c0.leftSide, repeatOf: c0.repeatOf })).toMatchObject({ ok: false, error: { code: 'CONFLICT' } });
    const csv = await value('exportData', { format: 'judgments-csv' });
    expect(csv.content.split('\r\n')[0]).toContain(',repeat_of,');
    expect(csv.content).toContain(c0.repeatOf);
    const trl = await value('exportData', { format: 'trl-jsonl' });
    const decisiveOriginals = s.t.store.db.prepare(`SELECT count(*) AS n FROM judgments WHERE choice IN ('A','B') AND repeat_of IS NULL`).get() as { n: number };
    expect(trl.rows).toBe(decisiveOriginals.n);
  });

  it('share 0 schedules no checks; undoing an answered check brings the check back first', async () => {
    await importN(40);
    const ada = await value('createEvaluator', { name: 'Ada' });
    await value('updateSettings', { positionCheckShare: 0 });
    for (let i = 0; i < 4; i++) await judge(ada.id, (await value('nextComparisons', { evaluatorId: ada.id, count: 1 }))[0]);
    expect(s.t.store.db.prepare('SELECT count(*) AS n FROM position_checks').get()).toEqual({ n: 0 });
    await value('updateSettings', { positionCheckShare: 0.5 });
    let check: any;
    while (!check) {
      const [item] = await value('nextComparisons', { evaluatorId: ada.id, count: 1 });
      if (!item) break;
      await judge(ada.id, item);
      if (item.kind === 'position-check') check = item;
    }
    expect(check).toBeDefined();
    const undone = await value('undoLastJudgment', { evaluatorId: ada.id });
    expect(undone.item).toMatchObject({ kind: 'position-check', repeatOf: check.repeatOf, leftSide: check.leftSide });
    const [front] = await value('nextComparisons', { evaluatorId: ada.id, count: 1 });
    expect(front).toMatchObject({ kind: 'position-check', repeatOf: check.repeatOf, comparison: { id: check.comparison.id } });
    // The single-item call of the foundation cannot pass repeatOf back, so it never serves a check.
    const legacy = await value('nextComparison', { evaluatorId: ada.id });
    expect(legacy.comparison.id).not.toBe(check.comparison.id);
  });

  it('reports progress: done today, remaining in the queue (pending checks included), median seconds', async () => {
    const d = await importN(6);
    const ada = await value('createEvaluator', { name: 'Ada' });
    await value('updateSettings', { positionCheckShare: 0 });
    expect(await value('getProgress', { evaluatorId: ada.id })).toEqual({ doneToday: 0, skippedToday: 0, remaining: 6, medianSeconds: null });
    const items = await value('nextComparisons', { evaluatorId: ada.id, count: 6 });
    await judge(ada.id, items[0], 'A', { durationMs: 1000 });
    await judge(ada.id, items[1], 'B', { durationMs: 3000 });
    await judge(ada.id, items[2], 'tie', { durationMs: 8000 });
    await judge(ada.id, items[3], 'skip', { durationMs: 500 });
    expect(await value('getProgress', { evaluatorId: ada.id })).toEqual({ doneToday: 3, skippedToday: 1, remaining: 2, medianSeconds: 3 });
    expect(await value('getProgress', { evaluatorId: ada.id, datasetId: d, layer: 1 })).toMatchObject({ remaining: 1 });
    expect(await value('getProgress', { evaluatorId: ada.id, since: new Date(Date.now() + 60_000).toISOString() })).toMatchObject({ doneToday: 0, medianSeconds: null });
    await value('undoLastJudgment', { evaluatorId: ada.id });
    expect(await value('getProgress', { evaluatorId: ada.id })).toMatchObject({ doneToday: 3, skippedToday: 0, remaining: 3 });
  });

  it('loads the built-in demo once, and it is judgeable at once', async () => {
    const first = await value('loadDemo');
    expect(first.comparisonsAdded).toBeGreaterThan(100);
    expect((await value('loadDemo')).comparisonsAdded).toBe(0);
    const ada = await value('createEvaluator', { name: 'Ada' });
    const items = await value('nextComparisons', { evaluatorId: ada.id, datasetId: first.datasetId, layer: 2, count: 3 });
    expect(items).toHaveLength(3);
    expect(items.every((i: any) => i.comparison.layer === 2)).toBe(true);
  });
});

describe('queue filtered by run', () => {
  it("serves one rung of a run (its entry rule) and counts what remains there", async () => {
    await value('loadDemo');
    const demo = await value('createDemoRun');
    const ada = await value('createEvaluator', { name: 'Ada' });
    const items = await value('nextComparisons', { evaluatorId: ada.id, runId: demo.id, layer: 2, count: 5 });
    const inverted = await value('createRun', { name: 'Top only', layers: [{ name: 'hardest', rule: { kind: 'field', layer: 2 } }] });
    const top = await value('nextComparisons', { evaluatorId: ada.id, runId: inverted.id, layer: 0, count: 3 });
    expect(top.map((i: { comparison: { layer: number } }) => i.comparison.layer)).toEqual([2, 2, 2]);
    expect(items).toHaveLength(5);
    const layers = items.map((i: { comparison: { layer: number } }) => i.comparison.layer);
    expect(new Set(layers)).toEqual(new Set([2]));
    const progress = await value('getProgress', { evaluatorId: ada.id, runId: demo.id, layer: 2 });
    expect(progress.remaining).toBe(demo.layers[2].comparisons);
    const whole = await value('getProgress', { evaluatorId: ada.id, runId: demo.id });
    expect(whole.remaining).toBe(demo.layers.reduce((n: number, l: { comparisons: number }) => n + l.comparisons, 0));
    // A run over a length rule: only short comparisons.
    const short = await value('createRun', { name: 'Short', layers: [{ name: 'short', rule: { kind: 'length', maxChars: 200 } }] });
    const shortItems = await value('nextComparisons', { evaluatorId: ada.id, runId: short.id, count: 50 });
    expect(shortItems.length).toBe(Math.min(50, short.layers[0].comparisons));
    for (const i of shortItems) expect(i.comparison.responseA.length + i.comparison.responseB.length).toBeLessThanOrEqual(200);
    expect(await call('nextComparisons', { evaluatorId: ada.id, runId: demo.id, layer: 7, count: 1 })).toMatchObject({ ok: false, error: { code: 'NOT_FOUND' } });
  });
});

describe('queue after a deferral round', () => {
  /** A round over the given routes, written as routing writes it (the model row is a stand-in: the queue never loads it). */
  function writeRound(runId: string, layer: number, routes: { comparisonId: string; pA: number; route: Route }[]) {
    const db = s.t.store.db;
    const modelId = uuid();
    db.prepare(
      `INSERT INTO models (id, run_id, layer_id, name, config, metrics, trained_on, engine_version, device, blob, blob_sha256, active, created_at)
       VALUES (?, ?, NULL, ?, '{}', '{}', '{}', 'test', 'cpu', x'00', '', 0, ?)`,
    ).run(modelId, runId, `stand-in ${modelId}`, new Date().toISOString());
    return db.transaction(() => {
      const evaluatorId = modelEvaluatorId(db, { id: modelId, name: `stand-in ${modelId}` });
      const base = { runId, layer, modelId, modelEvaluatorId: evaluatorId, target: 0.05, confidence: 0.95, auditShare: 0.05, threshold: 0.9, calibratedOn: 'this-layer' as const, calibrationPairs: 60, calibrationErrors: 0, errorBound: 0.049, seed: 1, actor: 'test' };
      return insertRound(db, base, routes.map((r) => ({ ...r, spread: 0.01 })));
    })();
  }

  it("leaves auto-labelled comparisons out, serves audits and human routes first, most uncertain first, and counts them out of 'remaining'", async () => {
    await importN(8, 'r');
    const run = await value('createRun', { name: 'R', layers: [{ name: 'all', rule: { kind: 'field', layer: 0 } }, { name: 'odd', rule: { kind: 'field', layer: 1 } }] });
    const ada = await value('createEvaluator', { name: 'Ada' });
    const before = await value('nextComparisons', { evaluatorId: ada.id, runId: run.id, layer: 0, count: 10 });
    const id = (prompt: string) => before.find((i: any) => i.comparison.prompt === prompt).comparison.id;
    expect(before.map((i: any) => i.comparison.prompt)).toEqual(['r0', 'r2', 'r4', 'r6']);
    writeRound(run.id, 0, [
      { comparisonId: id('r0'), pA: 0.97, route: 'auto' },
      { comparisonId: id('r2'), pA: 0.7, route: 'human' },
      { comparisonId: id('r6'), pA: 0.45, route: 'human' },
      { comparisonId: id('r4'), pA: 0.99, route: 'audit' },
    ]);
    const after = await value('nextComparisons', { evaluatorId: ada.id, runId: run.id, layer: 0, count: 10 });
    expect(after.map((i: any) => i.comparison.prompt)).toEqual(['r6', 'r2', 'r4']);
    expect(await value('getProgress', { evaluatorId: ada.id, runId: run.id, layer: 0 })).toMatchObject({ remaining: 3 });
    // Once someone answers a routed comparison it loses its priority; the auto-labelled one never comes back.
    const bob = await value('createEvaluator', { name: 'Bob' });
    await judge(bob.id, after[0]);
    const next = await value('nextComparisons', { evaluatorId: ada.id, runId: run.id, layer: 0, count: 10 });
    expect(next.map((i: any) => i.comparison.prompt)).toEqual(['r2', 'r4', 'r6']);
    // A later round that sends r0 to people brings it back (the latest round decides).
    writeRound(run.id, 0, [{ comparisonId: id('r0'), pA: 0.6, route: 'human' }]);
    const later = await value('nextComparisons', { evaluatorId: ada.id, runId: run.id, layer: 0, count: 10 });
    expect(later.map((i: any) => i.comparison.prompt)).toEqual(['r0', 'r2', 'r4', 'r6']);
  });
});
