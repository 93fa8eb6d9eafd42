// The Compare page's logic without a browser: the queue controller (prefetch, instant advance, background
// saves with request ids, failure bringing the comparison back, undo, empty queue) against the real service
// through dispatch; the keymap (defaults, remapping, stored maps); the visibility-paused stopwatch (the word diff:
// compare-diff.test.ts).
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { dispatch, type Handlers, type RungClient } from '../../electron/api';
import { createHandlers } from '../../electron/core/service';
import { actionFor, defaultKeymap, parseKeymap, rebind } from '../../renderer/src/pages/compare/keymap';
import { choiceFor, CompareSession, PREFETCH, type SessionState } from '../../renderer/src/pages/compare/session';
import { REVIEW_PAGE, verdictWords, VerdictReview, type ReviewState } from '../../renderer/src/pages/compare/review';
import { Stopwatch } from '../../renderer/src/pages/compare/stopwatch';
import { tempStore, type TempStore, uploadSource } from '../helpers/store';

let t: TempStore;
let handlers: Handlers;
beforeEach(() => {
  t = tempStore();
  handlers = createHandlers(t.store, { mode: 'browser', version: 'test' });
});
afterEach(() => t.cleanup());

/** A client that calls the service in-process, like the HTTP client but without the network. */
function localClient(): RungClient {
  return new Proxy({} as RungClient, { get: (_t, method: string) => (params: unknown) => dispatch(handlers, method, params, () => undefined) });
}

async function setup(n: number): Promise<string> {
  const rows = Array.from({ length: n }, (_, i) => ({ prompt: `p${i}`, response_a: `a${i}`, response_b: `b${i}` }));
  const client = localClient();
  await client.importDataset({ source: uploadSource('q.jsonl', rows), format: 'rung' });
  await client.updateSettings({ positionCheckShare: 0 });
  const created = await client.createEvaluator({ name: 'Ada' });
  if (!created.ok) throw new Error(created.error.message);
  return created.value.id;
}

/** Resolves when the session's state satisfies `test`. */
function until(session: CompareSession, test: (s: SessionState) => boolean): Promise<SessionState> {
  if (test(session.snapshot)) return Promise.resolve(session.snapshot);
  return new Promise((resolve) => {
    const off = session.subscribe((s) => {
      if (test(s)) {
        off();
        resolve(s);
      }
    });
  });
}

const rows = () => t.store.db.prepare('SELECT comparison_id AS c, choice, left_side AS side, strength, rationale, duration_ms AS ms, retracted_at AS retracted FROM judgments ORDER BY rowid').all() as any[];

