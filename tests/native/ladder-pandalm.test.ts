// Real data: PandaLM's test set as a 2-layer run split at the median total response length (short, long). RM0 learns
// from the three annotators' consensus on layer 0, RM1 from layers 0..1 with half of layer 1's labels held back; deferral
// at a 5% error target then routes the held-back half with RM1. Prints RM1's held-out accuracy next to the length
// baseline and the human labels deferral saves; asserts only what must hold (counts add up, rates in [0, 1], bounds).
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { trainRung } from '../../electron/core/ladder/train-rung';
import { getQueueStatus, routeLayer } from '../../electron/core/ladder/routing';
import { runComparisonIds } from '../../electron/core/db/runs';
import { useService } from '../helpers/api';
import { sharedDataDir } from '../helpers/store';

const dataDir = sharedDataDir();
const file = dataDir ? join(dataDir, 'pandalm', 'testset-v1.json') : null;
const s = useService();

const inUnit = (x: number | null | undefined) => {
  expect(x).toEqual(expect.any(Number));
  expect(x).toBeGreaterThanOrEqual(0);
  expect(x).toBeLessThanOrEqual(1);
};

describe.skipIf(!file)('PandaLM as a 2-layer run (short vs long)', () => {
  if (!file) console.log('skipped: ../shared/data/pandalm is absent (set RUNG_SHARED_DATA)');

  it('trains RM0 and RM1 on the annotators’ consensus and defers the held-back half of the long layer at 5%', async () => {
    await s.value('importDataset', { source: { kind: 'path', path: file! }, format: 'pandalm' });
    const db = s.t.store.db;
    const store = s.t.store;
    const lengths = (db.prepare(`SELECT length(ra.text) + length(rb.text) AS n FROM comparisons c JOIN responses ra ON ra.id = c.response_a_id JOIN responses rb ON rb.id = c.response_b_id ORDER BY n`).all() as { n: number }[]).map((r) => r.n);
    const median = lengths[Math.floor((lengths.length - 1) / 2)];
    const run = await s.value('createRun', {
      name: 'PandaLM by length',
      layers: [
        { name: 'short', rule: { kind: 'length', maxChars: median } },
        { name: 'long', rule: { kind: 'length', minChars: median + 1 } },
      ],
    });
    expect(run.layers[0].comparisons + run.layers[1].comparisons).toBe(lengths.length);

    // Hold back the labels of every second long comparison: they become pending, and their consensus is kept to score auto-labels.
    const long = runComparisonIds(db, run.id, 1).sort();
    const heldBack = long.filter((_, i) => i % 2 === 1);
    const heldJudgments = db
      .prepare(`SELECT id, comparison_id AS comparisonId, choice FROM judgments WHERE comparison_id IN (SELECT value FROM json_each(?)) AND choice IN ('A', 'B', 'tie')`)
      .all(JSON.stringify(heldBack)) as { id: string; comparisonId: string; choice: 'A' | 'B' | 'tie' }[];
    for (const j of heldJudgments) await s.value('excludeJudgment', { judgmentId: j.id, actor: 'test', reason: 'held back to measure deferral' });
    const votes = new Map<string, { A: number; B: number; tie: number }>();
    for (const j of heldJudgments) {
      const v = votes.get(j.comparisonId) ?? { A: 0, B: 0, tie: 0 };
      v[j.choice]++;
      votes.set(j.comparisonId, v);
    }
    const heldConsensus = (id: string) => {
      const v = votes.get(id);
      return v && v.A > v.B + v.tie ? 'A' : v && v.B > v.A + v.tie ? 'B' : null;
    };

    const rm0 = await trainRung(store, { runId: run.id, layer: 0, holdout: 0.2, seed: 1, device: 'auto', actor: 'test' });
    const rm1 = await trainRung(store, { runId: run.id, layer: 1, holdout: 0.2, seed: 1, device: 'auto', actor: 'test' });
    for (const m of [rm0, rm1]) {
      inUnit(m.heldOut?.accuracy);
      inUnit(m.heldOut?.lengthBaselineAccuracy);
    }

    const round = await routeLayer(store, { runId: run.id, layer: 1, target: 0.05, confidence: 0.95, auditShare: 0.05, actor: 'test' });
    expect(round.pending).toBe(heldBack.length);
    expect(round.autoLabelled + round.human).toBe(round.pending);
    expect(round.audit).toBeLessThanOrEqual(round.autoLabelled);
    if (round.threshold !== null) expect(round.errorBound).toBeLessThanOrEqual(0.05);
    else expect(round.autoLabelled).toBe(0);

    // Auto-labels against the held-back consensus of the three annotators (decisive ones only).
    const autoLabels = db
      .prepare(`SELECT j.comparison_id AS comparisonId, j.choice FROM judgments j WHERE j.origin = 'auto' AND j.retracted_at IS NULL`)
      .all() as { comparisonId: string; choice: 'A' | 'B' }[];
    expect(autoLabels).toHaveLength(round.autoLabelled);
    const scored = autoLabels.filter((a) => heldConsensus(a.comparisonId) !== null);
    const wrong = scored.filter((a) => heldConsensus(a.comparisonId) !== a.choice).length;

    const status = getQueueStatus(store, { runId: run.id, layer: 1 });
    expect(status.autoLabelled).toBe(round.autoLabelled);
    expect(status.inAudit).toBe(round.audit);
    expect(status.waitingForHumans).toBe(round.human);
    expect(status.humanLabelsSaved).toBe(round.autoLabelled - round.audit);
    expect(status.simulatedLabels).toBe(0);
    const labelsPerComparison = heldJudgments.length / heldBack.length;

    const pct = (x: number | null | undefined) => (x === null || x === undefined ? 'n/a' : `${(x * 100).toFixed(1)}%`);
    console.log(
      [
        `PandaLM by length (median total response length ${median} characters): layer 0 ${run.layers[0].comparisons}, layer 1 ${run.layers[1].comparisons} comparisons`,
        `RM0 held-out accuracy ${pct(rm0.heldOut?.accuracy)} (length baseline ${pct(rm0.heldOut?.lengthBaselineAccuracy)}) on ${rm0.holdoutComparisons} comparisons`,
        `RM1 held-out accuracy ${pct(rm1.heldOut?.accuracy)} (length baseline ${pct(rm1.heldOut?.lengthBaselineAccuracy)}) on ${rm1.holdoutComparisons} comparisons`,
        `deferral at 5% / 95%: threshold ${round.threshold?.toFixed(3) ?? 'none'} on ${round.calibrationPairs} held-out pairs (${round.coveredPairs} covered, ${round.coveredErrors} wrong, bound ${pct(round.errorBound)})`,
        `  of ${round.pending} held-back long comparisons: ${round.autoLabelled} auto-labelled (${round.audit} audited), ${round.human} to people`,
        `  auto-labels vs the held-back consensus: ${wrong} wrong of ${scored.length} decisive`,
        `  human labels saved: ${status.humanLabelsSaved} comparisons ≈ ${(status.humanLabelsSaved * labelsPerComparison).toFixed(0)} annotator labels`,
      ].join('\n'),
    );

    // For comparison, a looser target on what is still pending (a second round; the same invariants hold).
    const loose = await routeLayer(store, { runId: run.id, layer: 1, target: 0.25, confidence: 0.95, auditShare: 0.05, actor: 'test' });
    expect(loose.pending).toBe(round.human);
    expect(loose.autoLabelled + loose.human).toBe(loose.pending);
    if (loose.threshold !== null) expect(loose.errorBound).toBeLessThanOrEqual(0.25);
    const looseLabels = db
      .prepare(`SELECT j.comparison_id AS comparisonId, j.choice FROM judgments j JOIN deferrals d ON d.judgment_id = j.id WHERE d.round_id = ?`)
      .all(loose.roundId) as { comparisonId: string; choice: 'A' | 'B' }[];
    const looseScored = looseLabels.filter((a) => heldConsensus(a.comparisonId) !== null);
    console.log(
      `at a 25% target: threshold ${loose.threshold?.toFixed(3) ?? 'none'} (bound ${pct(loose.errorBound)}); ${loose.autoLabelled} auto-labelled (${loose.audit} audited), ` +
        `${looseScored.filter((a) => heldConsensus(a.comparisonId) !== a.choice).length} wrong of ${looseScored.length} decisive held-back verdicts`,
    );
  }, 300_000);
});
