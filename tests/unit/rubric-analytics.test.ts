// Rubrics on the analytics side (#18): training labels from one criterion (consensus and left-out counts the
// criterion's), agreement per criterion, the verdict checks per later criterion with the criterion named in the flag,
// exports with each judgment's criteria and a criterion as the preference label (TRL round trip), and every refusal
// (unknown criterion, a criterion without a run, a run without a rubric) with its exact message.
import Database from 'better-sqlite3';
import { describe, expect, it } from 'vitest';
import { runVerdictChecks } from '../../electron/core/checks/run';
import { insertJudgmentCriteria, insertRunCriteria } from '../../electron/core/db/criteria';
import { importDataset } from '../../electron/core/datasets/import';
import { exportLines } from '../../electron/core/datasets/export';
import { loadComparisons } from '../../electron/core/ladder/training-data';
import { useService } from '../helpers/api';
import { tempStore, uploadSource } from '../helpers/store';

const s = useService();

type Choice = 'A' | 'B' | 'tie';
const EVALUATORS = ['ann', 'bob', 'cy', 'dee'];
const PROMPTS = ['p0', 'p1', 'p2', 'p3', 'p4'];
const RUBRIC = [
  { key: 'helpful', label: 'Helpfulness', description: '' },
  { key: 'harmless', label: 'Harmlessness', description: 'no harm done' },
];

/** Five comparisons everyone judged A overall (also on helpful); on harmless ann says A and the others B; dee's verdict
 *  on p4 carries no criteria; and a plain run without a rubric over the same comparisons. */
async function seed() {
  const rows = PROMPTS.map((p) => ({ prompt: p, response_a: `${p} answer a`, response_b: `${p} answer b`, layer: 0, judgments: EVALUATORS.map((evaluator) => ({ evaluator, choice: 'A' })) }));
  await s.value('importDataset', { source: uploadSource('rubric.jsonl', rows) });
  const layers = [{ name: 'L0', rule: { kind: 'field', layer: 0 } }];
  const run = await s.value<{ id: string }>('createRun', { name: 'Rubric', layers });
  const plain = await s.value<{ id: string }>('createRun', { name: 'Plain', layers });
  const db = s.t.store.db;
  insertRunCriteria(db, run.id, RUBRIC);
  const judgments = db
    .prepare(`SELECT j.id, e.name AS evaluator, p.text AS prompt FROM judgments j JOIN evaluators e ON e.id = j.evaluator_id JOIN comparisons c ON c.id = j.comparison_id JOIN prompts p ON p.id = c.prompt_id`)
    .all() as { id: string; evaluator: string; prompt: string }[];
  for (const j of judgments) {
    if (j.evaluator === 'dee' && j.prompt === 'p4') continue;
    const harmless: Choice = j.evaluator === 'ann' ? 'A' : 'B';
    insertJudgmentCriteria(db, j.id, run.id, [
      { criterion: 'helpful', choice: 'A', strength: null },
      { criterion: 'harmless', choice: harmless, strength: 3 },
    ]);
  }
  return { runId: run.id, plainId: plain.id, judgments };
}

const targets = (t: ReturnType<typeof loadComparisons>) => Object.fromEntries(t.comparisonIds.map((_, i) => [t.prompts[t.group[i]], t.target[i]]));

