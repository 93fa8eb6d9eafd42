// Assignments through the contract (dispatch) on a fresh store: drawing work from a run's layer or a dataset for
// evaluators with an overlap, quotas and a deadline; the exact refusals (nothing written); the same draw on another
// database; the queue serving an evaluator's assigned items first (unassigned judging after, skipped ones at the end);
// position checks and control trials as the assignment drew them; and the lab lead's progress with agreement.
import { describe, expect, it } from 'vitest';
import { createHandlers } from '../../electron/core/service';
import { dispatch } from '../../electron/api';
import { controlTrialFor } from '../../electron/core/ladder/assistance';
import { useService } from '../helpers/api';
import { tempStore, uploadSource } from '../helpers/store';

const s = useService();
const { call, value } = s;
const uuid = () => crypto.randomUUID();

const rows = (n: number) => Array.from({ length: n }, (_, i) => ({ prompt: `p${i}`, response_a: `a${i}`, response_b: `b${i}`, layer: i % 2 }));

/** Imports n comparisons (layer = i % 2) and a run whose layer 0 and 1 follow that field; three evaluators. */
async function setup(n = 24) {
  const dataset = await value('importDataset', { source: uploadSource('w.jsonl', rows(n)), format: 'rung' });
  const run = await value('createRun', { name: 'Study', layers: [{ name: 'easy', rule: { kind: 'field', layer: 0 } }, { name: 'hard', rule: { kind: 'field', layer: 1 } }] });
  const [ada, bob, cy] = [await value('createEvaluator', { name: 'Ada' }), await value('createEvaluator', { name: 'Bob' }), await value('createEvaluator', { name: 'Cy' })];
  return { datasetId: dataset.datasetId as string, run, ada, bob, cy };
}

const tableCount = (table: string) => s.t.store.db.prepare(`SELECT count(*) FROM ${table}`).pluck().get() as number;

async function judge(evaluatorId: string, item: any, choice = 'A', durationMs = 2000) {
  return value('submitJudgment', { comparisonId: item.comparison.id, evaluatorId, choice, leftSide: item.leftSide, durationMs, requestId: uuid(), ...(item.repeatOf ? { repeatOf: item.repeatOf } : {}) });
}

/** The assignment's items as (evaluator name, comparison id), sorted: what must be the same on every database. */
function itemsOf(db: any, assignmentId: string): string[] {
  return (
    db
      .prepare(`SELECT e.name, ai.comparison_id AS c, ai.position, ai.control, ai.position_check AS pc FROM assignment_items ai JOIN evaluators e ON e.id = ai.evaluator_id WHERE ai.assignment_id = ?`)
      .all(assignmentId) as any[]
  )
    .map((r) => `${r.name} ${r.c} ${r.position} ${r.control} ${r.pc}`)
    .sort();
}

