// Verdicts met by another writer (app/verdict-intake.ts): acknowledged from the fsynced verdict journal without waiting
// for the store's write lock, skipped by the evaluator's queue, checked as the store would check them, moved into the
// store in order once the lock frees, and (tests/unit/durability.test.ts) never lost to a crash.
import Database from 'better-sqlite3';
import { existsSync, readFileSync, writeFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { dispatch } from '../../electron/api';
import { openVerdictJournal, verdictJournalPath } from '../../electron/core/db/verdict-journal';
import { createHandlers } from '../../electron/core/service';
import { openStore } from '../../electron/core/store';
import { useService } from '../helpers/api';
import { uploadSource } from '../helpers/store';

const s = useService();
const requestId = crypto.randomUUID();
const nowhere = crypto.randomUUID();
const { call, value } = s;

async function importN(n: number): Promise<void> {
  const rows = Array.from({ length: n }, (_, i) => ({ prompt: `q${i}`, response_a: `a${i}`, response_b: `b${i}` }));
  await value('importDataset', { source: uploadSource('q.jsonl', rows), format: 'rung' });
}

/** Another connection holding the store's write lock, as an import's copy does between its commits. */
function holdWriteLock(): { release(): void; storedVerdicts(): number } {
  const other = new Database(s.t.store.path);
  other.exec('BEGIN IMMEDIATE');
  return {
    release: () => {
      other.exec('COMMIT');
      other.close();
    },
    storedVerdicts: () => other.prepare('SELECT count(*) FROM judgments').pluck().get() as number,
  };
}

const verdict = (evaluatorId: string, item: any, extra: Record<string, unknown> = {}) => ({
  comparisonId: item.comparison.id,
  evaluatorId,
  choice: 'A',
  leftSide: item.leftSide,
  durationMs: 1500,
  ...extra,
});

const journaled = () => {
  const journal = openVerdictJournal(s.t.store.path);
  try {
    return journal.entries().map((v) => v.id);
  } finally {
    journal.close();
  }
};

const settle = () => new Promise((resolve) => setTimeout(resolve, 30));

/** Asks while another writer holds the lock, checks nothing is answered yet, releases the lock, and returns the answer. */
async function answeredOnlyAfterRelease<T>(lock: { release(): void }, ask: () => Promise<T>): Promise<T> {
  let answered = false;
  const answer = ask().finally(() => (answered = true));
  await settle();
  expect(answered).toBe(false);
  lock.release();
  return answer;
}

describe('verdicts met by another writer', () => {
  it('are acknowledged from the journal, skipped by the queue, and stored in order once the lock frees', async () => {
    await importN(6);
    const ada = await value('createEvaluator', { name: 'Ada' });
    const [first, second] = await value('nextComparisons', { evaluatorId: ada.id, count: 2 });
    expect(existsSync(verdictJournalPath(s.t.store.path))).toBe(false); // no journal until a verdict needs one

    const lock = holdWriteLock();
    const one = await value('submitJudgment', verdict(ada.id, first, { requestId }));
    const two = await value('submitJudgment', verdict(ada.id, second));
    expect(journaled()).toEqual([one.id, two.id]);
    expect(lock.storedVerdicts()).toBe(0);
    // the queue goes on past both, as it would had they been stored
    const next = await value('nextComparisons', { evaluatorId: ada.id, count: 6 });
    expect(next.map((i: any) => i.comparison.id)).not.toContain(first.comparison.id);
    expect(next).toHaveLength(4);
    // checked as the store will hold them: a second verdict on the same comparison is refused, a retried submit is the same one
    const again = await call('submitJudgment', verdict(ada.id, first));
    expect(again).toMatchObject({ ok: false, error: { code: 'CONFLICT', message: expect.stringContaining('already has your verdict') } });
    expect(await value('submitJudgment', verdict(ada.id, first, { requestId }))).toEqual({ id: one.id, createdAt: one.createdAt, duplicate: true });
    // her progress waits for them to be stored
    const progress = await answeredOnlyAfterRelease(lock, () => value('getProgress', { evaluatorId: ada.id }));
    expect(progress).toMatchObject({ doneToday: 2 }); // (remaining may include a position check the verdicts scheduled)
    const stored = s.t.store.db.prepare(`SELECT id, created_at AS createdAt, comparison_id AS comparisonId FROM judgments ORDER BY rowid`).all();
    expect(stored).toEqual([
      { id: one.id, createdAt: one.createdAt, comparisonId: first.comparison.id },
      { id: two.id, createdAt: two.createdAt, comparisonId: second.comparison.id },
    ]);
    expect(journaled()).toEqual([]);
    // stored as a verdict written directly is: audited, and undo takes back the latest
    expect(s.t.store.db.prepare(`SELECT count(*) FROM audit_log WHERE action = 'judge'`).pluck().get()).toBe(2);
    const undone = await value('undoLastJudgment', { evaluatorId: ada.id });
    expect(undone.judgmentId).toBe(two.id);
  });

  it('undo of a verdict still in the journal waits for it and takes it back', async () => {
    await importN(3);
    const bo = await value('createEvaluator', { name: 'Bo' });
    const [item] = await value('nextComparisons', { evaluatorId: bo.id, count: 1 });
    const lock = holdWriteLock();
    const ack = await value('submitJudgment', verdict(bo.id, item));
    const undone = await answeredOnlyAfterRelease(lock, () => value('undoLastJudgment', { evaluatorId: bo.id }));
    expect(undone).toMatchObject({ judgmentId: ack.id, item: { comparison: { id: item.comparison.id }, kind: 'returned' } });
    const [back] = await value('nextComparisons', { evaluatorId: bo.id, count: 1 });
    expect(back.comparison.id).toBe(item.comparison.id);
  });

  it('a verdict under a rubric is checked before it is journaled, and lands with its criteria', async () => {
    await importN(2);
    const run = await value('createRun', { name: 'Rubric', layers: [{ name: 'all', rule: { kind: 'length', minChars: 0 } }], criteria: [{ key: 'helpful', label: 'Helpfulness' }, { key: 'honest', label: 'Honesty' }] });
    const gil = await value('createEvaluator', { name: 'Gil' });
    const [item] = await value('nextComparisons', { evaluatorId: gil.id, count: 1 });
    const criteria = [{ criterion: 'helpful', choice: 'A', strength: 1 }, { criterion: 'honest', choice: 'B' }];
    const lock = holdWriteLock();
    expect(await call('submitJudgment', verdict(gil.id, item, { criteria: criteria.slice(0, 1) }))).toMatchObject({ ok: false, error: { code: 'INVALID_PARAMS', message: expect.stringContaining('no verdict on "honest"') } });
    const ack = await value('submitJudgment', verdict(gil.id, item, { strength: 1, criteria }));
    const journal = openVerdictJournal(s.t.store.path);
    try {
      expect(journal.entries()).toMatchObject([{ id: ack.id, rubricRunId: run.id, judgment: { criteria } }]);
    } finally {
      journal.close();
    }
    await answeredOnlyAfterRelease(lock, () => value('getProgress', { evaluatorId: gil.id }));
    expect(s.t.store.db.prepare('SELECT run_id AS runId, criterion, choice, strength FROM judgment_criteria WHERE judgment_id = ? ORDER BY criterion').all(ack.id)).toEqual([
      { runId: run.id, criterion: 'helpful', choice: 'A', strength: 1 },
      { runId: run.id, criterion: 'honest', choice: 'B', strength: null },
    ]);
  });

  it("an export on another connection (a job thread's) waits for verdicts another thread journaled, and holds them", async () => {
    await importN(3);
    const di = await value('createEvaluator', { name: 'Di' });
    const [item] = await value('nextComparisons', { evaluatorId: di.id, count: 1 });
    const jobStore = openStore(s.t.store.path);
    try {
      const jobThread = createHandlers(jobStore, { mode: 'browser', version: 'test' });
      const lock = holdWriteLock();
      const ack = await value('submitJudgment', verdict(di.id, item));
      const exported: any = await answeredOnlyAfterRelease(lock, () => dispatch(jobThread, 'exportData', { format: 'judgments-csv' }, () => undefined));
      expect(exported.value.content).toContain(ack.id);
    } finally {
      jobStore.close();
    }
  });

  it('a verdict refused by its checks is not journaled', async () => {
    await importN(2);
    const cy = await value('createEvaluator', { name: 'Cy' });
    const lock = holdWriteLock();
    const refused = await call('submitJudgment', { comparisonId: nowhere, evaluatorId: cy.id, choice: 'A', leftSide: 'A', durationMs: 10 });
    expect(refused).toMatchObject({ ok: false, error: { code: 'NOT_FOUND', message: `no comparison with id ${nowhere}` } });
    const [item] = await value('nextComparisons', { evaluatorId: cy.id, count: 1 });
    const ghost = await call('submitJudgment', verdict(nowhere, item));
    expect(ghost).toMatchObject({ ok: false, error: { code: 'NOT_FOUND' } });
    lock.release();
    expect(existsSync(verdictJournalPath(s.t.store.path)) ? journaled() : []).toEqual([]);
  });

  it('a journal that cannot be read is reported and left as it is; the store is still served', async () => {
    await importN(2);
    const path = verdictJournalPath(s.t.store.path);
    writeFileSync(path, 'not a database at all, but long enough to be read as one: '.repeat(20));
    const errors: string[] = [];
    const error = console.error;
    console.error = (message: string) => errors.push(message);
    try {
      const served = createHandlers(s.t.store, { mode: 'browser', version: 'test' });
      const call2 = (method: string, params: unknown) => dispatch(served, method, params, () => undefined);
      const ed = ((await call2('createEvaluator', { name: 'Ed' })) as any).value;
      const [item] = ((await call2('nextComparisons', { evaluatorId: ed.id, count: 1 })) as any).value;
      expect(await call2('submitJudgment', verdict(ed.id, item))).toMatchObject({ ok: true });
    } finally {
      console.error = error;
    }
    expect(errors).toEqual([expect.stringContaining(`the verdict journal ${path} could not be read, and is left as it is: file is not a database`)]);
    expect(readFileSync(path, 'utf8')).toMatch(/^not a database at all/);
  });

  it('an empty journal left by an earlier run: verdicts journaled later are still moved in, and waiting for them ends', async () => {
    await importN(2);
    openVerdictJournal(s.t.store.path).close(); // the file is there, with nothing in it
    const served = createHandlers(s.t.store, { mode: 'browser', version: 'test' });
    const call2 = (method: string, params: unknown) => dispatch(served, method, params, () => undefined) as Promise<any>;
    const fay = (await call2('createEvaluator', { name: 'Fay' })).value;
    const [item] = (await call2('nextComparisons', { evaluatorId: fay.id, count: 1 })).value;
    const lock = holdWriteLock();
    const ack = (await call2('submitJudgment', verdict(fay.id, item))).value;
    lock.release();
    const isStored = () => s.t.store.db.prepare('SELECT 1 FROM judgments WHERE id = ?').get(ack.id) !== undefined;
    for (let waited = 0; !isStored() && waited < 3_000; waited += 10) await new Promise((resolve) => setTimeout(resolve, 10));
    expect(isStored()).toBe(true);
    expect((await call2('exportData', { format: 'judgments-csv' })).value.content).toContain(ack.id);
  });
});