describe('compare session', () => {
  it('maps left/right to A/B through the side shown on the left', () => {
    expect(choiceFor('left', 'A')).toBe('A');
    expect(choiceFor('left', 'B')).toBe('B');
    expect(choiceFor('right', 'A')).toBe('B');
    expect(choiceFor('right', 'B')).toBe('A');
    expect(choiceFor('tie', 'B')).toBe('tie');
    expect(choiceFor('skip', 'A')).toBe('skip');
  });

  it('prefetches, advances at once on a verdict, and stores each verdict once, in order', async () => {
    const evaluatorId = await setup(10);
    const session = new CompareSession(localClient(), evaluatorId, {});
    await session.start();
    let s = await until(session, (x) => x.upcoming.length === PREFETCH);
    expect(s.current!.comparison.prompt).toBe('p0');
    const first = s.current!;
    const second = s.upcoming[0];
    session.verdict({ pick: 'left', strength: 3, durationMs: 1234.4 });
    // Synchronously the next comparison is on screen, the verdict is being saved.
    expect(session.snapshot.current!.comparison.id).toBe(second.comparison.id);
    expect(session.snapshot.saving).toBe(1);
    session.verdict({ pick: 'right', rationale: '  clearer  ', durationMs: 900 });
    s = await until(session, (x) => x.saving === 0 && x.saved === 2);
    expect(rows()).toEqual([
      { c: first.comparison.id, choice: first.leftSide, side: first.leftSide, strength: 3, rationale: null, ms: 1234, retracted: null },
      { c: second.comparison.id, choice: second.leftSide === 'A' ? 'B' : 'A', side: second.leftSide, strength: null, rationale: 'clearer', ms: 900, retracted: null },
    ]);
    await until(session, (x) => x.upcoming.length === PREFETCH);
    const held = [session.snapshot.current!, ...session.snapshot.upcoming].map((i) => i.comparison.prompt);
    expect(held).toEqual(['p2', 'p3', 'p4', 'p5', 'p6', 'p7']);
    session.close();
  });

  it('a failed save brings the comparison back with the error; a retry after a lost reply stores nothing twice', async () => {
    const evaluatorId = await setup(4);
    const real = localClient();
    let mode: 'fail' | 'commit-then-fail' | 'ok' = 'fail';
    const client = {
      ...real,
      nextComparisons: real.nextComparisons,
      undoLastJudgment: real.undoLastJudgment,
      submitJudgment: async (params: any) => {
        if (mode === 'fail') return { ok: false as const, error: { code: 'INTERNAL' as const, message: 'The Rung server is unreachable.' } };
        if (mode === 'commit-then-fail') {
          await real.submitJudgment(params); // stored, but the reply is lost
          return { ok: false as const, error: { code: 'INTERNAL' as const, message: 'The Rung server is unreachable.' } };
        }
        return real.submitJudgment(params);
      },
    };
    const session = new CompareSession(client, evaluatorId, {});
    await session.start();
    const first = session.snapshot.current!;
    session.verdict({ pick: 'tie', durationMs: 700 });
    let s = await until(session, (x) => x.error !== null);
    expect(s.current!.comparison.id).toBe(first.comparison.id);
    expect(s.current!.spentMs).toBe(700); // the time already spent is kept
    expect(s.error!.title).toMatch(/NOT saved/);
    expect(rows()).toEqual([]);

    mode = 'commit-then-fail';
    session.verdict({ pick: 'tie', durationMs: 800 });
    s = await until(session, (x) => x.error !== null && x.saving === 0);
    expect(rows()).toHaveLength(1);
    mode = 'ok';
    session.verdict({ pick: 'tie', durationMs: 800 });
    s = await until(session, (x) => x.saved === 1 && x.saving === 0);
    expect(s.error).toBeNull();
    expect(rows()).toHaveLength(1); // the same request id: acknowledged as the one already stored
    session.close();
  });

  it('undo brings the last comparison back on screen; an exhausted queue says empty', async () => {
    const evaluatorId = await setup(2);
    const session = new CompareSession(localClient(), evaluatorId, {});
    await session.start();
    const [a, b] = [session.snapshot.current!, session.snapshot.upcoming[0]];
    session.verdict({ pick: 'left', durationMs: 100 });
    session.verdict({ pick: 'right', durationMs: 100 });
    let s = await until(session, (x) => x.status === 'empty' && x.saving === 0);
    expect(s.current).toBeNull();
    await session.undo();
    s = session.snapshot;
    expect(s.status).toBe('ready');
    expect(s.current).toMatchObject({ kind: 'returned', leftSide: b.leftSide, comparison: { id: b.comparison.id } });
    expect(rows().map((r) => r.retracted === null)).toEqual([true, false]);
    await session.undo();
    expect(session.snapshot.current!.comparison.id).toBe(a.comparison.id);
    expect(session.snapshot.upcoming.map((i) => i.comparison.id)).toEqual([b.comparison.id]);
    // Undo stops at the start of this session, says so, and goes on only when pressed again.
    await session.undo();
    expect(session.snapshot.notice).toBe('Nothing to undo in this session. Undo again to take back your latest verdict from an earlier session.');
    await session.undo();
    expect(session.snapshot.notice).toBe('Nothing to undo.');
    session.close();
  });

  it("undo keeps the retracted verdict's rationale as the draft, and stops at the session's start until pressed again", async () => {
    const evaluatorId = await setup(3);
    const first = new CompareSession(localClient(), evaluatorId, {});
    await first.start();
    const a = first.snapshot.current!;
    first.verdict({ pick: 'left', strength: 2, rationale: 'Left cites the source.', durationMs: 100 });
    await until(first, (x) => x.saved === 1);
    await first.undo();
    expect(first.snapshot.current).toMatchObject({ comparison: { id: a.comparison.id }, draftRationale: 'Left cites the source.' });
    first.verdict({ pick: 'left', rationale: 'Left cites the source.', durationMs: 50 });
    await until(first, (x) => x.saved === 1 && x.saving === 0);
    first.close();

    // A new session (a reload): the first undo only says where the session starts; nothing is retracted.
    const second = new CompareSession(localClient(), evaluatorId, {});
    await second.start();
    const live = () => rows().filter((r) => r.retracted === null).length;
    expect(live()).toBe(1);
    await second.undo();
    expect(second.snapshot.notice).toMatch(/^Nothing to undo in this session\./);
    expect(live()).toBe(1);
    await second.undo();
    expect(second.snapshot.notice).toBe('Undone a verdict from an earlier session: the comparison is back.');
    expect(second.snapshot.current).toMatchObject({ comparison: { id: a.comparison.id }, draftRationale: 'Left cites the source.' });
    expect(live()).toBe(0);
    second.close();
  });

  it('says that a tie or a skip has no strength instead of dropping it silently', async () => {
    const evaluatorId = await setup(3);
    const session = new CompareSession(localClient(), evaluatorId, {});
    await session.start();
    session.verdict({ pick: 'tie', strength: 2, durationMs: 100 });
    expect(session.snapshot.notice).toBe('A tie has no strength: the strength you chose was not stored with it.');
    session.verdict({ pick: 'left', strength: 2, durationMs: 100 });
    expect(session.snapshot.notice).toBeNull();
    await until(session, (x) => x.saved === 2);
    expect(rows().map((r) => [r.choice === 'tie' ? 'tie' : 'pick', r.strength])).toEqual([['tie', null], ['pick', 2]]);
    session.close();
  });
});