describe('training on a criterion', () => {
  it('labels from the criterion: targets and left-out counts differ from the overall ones', async () => {
    const { runId } = await seed();
    const overall = loadComparisons(s.t.store.db, { judgedOnly: true });
    expect(Object.values(targets(overall))).toEqual([1, 1, 1, 1, 1]);
    expect(overall.judgmentCount).toBe(20);
    const harmless = loadComparisons(s.t.store.db, { judgedOnly: true, criterion: { runId, key: 'harmless' } });
    // three B (strength 3) against one A on p0–p3; two B against one A on p4 (dee's verdict there has no criteria)
    expect(targets(harmless)).toEqual({ p0: 0, p1: 0, p2: 0, p3: 0, p4: 0 });
    expect(harmless.judgmentCount).toBe(19);
    expect(harmless.leftOut.withoutCriterion).toBe(1);
    expect(overall.leftOut.withoutCriterion).toBe(0);
    const helpful = loadComparisons(s.t.store.db, { judgedOnly: true, criterion: { runId, key: 'helpful' } });
    expect(Object.values(targets(helpful))).toEqual([1, 1, 1, 1, 1]);
  });

  it('refuses an unknown criterion, a criterion without a run and a run without a rubric, exactly', async () => {
    const { runId, plainId } = await seed();
    expect(await s.call('trainModel', { runId, layer: 0, criterion: 'honest' })).toEqual({
      ok: false,
      error: { code: 'NOT_FOUND', message: 'criterion: run "Rubric" has no criterion "honest" (its criteria: helpful, harmless)' },
    });
    expect(await s.call('trainModel', { criterion: 'harmless' })).toEqual({
      ok: false,
      error: { code: 'INVALID_PARAMS', message: 'criterion: "harmless" needs a run (runId): criteria belong to a run\'s rubric' },
    });
    expect(await s.call('trainModel', { runId: plainId, layer: 0, criterion: 'harmless' })).toEqual({
      ok: false,
      error: { code: 'INVALID_PARAMS', message: 'criterion: run "Plain" has no criteria (it was created without a rubric)' },
    });
    // a Ladder page job is refused when asked, not started to fail
    expect(await s.call('startTraining', { runId, layer: 0, criterion: 'honest' })).toMatchObject({ ok: false, error: { code: 'NOT_FOUND', message: 'criterion: run "Rubric" has no criterion "honest" (its criteria: helpful, harmless)' } });
    expect(await s.call('listTrainingJobs', {})).toEqual({ ok: true, value: [] });
    const badKey = await s.call('trainModel', { runId, layer: 0, criterion: 'Not A Key' });
    expect(badKey).toMatchObject({ ok: false, error: { code: 'INVALID_PARAMS' } });
    expect(JSON.stringify(badKey)).toContain('criterion');
  });
});

describe('agreement per criterion', () => {
  it('each evaluator is measured on their criterion verdicts where those differ', async () => {
    const { runId } = await seed();
    const overall = await s.value('getEvaluatorStats', {});
    const agreement = (stats: typeof overall, name: string) => stats.evaluators.find((e: { evaluator: string }) => e.evaluator === name).consensusAgreement;
    for (const name of EVALUATORS) expect(agreement(overall, name)).toBe(1);
    const harmless = await s.value('getEvaluatorStats', { runId, criterion: 'harmless' });
    expect(agreement(harmless, 'ann')).toBe(0); // the others say B on every comparison
    expect(agreement(harmless, 'bob')).toBe(1);
    expect(harmless.evaluators.find((e: { evaluator: string }) => e.evaluator === 'dee').judgments).toBe(4);
    expect(harmless.alpha).not.toBe(overall.alpha);
    const helpful = await s.value('getEvaluatorStats', { runId, criterion: 'helpful' });
    expect(agreement(helpful, 'ann')).toBe(1);
    // the run alone scopes to its comparisons (all of them here): the overall figures
    expect(await s.value('getEvaluatorStats', { runId })).toEqual(overall);
  });

  it('refuses an unknown criterion, a criterion without a run and a run without a rubric, exactly', async () => {
    const { runId, plainId } = await seed();
    expect(await s.call('getEvaluatorStats', { runId, criterion: 'honest' })).toEqual({
      ok: false,
      error: { code: 'NOT_FOUND', message: 'criterion: run "Rubric" has no criterion "honest" (its criteria: helpful, harmless)' },
    });
    expect(await s.call('getEvaluatorStats', { criterion: 'harmless' })).toEqual({
      ok: false,
      error: { code: 'INVALID_PARAMS', message: 'criterion: "harmless" needs a run (runId): criteria belong to a run\'s rubric' },
    });
    expect(await s.call('getEvaluatorStats', { runId: plainId, criterion: 'harmless' })).toEqual({
      ok: false,
      error: { code: 'INVALID_PARAMS', message: 'criterion: run "Plain" has no criteria (it was created without a rubric)' },
    });
    const unknownRun = '0123abcd-0000-4000-8000-000000000000';
    expect(await s.call('getEvaluatorStats', { runId: unknownRun })).toEqual({ ok: false, error: { code: 'NOT_FOUND', message: `no run with id ${unknownRun}` } });
  });
});

