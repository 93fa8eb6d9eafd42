// Consistency checks on a synthetic database with planted inconsistencies of every kind the data checks cover
// (model checks: tests/native/model-checks.test.ts): each check finds exactly its planted cases (precision and
// recall printed), a clean database yields no flags, and re-running adds nothing.
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { runChecks, runVerdictChecks } from '../../electron/core/checks/run';
import { dispatch } from '../../electron/api';
import { flagKinds } from '../../electron/api/checks';
import { openFlagsByKind } from '../../electron/core/db/flags';
import { checkSettings } from '../../electron/core/checks/settings';
import { createRun } from '../../electron/core/ladder/runs';
import { createHandlers } from '../../electron/core/service';
import { importDataset } from '../../electron/core/datasets/import';
import { jsonl, tempStore, type TempStore, uploadSource } from '../helpers/store';

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
    const report = await runChecks(t.store);
    expect(report.added).toBe(0);
    expect(report.byKind).toEqual({});
    expect(report.failed).toEqual([]);
    expect(report.ran.sort()).toEqual([...checkSettings.kinds].sort());
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
    const report = await runChecks(t.store);
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
    const again = await runChecks(t.store);
    expect(again.added).toBe(0);
    expect(byKey(t.store.db)).toEqual(before);
    expect(again.byKind['self-inconsistency']).toBeUndefined();
    // Every flag was written to the audit log once.
    expect((t.store.db.prepare(`SELECT count(*) AS n FROM audit_log WHERE action = 'flag'`).get() as { n: number }).n).toBe(8);
  });

  it('ignores retracted judgments', async () => {
    await importDataset(t.store, { path: t.file('d.jsonl', jsonl([row('d1', 'R', 'p', 'q', [{ evaluator: 'ann', choice: 'A' }, { evaluator: 'bob', choice: 'B' }])])) });
    t.store.db.prepare(`UPDATE judgments SET retracted_at = '2026-01-01' WHERE evaluator_id = (SELECT id FROM evaluators WHERE name = 'bob')`).run();
    expect(runVerdictChecks(t.store).added).toBe(0);
  });
});

/** Precision and recall of the flags a check found against the planted cases (by dedupe key). */
function precisionRecall(found: readonly string[], planted: readonly string[]) {
  const hit = found.filter((k) => planted.includes(k)).length;
  return { precision: found.length ? hit / found.length : 1, recall: planted.length ? hit / planted.length : 1 };
}

describe('segment vs overall', () => {
  type Sub = { side: 'A' | 'B'; segment: number; verdict: 'correct' | 'wrong' | 'unsure' };
  const one = (id: string, choice: 'A' | 'B' | 'tie', extra: Record<string, unknown> = {}) => ({ ...row(id, `prompt ${id}`, `${id} left`, `${id} right`, [{ evaluator: 'ann', choice }]), ...extra });
  const setSubs = (id: string, subs: Sub[]) =>
    t.store.db
      .prepare(`UPDATE judgments SET sub_judgments = ? WHERE comparison_id IN (SELECT c.id FROM comparisons c JOIN prompts p ON p.id = c.prompt_id WHERE p.text = ?)`)
      .run(JSON.stringify(subs), `prompt ${id}`);
  const comparisonOf = (id: string) =>
    (t.store.db.prepare(`SELECT c.id FROM comparisons c JOIN prompts p ON p.id = c.prompt_id WHERE p.text = ?`).get(`prompt ${id}`) as { id: string }).id;

  async function seed() {
    await importDataset(t.store, {
      path: t.file(
        'segments.jsonl',
        jsonl([
          one('g1', 'A'), one('g2', 'B'), one('g3', 'B', { segments: { a: ['s1', 's2', 's3'], b: ['t1'] } }),
          one('h1', 'A'), one('h2', 'A'), one('h3', 'tie'), one('h4', 'A'), one('h5', 'A', { segments: { a: ['s1'], b: ['t1', 't2'] } }),
        ]),
      ),
    });
    // Planted: chose A, yet A's step 0 is wrong and B's only answered step is correct (all of B correct) → 0.5 + 0.25.
    setSubs('g1', [{ side: 'A', segment: 0, verdict: 'wrong' }, { side: 'B', segment: 0, verdict: 'correct' }]);
    // Planted: chose B with two wrong steps of B, nothing said about A → 0.5 + 0.15.
    setSubs('g2', [{ side: 'B', segment: 1, verdict: 'wrong' }, { side: 'B', segment: 2, verdict: 'wrong' }]);
    // Planted: chose B with a wrong step; 2 of A's 3 given segments checked correct (not all) → 0.5.
    setSubs('g3', [{ side: 'B', segment: 0, verdict: 'wrong' }, { side: 'A', segment: 0, verdict: 'correct' }, { side: 'A', segment: 1, verdict: 'correct' }]);
    // Clean: both responses have a wrong step; the chosen one is all correct; a tie; a later answer corrects a step.
    setSubs('h1', [{ side: 'A', segment: 0, verdict: 'wrong' }, { side: 'B', segment: 1, verdict: 'wrong' }]);
    setSubs('h2', [{ side: 'A', segment: 0, verdict: 'correct' }, { side: 'B', segment: 0, verdict: 'wrong' }]);
    setSubs('h3', [{ side: 'A', segment: 0, verdict: 'wrong' }]);
    setSubs('h4', [{ side: 'A', segment: 0, verdict: 'wrong' }, { side: 'A', segment: 0, verdict: 'correct' }]);
    setSubs('h5', [{ side: 'A', segment: 0, verdict: 'unsure' }, { side: 'B', segment: 0, verdict: 'correct' }]);
  }

  it('flags exactly the planted contradictions, ordered by the rule, once', async () => {
    await seed();
    const report = await runChecks(t.store);
    const found = (t.store.db.prepare(`SELECT dedupe_key AS key, severity, evidence FROM flags WHERE kind = 'segment-vs-overall' ORDER BY severity DESC`).all() as {
      key: string;
      severity: number;
      evidence: string;
    }[]);
    const planted = ['g1', 'g2', 'g3'].map((id) => `segment-vs-overall:${comparisonOf(id)}`);
    const { precision, recall } = precisionRecall(found.map((f) => f.key), planted);
    console.log(`segment-vs-overall: precision ${precision.toFixed(2)}, recall ${recall.toFixed(2)} (${found.length} found, ${planted.length} planted)`);
    expect(precision).toBe(1);
    expect(recall).toBe(1);
    expect(found.map((f) => f.key)).toEqual(planted); // g1 (0.75) > g2 (0.65) > g3 (0.5)
    expect(found.map((f) => f.severity)).toEqual([0.75, 0.65, 0.5]);
    expect(JSON.parse(found[0].evidence).contradictions[0]).toMatchObject({ evaluator: 'ann', choice: 'A', wrongInChosen: [0], rejectedAllCorrect: true });
    expect(JSON.parse(found[2].evidence).contradictions[0]).toMatchObject({ choice: 'B', wrongInChosen: [0], rejectedAllCorrect: false });
    expect(report.byKind).toEqual({ 'segment-vs-overall': 3 });
    expect((await runChecks(t.store)).added).toBe(0);
  });

  it('ignores retracted judgments and malformed sub-judgments', async () => {
    await seed();
    t.store.db.prepare(`UPDATE judgments SET retracted_at = '2026-01-01' WHERE comparison_id = ?`).run(comparisonOf('g1'));
    t.store.db.prepare(`UPDATE judgments SET sub_judgments = '[{"side":"C","segment":0,"verdict":"wrong"}, 5, "x"]' WHERE comparison_id = ?`).run(comparisonOf('g2'));
    t.store.db.prepare(`UPDATE judgments SET sub_judgments = 'not json' WHERE comparison_id = ?`).run(comparisonOf('g3'));
    expect(runVerdictChecks(t.store).found['segment-vs-overall']).toBe(0);
  });
});

