// getEvaluatorStats answers exactly what the implementation it replaced answered (#14): that one (objects per verdict,
// grouped in Maps) is kept below as the reference, and both run on seeded stores with ties, skips, retractions,
// exclusions, position-check repeats, re-judged comparisons, imported verdicts older than later rows, verdicts in the
// same millisecond, model verdicts, a simulated evaluator, every kind of assistance record, ground truth, several runs
// and a rubric's criteria. Every number is compared exactly (toEqual), floats included.
import type Database from 'better-sqlite3';
import { expect, it } from 'vitest';
import { evaluatorStats } from '../../electron/core/app/evaluator-stats';
import { CONSENSUS_MIN_OTHERS } from '../../electron/api/flags';
import { groupBy, latestPerEvaluator, majority } from '../../electron/core/checks/verdicts';
import { insertJudgmentCriteria, insertRunCriteria } from '../../electron/core/db/criteria';
import { criterionChoices } from '../../electron/core/db/criterion-verdicts';
import { runComparisonIds } from '../../electron/core/db/runs';
import { chosenCriterion, onCriterion } from '../../electron/core/ladder/criterion';
import { krippendorffAlpha, median, pairwiseKappas } from '../../electron/core/metrics/agreement';
import { overTrust, truthOfVerdicts } from '../helpers/judged-verdicts-reference';
import type { Store } from '../../electron/core/store';
import { useService } from '../helpers/api';
import { uploadSource } from '../helpers/store';

const s = useService();

interface RefVerdict {
  judgmentId: string;
  comparisonId: string;
  evaluatorId: string;
  evaluatorName: string;
  choice: 'A' | 'B' | 'tie';
  durationMs: number | null;
  simulated: boolean;
  excluded: boolean;
  repeatOf: string | null;
  mode: string | null;
  pA: number | null;
  groundTruth: 'A' | 'B' | 'tie' | null;
}

/** The reference's read: live, non-skip verdicts of kind-human evaluators that no relabel answer replaced, oldest first
 *  (ties by id). (The replaced implementation counted replaced verdicts too; they are left out now, as the checks leave
 *  them out, and the reference with them.) */
function referenceVerdicts(db: Database.Database): RefVerdict[] {
  const rows = db
    .prepare(
      `SELECT j.id AS judgmentId, j.comparison_id AS comparisonId, j.evaluator_id AS evaluatorId, e.name AS evaluatorName, j.choice,
              j.duration_ms AS durationMs, e.simulated IS NOT NULL AS simulated, j.excluded_at IS NOT NULL AS excluded, j.repeat_of AS repeatOf,
              CASE WHEN json_valid(j.assistance) THEN json_extract(j.assistance, '$.mode') END AS mode,
              CASE WHEN json_valid(j.assistance) THEN json_extract(j.assistance, '$.pA') END AS pA, c.ground_truth AS groundTruth
         FROM live_judgments j JOIN evaluators e ON e.id = j.evaluator_id AND e.kind = 'human' JOIN comparisons c ON c.id = j.comparison_id
        WHERE j.choice IN ('A', 'B', 'tie') AND j.id NOT IN (SELECT original_judgment_id FROM relabel_requests WHERE original_judgment_id IS NOT NULL)
        ORDER BY j.created_at, j.id`,
    )
    .all() as (Omit<RefVerdict, 'simulated' | 'excluded'> & { simulated: number; excluded: number })[];
  return rows.map((r) => ({ ...r, simulated: r.simulated === 1, excluded: r.excluded === 1, pA: typeof r.pA === 'number' ? r.pA : null }));
}