describe('review of past verdicts and change', () => {
  const ids = () => t.store.db.prepare('SELECT id FROM judgments WHERE retracted_at IS NULL ORDER BY rowid DESC').pluck().all() as string[];

  it('moves back and forward through every standing verdict, newest first, a page at a time; from the newest, forward closes', async () => {
    const evaluatorId = await setup(REVIEW_PAGE + 3);
    const session = new CompareSession(localClient(), evaluatorId, {});
    await session.start();
    for (let i = 0; i < REVIEW_PAGE + 2; i++) {
      await until(session, (x) => x.current !== null);
      session.verdict({ pick: i % 2 ? 'left' : 'tie', durationMs: 10 });
    }
    await until(session, (x) => x.saved === REVIEW_PAGE + 2 && x.saving === 0);
    const newestFirst = ids();
    const review = new VerdictReview(localClient(), evaluatorId);
    await review.back();
    const seen = (s: ReviewState) => [s.index, s.total, s.verdict?.judgmentId];
    expect(seen(review.snapshot)).toEqual([0, REVIEW_PAGE + 2, newestFirst[0]]);
    for (let i = 1; i < REVIEW_PAGE + 2; i++) await review.back();
    expect(seen(review.snapshot)).toEqual([REVIEW_PAGE + 1, REVIEW_PAGE + 2, newestFirst[REVIEW_PAGE + 1]]); // the second page was fetched
    await review.back();
    expect(review.snapshot.notice).toBe('That is your oldest standing verdict.');
    expect(review.snapshot.index).toBe(REVIEW_PAGE + 1);
    review.forward();
    expect(seen(review.snapshot)).toEqual([REVIEW_PAGE, REVIEW_PAGE + 2, newestFirst[REVIEW_PAGE]]);
    expect(review.snapshot.notice).toBeNull();
    for (let i = 0; i < REVIEW_PAGE; i++) review.forward();
    expect(review.snapshot).toMatchObject({ open: true, index: 0 });
    review.forward();
    expect(review.snapshot.open).toBe(false);
    expect(ids()).toEqual(newestFirst); // looking changed nothing
    session.close();
  });

  it('takes every press made while a page loads: three quick presses land on the third newest; a forward undoes a pending one', async () => {
    const evaluatorId = await setup(5);
    const session = new CompareSession(localClient(), evaluatorId, {});
    await session.start();
    for (let i = 0; i < 4; i++) {
      await until(session, (x) => x.current !== null);
      session.verdict({ pick: 'left', durationMs: 10 });
    }
    await until(session, (x) => x.saved === 4 && x.saving === 0);
    const newestFirst = ids();
    const review = new VerdictReview(localClient(), evaluatorId);
    await Promise.all([review.back(), review.back(), review.back()]); // the second and third come while the first page loads
    expect([review.snapshot.index, review.snapshot.verdict?.judgmentId]).toEqual([2, newestFirst[2]]);
    review.close();
    const opening = review.back();
    void review.back();
    void review.back();
    review.forward(); // takes back one of the pending presses
    await opening;
    expect(review.snapshot.index).toBe(1);
    session.close();
  });

  it('change retracts the verdict shown, puts its comparison in front with its rationale as the draft, then judging goes on where it was', async () => {
    const evaluatorId = await setup(6);
    const session = new CompareSession(localClient(), evaluatorId, {});
    await session.start();
    const a = session.snapshot.current!;
    session.verdict({ pick: 'left', strength: 3, rationale: 'Left shows its work.', durationMs: 100 });
    session.verdict({ pick: 'right', durationMs: 100 });
    await until(session, (x) => x.saved === 2 && x.saving === 0);
    const waiting = session.snapshot.current!;
    const review = new VerdictReview(localClient(), evaluatorId);
    await review.back();
    await review.back();
    expect(review.snapshot.verdict).toMatchObject({ comparison: { id: a.comparison.id }, leftSide: a.leftSide, rationale: 'Left shows its work.' });
    expect(verdictWords(review.snapshot.verdict!)).toBe('Left much better');
    await review.change((judgmentId) => session.change(judgmentId, 4200));
    expect(review.snapshot.open).toBe(false);
    expect(session.snapshot.current).toMatchObject({ comparison: { id: a.comparison.id }, leftSide: a.leftSide, kind: 'returned', draftRationale: 'Left shows its work.' });
    expect(session.snapshot.upcoming[0]).toMatchObject({ comparison: { id: waiting.comparison.id }, spentMs: 4200 });
    expect(session.snapshot.notice).toBe('Your verdict was retracted: judge the comparison again, then judging goes on where it was.');
    session.verdict({ pick: 'tie', durationMs: 100 });
    expect(session.snapshot.current!.comparison.id).toBe(waiting.comparison.id);
    await until(session, (x) => x.saving === 0 && x.saved === 3);
    expect(rows().filter((r) => r.c === a.comparison.id).map((r) => [r.choice, r.retracted === null])).toEqual([[a.leftSide, false], ['tie', true]]);
    session.close();
  });

  it('refuses to change a verdict that cannot be, in the words given, and keeps the review open on it', async () => {
    const evaluatorId = await setup(3);
    const session = new CompareSession(localClient(), evaluatorId, {});
    await session.start();
    session.verdict({ pick: 'left', durationMs: 100 });
    await until(session, (x) => x.saved === 1 && x.saving === 0);
    const review = new VerdictReview(localClient(), evaluatorId);
    await review.back();
    // Retracted meanwhile in another window: the list still shows it; the server refuses.
    await localClient().undoLastJudgment({ evaluatorId });
    const before = session.snapshot.current;
    await review.change((judgmentId) => session.change(judgmentId));
    expect(review.snapshot).toMatchObject({ open: true, notice: 'Not changed: this verdict was already retracted (undone or changed, perhaps in another window): there is nothing to change' });
    expect(session.snapshot.current).toBe(before);
    // With no standing verdict left, the review says there is none.
    review.close();
    await review.back();
    expect(review.snapshot).toMatchObject({ open: true, total: 0, verdict: null });
    session.close();
  });
});