describe('checks per criterion', () => {
  it('flags a disagreement on a later criterion with the criterion in its key, evidence and row', async () => {
    const { runId } = await seed();
    const report = runVerdictChecks(s.t.store);
    expect(report.failed).toEqual([]);
    const flags = s.t.store.db.prepare(`SELECT kind, dedupe_key AS key, comparison_id AS comparisonId, evidence FROM flags ORDER BY dedupe_key`).all() as {
      kind: string;
      key: string;
      comparisonId: string;
      evidence: string;
    }[];
    // everyone agrees overall (and on helpful, the first criterion, which the plain checks cover): only harmless flags
    expect(flags).toHaveLength(5);
    for (const f of flags) {
      expect(f.kind).toBe('evaluator-disagreement');
      expect(f.key).toBe(`evaluator-disagreement:${f.comparisonId}:criterion:${runId}:harmless`);
      expect(JSON.parse(f.evidence).criterion).toEqual({ runId, run: 'Rubric', key: 'harmless', label: 'Harmlessness' });
      expect(JSON.parse(f.evidence).verdicts.map((v: { evaluator: string; choice: string }) => `${v.evaluator}:${v.choice}`).sort()).toContain('ann:A');
    }
    const listed = await s.value('listFlags', {});
    expect(listed.rows.map((r: { criterion?: string }) => r.criterion)).toEqual(Array(5).fill('Harmlessness'));
    expect(runVerdictChecks(s.t.store).added).toBe(0); // re-running adds nothing
  });

  it('flags a self-inconsistency on a criterion from a repeat that carries its own criteria', async () => {
    await s.value('importDataset', {
      source: uploadSource('repeat.jsonl', [{ prompt: 'q', response_a: 'x', response_b: 'y', judgments: [{ evaluator: 'dan', choice: 'A' }, { evaluator: 'dan', choice: 'A' }] }]),
    });
    const run = await s.value<{ id: string }>('createRun', { name: 'Rubric', layers: [{ name: 'L0', rule: { kind: 'field', layer: 0 } }] });
    const db = s.t.store.db;
    insertRunCriteria(db, run.id, RUBRIC);
    const [first, second] = db.prepare('SELECT id FROM judgments ORDER BY created_at, rowid').pluck().all() as string[];
    insertJudgmentCriteria(db, first, run.id, [{ criterion: 'helpful', choice: 'A', strength: null }, { criterion: 'harmless', choice: 'A', strength: null }]);
    insertJudgmentCriteria(db, second, run.id, [{ criterion: 'helpful', choice: 'A', strength: null }, { criterion: 'harmless', choice: 'B', strength: null }]);
    runVerdictChecks(s.t.store);
    const flags = db.prepare('SELECT kind, dedupe_key AS key, evidence FROM flags').all() as { kind: string; key: string; evidence: string }[];
    expect(flags.map((f) => f.kind)).toEqual(['self-inconsistency']);
    expect(flags[0].key).toMatch(new RegExp(`^self-inconsistency:[0-9a-f-]+:[0-9a-f-]+:criterion:${run.id}:harmless$`));
    const evidence = JSON.parse(flags[0].evidence);
    expect(evidence.criterion.label).toBe('Harmlessness');
    expect(evidence.answers.map((a: { choice: string }) => a.choice)).toEqual(['A', 'B']);
  });
});