/** The replaced agreement report, as it was. */
function referenceReport(verdicts: readonly RefVerdict[], judged: readonly RefVerdict[]) {
  const truth = truthOfVerdicts(judged);
  const judgedBy = groupBy(judged, (v) => v.evaluatorId);
  const latest = latestPerEvaluator(verdicts);
  const ratings = latest.map((v) => ({ unit: v.comparisonId, rater: v.evaluatorId, value: v.choice }));
  const byComparison = groupBy(latest, (v) => v.comparisonId);
  const evaluators = [];
  for (const [evaluatorId, own] of groupBy(verdicts, (v) => v.evaluatorId)) {
    let [shared, enoughOthers, compared, agreed] = [0, 0, 0, 0];
    for (const v of latestPerEvaluator(own)) {
      const others = (byComparison.get(v.comparisonId) ?? []).filter((o) => o.evaluatorId !== evaluatorId);
      if (others.length > 0) shared++;
      if (others.length < CONSENSUS_MIN_OTHERS) continue;
      enoughOthers++;
      const consensus = majority(others.map((o) => o.choice));
      if (consensus === null) continue;
      compared++;
      if (consensus === v.choice) agreed++;
    }
    const repeats = [...groupBy(own, (v) => v.comparisonId).values()].filter((g) => g.length > 1);
    const consistent = repeats.filter((g) => new Set(g.map((v) => v.choice)).size === 1).length;
    const ms = median(own.map((v) => v.durationMs).filter((d): d is number => d !== null));
    evaluators.push({
      evaluatorId,
      evaluator: own[0].evaluatorName,
      judgments: own.length,
      medianSeconds: ms === null ? null : ms / 1000,
      consensusAgreement: compared ? agreed / compared : null,
      consensusCompared: compared,
      consensusGap: compared ? null : shared === 0 ? 'no-shared-items' : enoughOthers === 0 ? 'too-few-others' : 'others-split',
      selfConsistency: repeats.length ? consistent / repeats.length : null,
      repeatedComparisons: repeats.length,
      simulated: (judgedBy.get(evaluatorId) ?? []).some((v) => v.simulated),
      overTrust: overTrust(judgedBy.get(evaluatorId) ?? [], truth),
    });
  }
  evaluators.sort((x, y) => x.evaluator.localeCompare(y.evaluator));
  const names = new Map(evaluators.map((e) => [e.evaluatorId, e.evaluator]));
  const kappaOf = pairwiseKappas(ratings);
  const pairs = [];
  for (let i = 0; i < evaluators.length; i++) {
    for (let j = i + 1; j < evaluators.length; j++) {
      const [a, b] = [evaluators[i].evaluatorId, evaluators[j].evaluatorId];
      const k = kappaOf(a, b);
      if (k.n > 0) pairs.push({ a, b, n: k.n, kappa: k.kappa, aName: names.get(a), bName: names.get(b) });
    }
  }
  const alpha = krippendorffAlpha(ratings);
  return { evaluators, pairs, alpha: alpha.alpha, alphaUnits: alpha.units };
}

/** The replaced getEvaluatorStats: all verdicts, a run's, or a run's on one of its criteria. */
function referenceStats(store: Store, runId?: string, criterion?: string) {
  const chosen = chosenCriterion(store.db, runId, criterion);
  const all = referenceVerdicts(store.db);
  const inRun = runId === undefined ? null : new Set(runComparisonIds(store.db, runId));
  const scoped = inRun ? all.filter((v) => inRun.has(v.comparisonId)) : all;
  const agreement = chosen ? onCriterion(scoped, criterionChoices(store.db, chosen.runId, chosen.key)) : scoped;
  return referenceReport(agreement, scoped.filter((v) => !v.excluded && v.repeatOf === null));
}