describe('keymap', () => {
  it('has the default keys, finds actions by key, remaps without double bindings, and reads stored maps safely', () => {
    expect(actionFor(defaultKeymap, 'ArrowLeft')).toBe('left');
    expect(actionFor(defaultKeymap, 'S')).toBe('skip');
    expect(actionFor(defaultKeymap, '?')).toBe('help');
    expect(actionFor(defaultKeymap, 'x')).toBeUndefined();
    const remapped = rebind(defaultKeymap, 'skip', 'x');
    expect(remapped.skip).toEqual(['x']);
    const stolen = rebind(defaultKeymap, 'tie', '1');
    expect(stolen.tie).toEqual(['1']);
    expect(stolen.left).toEqual(['ArrowLeft']);
    expect(parseKeymap(JSON.stringify(remapped)).skip).toEqual(['x']);
    expect(parseKeymap('{broken')).toEqual(defaultKeymap);
    expect(parseKeymap(JSON.stringify({ left: ['a'] }))).toEqual({ ...defaultKeymap, left: ['a'] });
  });
});

describe('stopwatch', () => {
  it('counts only visible time', () => {
    let now = 0;
    let hidden = false;
    const watch = new Stopwatch(() => now, () => hidden);
    watch.reset();
    now = 1000;
    watch.pause();
    hidden = true;
    now = 61_000;
    watch.resume();
    now = 61_500;
    expect(watch.elapsedMs()).toBe(1500);
    watch.reset(200);
    now = 62_000;
    expect(watch.elapsedMs()).toBe(200); // reset while hidden: the clock waits for the page to be visible
  });
});
