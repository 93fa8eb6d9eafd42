// Consistency checks on a synthetic database with planted inconsistencies of every kind the checks cover:
// each check finds exactly its planted cases, a clean database yields no flags, and re-running adds nothing.
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { runChecks } from '../../electron/core/checks/run';
import { importDataset } from '../../electron/core/datasets/import';
import { jsonl, tempStore, type TempStore } from '../helpers/store';

let t: TempStore;
beforeEach(() => {
  t = tempStore();
});
afterEach(() => t.cleanup());

type J = { evaluator: string; choice: 'A' | 'B' | 'tie' | 'skip' };
const row = (id: string, prompt: string, a: string, b: string, judgments: J[]) => ({ id, prompt, response_a: a, response_b: b, judgments });

/** Consistent data: three evaluators who agree, transitive preferences on one prompt (x ≻ y ≻ z, x ≻ z). */
const clean = [
  row('c1', 'P', 'x', 'y', [{ evaluator: 'ann', choice: 'A' }, { evaluator: 'bob', choice: 'A' }, { evaluator: 'cat', choice: 'A' }]),
  row('c2', 'P', 'y', 'z', [{ evaluator: 'ann', choice: 'A' }, { evaluator: 'bob', choice: 'A' }]),
  row('c3', 'P', 'x', 'z', [{ evaluator: 'ann', choice: 'A' }, { evaluator: 'bob', choice: 'A' }]),
  row('c4', 'Q', 'u', 'v', [{ evaluator: 'ann', choice: 'tie' }, { evaluator: 'bob', choice: 'tie' }, { evaluator: 'cat', choice: 'skip' }]),
];

const byKey = (db: import('better-sqlite3').Database) =>
  (db.prepare('SELECT kind, dedupe_key AS key FROM flags ORDER BY kind, dedupe_key').all() as { kind: string; key: string }[]);

describe('consistency checks', () => {
  it('a clean database yields no flags', async () => {
    await importDataset(t.store, { path: t.file('clean.jsonl', jsonl(clean)) });
    const report = runChecks(t.store);
    expect(report.added).toBe(0);
    expect(report.byKind).toEqual({});
  });

  it('finds each planted inconsistency exactly, once', async () => {
    const planted = [
      ...clean,
      // Evaluator disagreement: ann says A, bob says B.
      row('d1', 'R', 'p', 'q', [{ evaluator: 'ann', choice: 'A' }, { evaluator: 'bob', choice: 'B' }]),
      // Evaluator disagreement with a tie: 2 A vs 1 tie.
      row('d2', 'S', 'p', 'q', [{ evaluator: 'ann', choice: 'A' }, { evaluator: 'bob', choice: 'A' }, { evaluator: 'cat', choice: 'tie' }]),
      // Self-inconsistency: dan answers the same comparison twice, A then B.
      row('s1', 'T', 'p', 'q', [{ evaluator: 'dan', choice: 'A' }, { evaluator: 'dan', choice: 'B' }]),
      // An intransitive cycle in eve's verdicts on prompt U: k ≻ l, l ≻ m, m ≻ k.
      row('i1', 'U', 'k', 'l', [{ evaluator: 'eve', choice: 'A' }]),
      row('i2', 'U', 'l', 'm', [{ evaluator: 'eve', choice: 'A' }]),
      row('i3', 'U', 'k', 'm', [{ evaluator: 'eve', choice: 'B' }]),
      // A consensus cycle on prompt V from three evaluators who are each transitive:
      // majorities f ≻ g (2:1), g ≻ h (2:1), h ≻ f (2:1) — the classic Condorcet paradox.
      row('v1', 'V', 'f', 'g', [{ evaluator: 'ann', choice: 'A' }, { evaluator: 'bob', choice: 'A' }, { evaluator: 'cat', choice: 'B' }]),
      row('v2', 'V', 'g', 'h', [{ evaluator: 'ann', choice: 'A' }, { evaluator: 'bob', choice: 'B' }, { evaluator: 'cat', choice: 'A' }]),
      row('v3', 'V', 'h', 'f', [{ evaluator: 'ann', choice: 'B' }, { evaluator: 'bob', choice: 'A' }, { evaluator: 'cat', choice: 'A' }]),
    ];
    await importDataset(t.store, { path: t.file('planted.jsonl', jsonl(planted)) });
    const report = runChecks(t.store);
    expect(report.found['evaluator-disagreement']).toBe(2 + 3); // d1, d2 and the three V comparisons (each 2:1)
    expect(report.found['self-inconsistency']).toBe(1);
    expect(report.found['intransitive-cycle']).toBe(2); // eve's cycle and the consensus cycle on V
    expect(report.byKind).toEqual({ 'evaluator-disagreement': 5, 'self-inconsistency': 1, 'intransitive-cycle': 2 });

    const cycles = t.store.db.prepare(`SELECT evidence FROM flags WHERE kind = 'intransitive-cycle' ORDER BY severity DESC`).all() as { evidence: string }[];
    const evidence = cycles.map((c) => JSON.parse(c.evidence));
    expect(evidence[0]).toMatchObject({ scope: 'evaluator', evaluator: 'eve' });
    expect(evidence[0].cycle).toHaveLength(3);
    expect(evidence[1]).toMatchObject({ scope: 'consensus', evaluator: null });

    const self = JSON.parse((t.store.db.prepare(`SELECT evidence FROM flags WHERE kind = 'self-inconsistency'`).get() as { evidence: string }).evidence);
    expect(self.evaluator).toBe('dan');
    expect(self.answers.map((a: { choice: string }) => a.choice).sort()).toEqual(['A', 'B']);

    // Re-running adds nothing; a dismissed flag is not reopened.
    const before = byKey(t.store.db);
    t.store.db.prepare(`UPDATE flags SET status = 'dismissed' WHERE kind = 'self-inconsistency'`).run();
    const again = runChecks(t.store);
    expect(again.added).toBe(0);
    expect(byKey(t.store.db)).toEqual(before);
    expect(again.byKind['self-inconsistency']).toBeUndefined();
    // Every flag was written to the audit log once.
    expect((t.store.db.prepare(`SELECT count(*) AS n FROM audit_log WHERE action = 'flag'`).get() as { n: number }).n).toBe(8);
  });

  it('ignores retracted judgments', async () => {
    await importDataset(t.store, { path: t.file('d.jsonl', jsonl([row('d1', 'R', 'p', 'q', [{ evaluator: 'ann', choice: 'A' }, { evaluator: 'bob', choice: 'B' }])])) });
    t.store.db.prepare(`UPDATE judgments SET retracted_at = '2026-01-01' WHERE evaluator_id = (SELECT id FROM evaluators WHERE name = 'bob')`).run();
    expect(runChecks(t.store).added).toBe(0);
  });
});

describe('rung check', () => {
  it('prints open flags per kind, as JSON with --json', async () => {
    const { rung } = await import('../helpers/cli');
    const file = t.file('d.jsonl', jsonl([row('d1', 'R', 'p', 'q', [{ evaluator: 'ann', choice: 'A' }, { evaluator: 'bob', choice: 'B' }])]));
    const db = `${t.dir}/cli.db`;
    expect(rung(['import', file, '--db', db]).code).toBe(0);
    const result = rung(['check', '--db', db, '--json']);
    expect(result.code).toBe(0);
    expect(JSON.parse(result.stdout)).toMatchObject({ byKind: { 'evaluator-disagreement': 1 }, added: 1 });
    const text = rung(['check', '--db', db]);
    expect(text.stdout).toMatch(/0 new flags; open flags by kind:\n  evaluator-disagreement\s+1/);
  });
});