describe('cycles per criterion', () => {
  it('flags an intransitive cycle on a criterion when the overall verdicts are transitive', async () => {
    // eve on prompt U, overall: k ≻ l, l ≻ m, k ≻ m (transitive); on harmless: k ≻ l, l ≻ m, m ≻ k (a cycle)
    const rows = [
      { prompt: 'U', response_a: 'k', response_b: 'l', judgments: [{ evaluator: 'eve', choice: 'A' }] },
      { prompt: 'U', response_a: 'l', response_b: 'm', judgments: [{ evaluator: 'eve', choice: 'A' }] },
      { prompt: 'U', response_a: 'k', response_b: 'm', judgments: [{ evaluator: 'eve', choice: 'A' }] },
    ];
    await s.value('importDataset', { source: uploadSource('cycle.jsonl', rows) });
    const run = await s.value<{ id: string }>('createRun', { name: 'Rubric', layers: [{ name: 'L0', rule: { kind: 'field', layer: 0 } }] });
    const db = s.t.store.db;
    insertRunCriteria(db, run.id, RUBRIC);
    const judged = db.prepare('SELECT j.id, ra.text AS a, rb.text AS b FROM judgments j JOIN comparisons c ON c.id = j.comparison_id JOIN responses ra ON ra.id = c.response_a_id JOIN responses rb ON rb.id = c.response_b_id').all() as { id: string; a: string; b: string }[];
    for (const j of judged) {
      const harmless: Choice = j.a === 'k' && j.b === 'm' ? 'B' : 'A';
      insertJudgmentCriteria(db, j.id, run.id, [{ criterion: 'helpful', choice: 'A', strength: null }, { criterion: 'harmless', choice: harmless, strength: null }]);
    }
    runVerdictChecks(s.t.store);
    const flags = db.prepare('SELECT kind, dedupe_key AS key, evidence FROM flags').all() as { kind: string; key: string; evidence: string }[];
    expect(flags.map((f) => f.kind)).toEqual(['intransitive-cycle']);
    expect(flags[0].key.endsWith(`:criterion:${run.id}:harmless`)).toBe(true);
    expect(JSON.parse(flags[0].evidence).criterion.label).toBe('Harmlessness');
  });
});