describe('checks after an import', () => {
  const upload = (rows: unknown[]) => ({ source: uploadSource('f.jsonl', rows) });

  it('run by themselves after an import that adds something', async () => {
    const handlers = createHandlers(t.store, { mode: 'browser', version: 'test' });
    const result = await dispatch(handlers, 'importDataset', upload([row('d1', 'R', 'p', 'q', [{ evaluator: 'ann', choice: 'A' }, { evaluator: 'bob', choice: 'B' }])]));
    expect(result).toMatchObject({ ok: true, value: { warnings: [] } });
    expect(openFlagsByKind(t.store.db)).toEqual({ 'evaluator-disagreement': 1 });
  });

  it('a failing check does not fail the import: it is reported as a warning and audited', async () => {
    // An active model whose stored blob is corrupt: scoring it fails.
    const run = createRun(t.store.db, 'R', '', [{ name: 'L0', rule: { kind: 'field', layer: 0 } }], 'test');
    t.store.db
      .prepare(
        `INSERT INTO models (id, run_id, layer_id, name, config, engine_version, device, blob, blob_sha256, active, created_at)
         VALUES ('m1', ?, ?, 'broken RM0', '{}', 'x', 'cpu', X'00', 'not-the-hash', 1, '2026-01-01')`,
      )
      .run(run.id, run.layers[0].id);
    const handlers = createHandlers(t.store, { mode: 'browser', version: 'test' });
    const result = await dispatch(handlers, 'importDataset', upload([{ ...row('d1', 'R', 'p', 'q', [{ evaluator: 'ann', choice: 'A' }, { evaluator: 'bob', choice: 'B' }]), layer: 0 }]));
    expect(result.ok).toBe(true);
    const summary = (result as { value: { comparisonsAdded: number; warnings: string[] } }).value;
    expect(summary.comparisonsAdded).toBe(1);
    expect(summary.warnings).toEqual([expect.stringMatching(/^the model-vs-human check failed after the import: .*SHA-256/)]);
    // The other checks' flags are recorded; the failure is in the audit log.
    expect(openFlagsByKind(t.store.db)).toEqual({ 'evaluator-disagreement': 1 });
    const audit = t.store.db.prepare(`SELECT entity_id AS kind, details FROM audit_log WHERE action = 'check-failed'`).all() as { kind: string; details: string }[];
    expect(audit.map((a) => a.kind)).toEqual(['model-vs-human']);
    // On demand, the report says what ran and what failed.
    const report = await runChecks(t.store);
    expect(report.failed.map((f) => f.kind)).toEqual(['model-vs-human']);
    expect(report.ran).not.toContain('model-vs-human');
    expect(report.ran).toContain('cross-layer');
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
    // The import already ran the checks; every kind is listed, zero where nothing is open.
    expect(JSON.parse(result.stdout)).toMatchObject({ byKind: { 'evaluator-disagreement': 1, 'cross-layer': 0, 'model-vs-human': 0, 'segment-vs-overall': 0, drift: 0 }, added: 0 });
    expect(Object.keys(JSON.parse(result.stdout).byKind).sort()).toEqual([...flagKinds].sort());
    const text = rung(['check', '--db', db]);
    expect(text.stdout).toMatch(/0 new flags; open flags by kind:\n  evaluator-disagreement\s+1/);
  });
});
