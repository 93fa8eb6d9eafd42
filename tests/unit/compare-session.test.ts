// The Compare page's logic without a browser: the queue controller (prefetch, instant advance, background
// saves with request ids, failure bringing the comparison back, undo, empty queue) against the real service
// through dispatch; the keymap (defaults, remapping, stored maps); the visibility-paused stopwatch (the word diff:
// compare-diff.test.ts).
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { dispatch, type Handlers, type RungClient } from '../../electron/api';
import { createHandlers } from '../../electron/core/service';
import { actionFor, defaultKeymap, parseKeymap, rebind } from '../../renderer/src/pages/compare/keymap';
import { choiceFor, CompareSession, PREFETCH, type SessionState } from '../../renderer/src/pages/compare/session';
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