describe('exports per criterion', () => {
  const lines = (content: string) => content.trim().split('\n').map((l) => JSON.parse(l));

  it('carries each judgment\'s criteria, and a criterion as the preference label', async () => {
    const { runId } = await seed();
    const all = lines((await s.value('exportData', { format: 'trl-jsonl' })).content);
    expect(all).toHaveLength(20);
    const ann = all.find((r: { evaluator: string; prompt: string }) => r.evaluator === 'ann' && r.prompt === 'p0');
    expect(ann.criteria).toEqual({ helpful: { choice: 'A', strength: null }, harmless: { choice: 'A', strength: 3 } });
    expect(ann.criterion).toBeUndefined();
    expect(all.find((r: { evaluator: string; prompt: string }) => r.evaluator === 'dee' && r.prompt === 'p4').criteria).toEqual({});

    const harmless = await s.value('exportData', { format: 'trl-jsonl', runId, criterion: 'harmless' });
    expect(harmless.fileName).toBe('rung-preferences-harmless.jsonl');
    const rows = lines(harmless.content);
    expect(rows).toHaveLength(19); // dee's p4 verdict has no harmless verdict
    for (const r of rows) {
      expect(r.criterion).toBe('harmless');
      expect(r.strength).toBe(3);
      expect(r.chosen).toBe(r.evaluator === 'ann' ? `${r.prompt} answer a` : `${r.prompt} answer b`);
    }

    const csv = (await s.value<{ content: string }>('exportData', { format: 'judgments-csv' })).content.split('\r\n');
    const header = csv[0].split(',');
    expect(header.slice(-4)).toEqual(['criterion_helpful', 'criterion_helpful_strength', 'criterion_harmless', 'criterion_harmless_strength']);
    const bobRow = csv.find((l) => l.includes(',bob,'))!;
    expect(bobRow.endsWith(',A,,B,3')).toBe(true);
    const byCriterion = (await s.value<{ content: string }>('exportData', { format: 'judgments-csv', runId, criterion: 'harmless' })).content.split('\r\n').filter(Boolean);
    expect(byCriterion).toHaveLength(20); // the header and 19 verdicts
    const choice = header.indexOf('choice');
    expect(byCriterion.slice(1).map((l) => l.split(',')[choice]).filter((c) => c === 'B')).toHaveLength(14);
  });

  it('a criterion export re-imports as that criterion\'s preferences', async () => {
    // one verdict per comparison (a TRL file holds one preference per pair): A overall, B on harmless for p1 and p3
    const rows = PROMPTS.map((p) => ({ prompt: p, response_a: `${p} answer a`, response_b: `${p} answer b`, layer: 0, judgments: [{ evaluator: 'ann', choice: 'A' }] }));
    await s.value('importDataset', { source: uploadSource('one.jsonl', rows) });
    const { id: runId } = await s.value<{ id: string }>('createRun', { name: 'Rubric', layers: [{ name: 'L0', rule: { kind: 'field', layer: 0 } }] });
    insertRunCriteria(s.t.store.db, runId, RUBRIC);
    const judged = s.t.store.db.prepare('SELECT j.id, p.text AS prompt FROM judgments j JOIN comparisons c ON c.id = j.comparison_id JOIN prompts p ON p.id = c.prompt_id').all() as { id: string; prompt: string }[];
    for (const j of judged) {
      const harmless: Choice = j.prompt === 'p1' || j.prompt === 'p3' ? 'B' : 'A';
      insertJudgmentCriteria(s.t.store.db, j.id, runId, [{ criterion: 'helpful', choice: 'A', strength: null }, { criterion: 'harmless', choice: harmless, strength: null }]);
    }
    const exported = (await s.value('exportData', { format: 'trl-jsonl', runId, criterion: 'harmless' })).content;
    const target = tempStore();
    try {
      await importDataset(target.store, { path: target.file('harmless.jsonl', exported) }, { format: 'trl' });
      const preferences = (db: Database.Database, criterion?: string) =>
        db
          .prepare(
            `SELECT p.text AS prompt, CASE v.choice WHEN 'A' THEN ra.text ELSE rb.text END AS chosen
               FROM judgments j ${criterion ? `JOIN judgment_criteria v ON v.judgment_id = j.id AND v.criterion = '${criterion}'` : 'JOIN judgments v ON v.id = j.id'}
               JOIN comparisons c ON c.id = j.comparison_id JOIN prompts p ON p.id = c.prompt_id
               JOIN responses ra ON ra.id = c.response_a_id JOIN responses rb ON rb.id = c.response_b_id
              WHERE v.choice IN ('A', 'B') ORDER BY 1, 2`,
          )
          .all();
      expect(preferences(target.store.db)).toEqual(preferences(s.t.store.db, 'harmless'));
      expect(preferences(target.store.db)).not.toEqual(preferences(s.t.store.db));
    } finally {
      target.cleanup();
    }
  });

  it('without rubrics the CSV has no criterion columns and the stream helper matches', async () => {
    await s.value('importDataset', { source: uploadSource('plain.jsonl', [{ prompt: 'q', response_a: 'x', response_b: 'y', judgments: [{ evaluator: 'ann', choice: 'B' }] }]) });
    const [header] = [...exportLines(s.t.store, 'judgments-csv')];
    expect(header.trim().split(',').at(-1)).toBe('segment_marks');
    expect(JSON.parse([...exportLines(s.t.store, 'trl-jsonl')][0]).criteria).toEqual({});
  });

  it('refuses an unknown criterion, a criterion without a run and a run without a rubric, exactly', async () => {
    const { runId, plainId } = await seed();
    expect(await s.call('exportData', { format: 'trl-jsonl', runId, criterion: 'honest' })).toEqual({
      ok: false,
      error: { code: 'NOT_FOUND', message: 'criterion: run "Rubric" has no criterion "honest" (its criteria: helpful, harmless)' },
    });
    expect(await s.call('exportData', { format: 'trl-jsonl', criterion: 'harmless' })).toEqual({
      ok: false,
      error: { code: 'INVALID_PARAMS', message: 'criterion: "harmless" needs a run (runId): criteria belong to a run\'s rubric' },
    });
    expect(await s.call('exportData', { format: 'judgments-csv', runId: plainId, criterion: 'harmless' })).toEqual({
      ok: false,
      error: { code: 'INVALID_PARAMS', message: 'criterion: run "Plain" has no criteria (it was created without a rubric)' },
    });
  });
});