describe('assignments', () => {
  it("draws a run layer's comparisons for evaluators with overlap k, balanced, and lists the assignment", async () => {
    const { run, ada, bob, cy } = await setup(24);
    const a = await value('createAssignment', { runId: run.id, layer: 1, evaluators: ['Ada', bob.id, 'Cy'], overlap: 2, seed: 5, deadline: '2026-12-31' });
    expect(a).toMatchObject({ name: 'Study, layer 1', runId: run.id, runName: 'Study', layer: 1, datasetId: null, overlap: 2, seed: 5, deadline: '2026-12-31', comparisons: 12, unassigned: 0, controlShare: 0.1, positionCheckShare: 0.05 });
    expect(a.evaluators.map((e: any) => [e.name, e.assigned])).toEqual([['Ada', 8], ['Bob', 8], ['Cy', 8]]);
    // each evaluator's work carries the shares exactly: round(0.1 × 8) = 1 control trial, round(0.05 × 8) = 0 position checks
    expect(a.evaluators.map((e: any) => [e.controlTrials, e.positionChecks])).toEqual([[1, 0], [1, 0], [1, 0]]);
    const perComparison = s.t.store.db.prepare('SELECT count(DISTINCT evaluator_id) AS n FROM assignment_items WHERE assignment_id = ? GROUP BY comparison_id').pluck().all(a.id);
    expect(perComparison).toEqual(new Array(12).fill(2));
    const layerOne = (await value('nextComparisons', { evaluatorId: ada.id, runId: run.id, layer: 1, count: 50 })).map((i: any) => i.comparison.id);
    const assigned = s.t.store.db.prepare('SELECT DISTINCT comparison_id FROM assignment_items WHERE assignment_id = ?').pluck().all(a.id);
    expect(new Set(assigned)).toEqual(new Set(layerOne)); // exactly layer 1's comparisons
    expect(await value('listAssignments')).toEqual([a]);
    // at layer 0 nothing is assisted: no control trials; a dataset source works too, with quotas
    const easy = await value('createAssignment', { runId: run.id, layer: 0, evaluators: ['Ada', 'Bob', 'Cy'], overlap: 1, seed: 5 });
    expect(easy.evaluators.map((e: any) => e.controlTrials)).toEqual([0, 0, 0]);
    const capped = await value('createAssignment', { datasetId: (await value('listDatasets'))[0].id, evaluators: ['Ada', 'Bob', 'Cy'], overlap: 2, quota: 10, quotas: { Cy: 2 } });
    expect(capped.evaluators.map((e: any) => [e.name, e.quota, e.assigned])).toEqual([['Ada', 10, 10], ['Bob', 10, 10], ['Cy', 2, 2]]);
    expect(capped).toMatchObject({ name: 'w', comparisons: 11, unassigned: 13 });
    // a quota per evaluator by id or name, 0 included (what `rung assign --quota-for` and the form's quota fields send)
    const own = await value('createAssignment', { datasetId: capped.datasetId, evaluators: [ada.id, 'Bob', 'Cy'], quota: 8, quotas: { [ada.id]: 3, Cy: 0 } });
    expect(own.evaluators.map((e: any) => [e.name, e.quota, e.assigned])).toEqual([['Ada', 3, 3], ['Bob', 8, 8], ['Cy', 0, 0]]);
    expect(own).toMatchObject({ comparisons: 11, unassigned: 13 });
    void cy;
  });

  it('draws the same assignment from the same inputs and seed on another database, and another with another seed', async () => {
    const { run } = await setup(30);
    const a = await value('createAssignment', { runId: run.id, layer: 0, evaluators: ['Ada', 'Bob', 'Cy'], overlap: 2, seed: 9 });
    const other = tempStore();
    try {
      const handlers = createHandlers(other.store, { mode: 'browser', version: 'test' });
      const v = async (method: string, params: unknown): Promise<any> => {
        const r = await dispatch(handlers, method, params, () => undefined, { transport: 'ipc' });
        if (!r.ok) throw new Error(r.error.message);
        return r.value;
      };
      // evaluators created in another order, data imported the same: comparison ids derive from content
      for (const name of ['Cy', 'Ada', 'Bob']) await v('createEvaluator', { name });
      await v('importDataset', { source: uploadSource('w.jsonl', rows(30)), format: 'rung' });
      const run2 = await v('createRun', { name: 'Study', layers: [{ name: 'easy', rule: { kind: 'field', layer: 0 } }, { name: 'hard', rule: { kind: 'field', layer: 1 } }] });
      const b = await v('createAssignment', { runId: run2.id, layer: 0, evaluators: ['Bob', 'Cy', 'Ada'], overlap: 2, seed: 9 });
      expect(itemsOf(other.store.db, b.id)).toEqual(itemsOf(s.t.store.db, a.id));
      const c = await v('createAssignment', { runId: run2.id, layer: 0, evaluators: ['Bob', 'Cy', 'Ada'], overlap: 2, seed: 10 });
      expect(itemsOf(other.store.db, c.id)).not.toEqual(itemsOf(s.t.store.db, a.id));
    } finally {
      other.cleanup();
    }
  });

  it('refuses bad input with exact messages and writes nothing', async () => {
    const { run, datasetId } = await setup(6);
    const base = { runId: run.id, layer: 0, evaluators: ['Ada', 'Bob'] };
    const refused = async (params: unknown) => {
      const r = await call('createAssignment', params);
      expect(r.ok).toBe(false);
      return (r as any).error;
    };
    const missingRun = uuid();
    expect(await refused({ ...base, runId: missingRun })).toEqual({ code: 'NOT_FOUND', message: `runId: no run with id ${missingRun}` });
    expect(await refused({ ...base, layer: 4 })).toEqual({ code: 'NOT_FOUND', message: 'layer: run "Study" has no layer 4 (its layers: 0, 1)' });
    expect(await refused({ ...base, evaluators: ['Ada', 'Zed'] })).toEqual({ code: 'NOT_FOUND', message: 'evaluators: no evaluator with id or name "Zed"' });
    expect(await refused({ ...base, evaluators: ['Ada', 'Ada'] })).toEqual({ code: 'INVALID_PARAMS', message: 'evaluators: "Ada" is named twice' });
    expect(await refused({ ...base, overlap: 0 })).toMatchObject({ code: 'INVALID_PARAMS', message: 'createAssignment: overlap: must be an integer ≥ 1 (each comparison judged by that many evaluators), got "0"' });
    expect(await refused({ ...base, overlap: 3 })).toMatchObject({ code: 'INVALID_PARAMS', message: 'createAssignment: overlap: must be at most the number of evaluators (2), got "3"' });
    expect(await refused({ ...base, quota: -1 })).toMatchObject({ code: 'INVALID_PARAMS', message: 'createAssignment: quota: must be an integer ≥ 0, got "-1"' });
    expect(await refused({ ...base, quotas: { Bob: -2 } })).toMatchObject({ code: 'INVALID_PARAMS', message: 'createAssignment: quotas.Bob: must be an integer ≥ 0, got "-2"' });
    expect(await refused({ ...base, quotas: { Zed: 2 } })).toEqual({ code: 'INVALID_PARAMS', message: 'quotas: "Zed" is not one of the evaluators' });
    for (const deadline of ['next week', '2026-13-01', '2026-02-30', '2026-12-31T25:00:00Z', '2026-12-31T17:00:00']) {
      expect(await refused({ ...base, deadline })).toMatchObject({
        code: 'INVALID_PARAMS',
        message: `createAssignment: deadline: must be an ISO 8601 date (2026-12-31) or date and time with its offset (2026-12-31T17:00:00Z), got "${deadline}"`,
      });
    }
    expect(await refused({ evaluators: ['Ada'] })).toMatchObject({ code: 'INVALID_PARAMS', message: 'createAssignment: runId: give a run and its layer, a dataset, or a saved filter' });
    expect(await refused({ ...base, datasetId })).toMatchObject({ message: 'createAssignment: datasetId: give a run and its layer, a dataset, or a saved filter, not two' });
    expect(await refused({ runId: run.id, evaluators: ['Ada'] })).toMatchObject({ message: 'createAssignment: layer: is required with a run' });
    expect(await refused({ ...base, evaluators: [] })).toMatchObject({ message: 'createAssignment: evaluators: must name at least one evaluator' });
    expect(await refused({ ...base, quota: 0 })).toEqual({ code: 'INVALID_PARAMS', message: 'quota: no comparison can be given to 1 evaluators within the quotas' });
    const missingDataset = uuid();
    expect(await refused({ datasetId: missingDataset, evaluators: ['Ada'] })).toEqual({ code: 'NOT_FOUND', message: `datasetId: no dataset with id ${missingDataset}` });
    for (const table of ['assignments', 'assignment_evaluators', 'assignment_items']) expect(tableCount(table)).toBe(0);
    // accepted deadlines: a date, a date and time with Z or an offset
    for (const deadline of ['2026-12-31', '2026-12-31T17:00:00Z', '2026-12-31T17:00+02:00']) expect((await value('createAssignment', { ...base, deadline })).deadline).toBe(deadline);
  });

  it("serves an evaluator's assigned, unjudged items first, then unassigned judging; skipped assigned items come back last", async () => {
    const { run, ada, bob } = await setup(12);
    const a = await value('createAssignment', { runId: run.id, layer: 1, evaluators: ['Ada', 'Bob'], overlap: 1, seed: 3 });
    const mine = s.t.store.db.prepare('SELECT comparison_id FROM assignment_items WHERE assignment_id = ? AND evaluator_id = ? ORDER BY position').pluck().all(a.id, ada.id) as string[];
    expect(mine).toHaveLength(3);
    const queue = await value('nextComparisons', { evaluatorId: ada.id, count: 12 });
    expect(queue.slice(0, 3).map((i: any) => i.comparison.id)).toEqual(mine);
    expect(queue).toHaveLength(12); // then every other comparison, unassigned ones included
    expect(new Set(queue.slice(3).map((i: any) => i.comparison.id)).size).toBe(9);
    // within the run filter too, and the first item judged leaves the front
    const filtered = await value('nextComparisons', { evaluatorId: ada.id, runId: run.id, layer: 1, count: 6 });
    expect(filtered.slice(0, 3).map((i: any) => i.comparison.id)).toEqual(mine);
    await judge(ada.id, filtered[0]);
    await judge(ada.id, filtered[1], 'skip');
    const next = await value('nextComparisons', { evaluatorId: ada.id, runId: run.id, layer: 1, count: 6 });
    expect(next[0].comparison.id).toBe(mine[2]);
    expect(next.map((i: any) => i.comparison.id)).not.toContain(mine[0]);
    // the skipped assigned item comes back after everything else, as 'returned'
    expect(next[next.length - 1]).toMatchObject({ kind: 'returned', comparison: { id: mine[1] } });
    // someone without an assignment keeps judging in the usual order
    const cy = (await value('listEvaluators')).find((e: any) => e.name === 'Cy');
    expect((await value('nextComparisons', { evaluatorId: cy.id, count: 3 })).map((i: any) => i.comparison.prompt)).toEqual(['p0', 'p1', 'p2']);
    void bob;
  });

  it('schedules position checks and shows control trials exactly as the assignment drew them', async () => {
    const { run, ada } = await setup(80);
    await value('updateSettings', { positionCheckShare: 0.2, controlShare: 0.25 });
    const a = await value('createAssignment', { runId: run.id, layer: 1, evaluators: ['Ada', 'Bob'], overlap: 1, seed: 1 });
    const items = s.t.store.db.prepare('SELECT comparison_id AS id, control, position_check AS pc FROM assignment_items WHERE assignment_id = ? AND evaluator_id = ?').all(a.id, ada.id) as any[];
    expect(items).toHaveLength(20);
    expect(items.filter((i) => i.pc === 1)).toHaveLength(4);
    expect(items.filter((i) => i.control === 1)).toHaveLength(5);
    for (const i of items) expect(controlTrialFor(s.t.store.db, ada.id, i.id)).toBe(i.control === 1);
    const queue = await value('nextComparisons', { evaluatorId: ada.id, runId: run.id, layer: 1, count: 20 });
    for (const item of queue) await judge(ada.id, item);
    const checked = s.t.store.db.prepare('SELECT comparison_id FROM position_checks WHERE evaluator_id = ?').pluck().all(ada.id) as string[];
    expect(new Set(checked)).toEqual(new Set(items.filter((i) => i.pc === 1).map((i) => i.id)));
  });

  it("shows the lab lead each evaluator's assigned, done, remaining, median time and agreement, changing as they judge", async () => {
    const { run, ada, bob, cy } = await setup(8);
    const a = await value('createAssignment', { runId: run.id, layer: 0, evaluators: ['Ada', 'Bob', 'Cy'], overlap: 2, seed: 2, deadline: '2027-01-15' });
    const before = await value('getAssignmentProgress', { assignmentId: a.id });
    expect(before.assignment).toEqual(a);
    const assigned = a.evaluators.map((e: any) => e.assigned);
    expect(assigned.reduce((x: number, y: number) => x + y, 0)).toBe(8); // 4 comparisons × 2
    expect([...assigned].sort()).toEqual([2, 3, 3]);
    expect(before.evaluators.map((r: any) => [r.name, r.assigned, r.done, r.skipped, r.remaining, r.medianSeconds, r.agreement, r.agreementPairs, r.lastBundleReceivedAt])).toEqual(
      ['Ada', 'Bob', 'Cy'].map((name, i) => [name, assigned[i], 0, 0, assigned[i], null, null, 0, null]),
    );
    // everyone judges all their assigned items: Ada and Bob say A, Cy says B
    const choices: Record<string, string> = { [ada.id]: 'A', [bob.id]: 'A', [cy.id]: 'B' };
    for (const e of [ada, bob, cy]) {
      const items = await value('nextComparisons', { evaluatorId: e.id, runId: run.id, layer: 0, count: 3 });
      const mine = s.t.store.db.prepare('SELECT comparison_id FROM assignment_items WHERE assignment_id = ? AND evaluator_id = ?').pluck().all(a.id, e.id) as string[];
      for (const item of items.filter((i: any) => mine.includes(i.comparison.id))) await judge(e.id, item, choices[e.id], e === cy ? 4000 : 2000);
    }
    const after = await value('getAssignmentProgress', { assignmentId: a.id });
    const shared = (x: string, y: string) =>
      s.t.store.db.prepare('SELECT count(*) FROM assignment_items p JOIN assignment_items q ON q.comparison_id = p.comparison_id WHERE p.assignment_id = @a AND q.assignment_id = @a AND p.evaluator_id = @x AND q.evaluator_id = @y').pluck().get({ a: a.id, x, y }) as number;
    const [ab, ac, bc] = [shared(ada.id, bob.id), shared(ada.id, cy.id), shared(bob.id, cy.id)];
    expect(ab + ac + bc).toBe(4);
    expect(after.evaluators.map((r: any) => [r.name, r.done, r.remaining, r.medianSeconds, r.agreementPairs, r.agreement])).toEqual([
      ['Ada', assigned[0], 0, 2, ab + ac, ab + ac ? ab / (ab + ac) : null],
      ['Bob', assigned[1], 0, 2, ab + bc, ab + bc ? ab / (ab + bc) : null],
      ['Cy', assigned[2], 0, 4, ac + bc, ac + bc ? 0 : null],
    ]);
    // A results bundle received from Bob's workstation (its receipt, as bundle import writes it; the newest counts).
    const receipt = s.t.store.db.prepare(
      `INSERT INTO bundle_receipts (sha256, bundle_id, kind, signer_workstation_id, signer_fingerprint, evaluator_id, evaluator_name, created_at, received_at, actor)
       VALUES (?, ?, 'results', 'w-bob', 'SHA256:x', ?, 'Bob', 't', ?, 'lead')`,
    );
    receipt.run('s1', 'b1', bob.id, '2026-12-06T10:00:00.000Z');
    receipt.run('s2', 'b2', bob.id, '2026-12-06T11:00:00.000Z');
    const received = await value('getAssignmentProgress', { assignmentId: a.id });
    expect(received.evaluators.map((r: any) => r.lastBundleReceivedAt)).toEqual(['Ada', 'Bob', 'Cy'].map((n) => (n === 'Bob' ? '2026-12-06T11:00:00.000Z' : null)));
    expect(await call('getAssignmentProgress', { assignmentId: uuid() })).toMatchObject({ ok: false, error: { code: 'NOT_FOUND' } });
  });
});