/** Deterministic numbers in [0, 1) (mulberry32). */
function random(seed: number): () => number {
  let a = seed;
  return () => {
    a = (a + 0x6d2b79f5) | 0;
    let t = Math.imul(a ^ (a >>> 15), 1 | a);
    t = (t + Math.imul(t ^ (t >>> 7), 61 | t)) ^ t;
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

const ASSISTANCE = [
  null,
  null,
  JSON.stringify({ mode: 'assisted', pA: 0.2 }),
  JSON.stringify({ mode: 'assisted', pA: 0.5 }),
  JSON.stringify({ mode: 'assisted', pA: 0.9 }),
  JSON.stringify({ mode: 'assisted', pA: 1 }),
  JSON.stringify({ mode: 'assisted', pA: '0.7' }),
  JSON.stringify({ mode: 'assisted' }),
  JSON.stringify({ mode: 'control', pA: 0.1 }),
  JSON.stringify({ mode: 'unscored' }),
  JSON.stringify({ mode: 1, pA: 0.1 }),
  JSON.stringify({ pA: 0.8 }),
  'not json',
];

/** People whose names sort differently by localeCompare than their ids by code unit; one simulated; one model. */
const PEOPLE: [id: string, name: string, simulated: string | null][] = [
  ['z-ann', 'ann', null],
  ['Y-bob', 'Bob', null],
  ['x-emile', 'Émile', null],
  ['B-eve', 'eve', null],
  ['a-fay', 'Fay', '{"error":0.2}'],
  ['m-gus', 'gus', null],
  ['D-zoe', 'zoë', null],
];

async function seed(seedNumber: number, prompts: number) {
  const rand = random(seedNumber);
  const pick = <T>(items: readonly T[]): T => items[Math.floor(rand() * items.length)];
  const db = s.t.store.db;
  // Imported verdicts (by 'imp-a', 'imp-b' and 'ann', who the import names and creates), three layers.
  const rows = Array.from({ length: prompts }, (_, i) => ({
    prompt: `prompt ${seedNumber} ${i}`,
    response_a: `a ${i}`,
    response_b: `b ${i}`,
    layer: i % 3,
    judgments: ['imp-a', 'imp-b', 'ann'].filter(() => rand() < 0.5).map((evaluator) => ({ evaluator, choice: pick(['A', 'B', 'tie', 'A']) })),
  }));
  await s.value('importDataset', { source: uploadSource(`seed-${seedNumber}.jsonl`, rows) });
  // Imported verdicts dated before and among the later ones, some in the same millisecond.
  const stamp = (minute: number) => `2026-12-01T${String(10 + Math.floor(minute / 60)).padStart(2, '0')}:${String(minute % 60).padStart(2, '0')}:00.000Z`;
  const imported = db.prepare('SELECT id FROM judgments ORDER BY rowid').pluck().all() as string[];
  const redate = db.prepare('UPDATE judgments SET created_at = ?, duration_ms = ? WHERE id = ?');
  db.transaction(() => imported.forEach((id) => redate.run(stamp(Math.floor(rand() * 40)), rand() < 0.5 ? null : Math.floor(rand() * 5000), id)))();
  db.prepare(`UPDATE comparisons SET ground_truth = CASE (rowid * 7 + ?) % 6 WHEN 0 THEN 'A' WHEN 1 THEN 'B' WHEN 2 THEN 'tie' END`).run(seedNumber);

  const insertEvaluator = db.prepare(`INSERT INTO evaluators (id, kind, name, domains, created_at, simulated) VALUES (?, ?, ?, '[]', 't', ?)`);
  for (const [id, name, simulated] of PEOPLE.filter(([, name]) => name !== 'ann')) insertEvaluator.run(id, 'human', name, simulated);
  insertEvaluator.run('rm0', 'model', 'RM0', null);
  const ann = db.prepare(`SELECT id FROM evaluators WHERE name = 'ann'`).pluck().get() as string;
  const judges = [ann, ...PEOPLE.filter(([, name]) => name !== 'ann').map(([id]) => id), 'rm0'];

  const insert = db.prepare(
    `INSERT INTO judgments (id, comparison_id, evaluator_id, choice, duration_ms, origin, created_at, retracted_at, excluded_at, repeat_of, assistance)
     VALUES (?, ?, ?, ?, ?, 'ui', ?, ?, ?, ?, ?)`,
  );
  const comparisons = db.prepare('SELECT id FROM comparisons ORDER BY rowid').pluck().all() as string[];
  let minute = 20;
  db.transaction(() => {
    for (const comparisonId of comparisons) {
      for (const evaluator of judges) {
        if (rand() < 0.35) continue;
        const times = rand() < 0.15 ? 2 : 1; // judged again later (not as a position check)
        for (let k = 0; k < times; k++) {
          if (rand() < 0.7) minute++;
          const id = `j-${Math.floor(rand() * 1e9).toString(36)}-${minute}`;
          const choice = pick(['A', 'B', 'tie', 'skip', 'A', 'B']);
          insert.run(id, comparisonId, evaluator, choice, rand() < 0.2 ? null : Math.floor(rand() * 9000), stamp(minute), rand() < 0.08 ? 't' : null, rand() < 0.08 ? 't' : null, null, pick(ASSISTANCE));
          if (rand() < 0.12) insert.run(`${id}-r`, comparisonId, evaluator, pick(['A', 'B', 'tie']), 400, stamp(minute + 1), null, null, id, null);
        }
      }
    }
  })();
  // Relabel answers: some people's verdicts asked again (a request naming the verdict) and answered later.
  const relabeled = db.prepare(`SELECT id, comparison_id AS c, evaluator_id AS e FROM judgments WHERE choice <> 'skip' AND evaluator_id <> 'rm0' ORDER BY id`).all() as { id: string; c: string; e: string }[];
  const request = db.prepare(`INSERT INTO relabel_requests (id, comparison_id, evaluator_id, requested_by, created_at, done_at, done_judgment_id, original_judgment_id) VALUES (?, ?, ?, 'lead', ?, ?, ?, ?)`);
  db.transaction(() => {
    for (const v of relabeled.filter(() => rand() < 0.06)) {
      minute++;
      const answer = `${v.id}-relabel`;
      insert.run(answer, v.c, v.e, pick(['A', 'B', 'tie']), 1200, stamp(minute + 1), null, null, null, null);
      request.run(`rr-${v.id}`, v.c, v.e, stamp(minute), stamp(minute + 1), answer, v.id);
    }
  })();
  // Runs: two plain ones over some layers, and a rubric run with criterion verdicts on some of its judgments.
  const layer = (k: number) => ({ name: `L${k}`, rule: { kind: 'field', layer: k } });
  const wide = await s.value<{ id: string }>('createRun', { name: `Wide ${seedNumber}`, layers: [layer(0), layer(1)] });
  const narrow = await s.value<{ id: string }>('createRun', { name: `Narrow ${seedNumber}`, layers: [layer(2)] });
  const rubric = await s.value<{ id: string }>('createRun', { name: `Rubric ${seedNumber}`, layers: [layer(1), layer(2)] });
  insertRunCriteria(db, rubric.id, [
    { key: 'helpful', label: 'Helpfulness', description: '' },
    { key: 'harmless', label: 'Harmlessness', description: '' },
  ]);
  const judgments = db.prepare('SELECT id FROM judgments ORDER BY id').pluck().all() as string[];
  db.transaction(() => {
    for (const id of judgments) {
      const criteria = [
        { criterion: 'helpful', choice: pick(['A', 'B', 'tie'] as const), strength: null },
        { criterion: 'harmless', choice: pick(['A', 'B', 'tie'] as const), strength: 2 },
      ].filter(() => rand() < 0.8);
      if (criteria.length) insertJudgmentCriteria(db, id, rubric.id, criteria);
    }
  })();
  return { wide: wide.id, narrow: narrow.id, rubric: rubric.id };
}

for (const [seedNumber, prompts] of [
  [1, 90],
  [2, 60],
  [3, 150],
]) {
  it(`answers exactly what the replaced implementation answered (seed ${seedNumber}), for every scope`, async () => {
    const runs = await seed(seedNumber, prompts);
    const store = s.t.store;
    const scopes: [string | undefined, string | undefined][] = [
      [undefined, undefined],
      [runs.wide, undefined],
      [runs.narrow, undefined],
      [runs.rubric, undefined],
      [runs.rubric, 'helpful'],
      [runs.rubric, 'harmless'],
    ];
    for (const [runId, criterion] of scopes) {
      const params = { ...(runId === undefined ? {} : { runId }), ...(criterion === undefined ? {} : { criterion }) };
      expect(evaluatorStats(store, params)).toEqual(referenceStats(store, runId, criterion));
    }
    // The seed exercises what the figures depend on.
    const all = referenceStats(store);
    expect(all.evaluators.map((e) => e.evaluator)).toEqual(['ann', 'Bob', 'Émile', 'eve', 'Fay', 'gus', 'imp-a', 'imp-b', 'zoë']);
    expect(all.evaluators.find((e) => e.evaluator === 'Fay')?.simulated).toBe(true);
    expect(all.evaluators.filter((e) => e.repeatedComparisons > 0).length).toBeGreaterThan(5);
    expect(all.evaluators.some((e) => e.overTrust.followedWrong > 0)).toBe(true);
    expect(all.evaluators.some((e) => e.selfConsistency !== null && e.selfConsistency < 1)).toBe(true);
    expect(all.pairs.length).toBeGreaterThan(20);
    expect(all.alpha).not.toBeNull();
    expect(referenceStats(store, runs.rubric, 'harmless')).not.toEqual(referenceStats(store, runs.rubric));
  });
}

it('answers the replaced implementation on a store without verdicts, and refuses what it refused', async () => {
  expect(evaluatorStats(s.t.store)).toEqual(referenceStats(s.t.store));
  expect(evaluatorStats(s.t.store)).toEqual({ evaluators: [], pairs: [], alpha: null, alphaUnits: 0 });
  expect(() => evaluatorStats(s.t.store, { runId: 'no-such-run' })).toThrow('no run with id no-such-run');
  expect(() => evaluatorStats(s.t.store, { criterion: 'helpful' })).toThrow('criterion: "helpful" needs a run (runId)');
});
