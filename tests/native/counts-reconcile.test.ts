// Every count on the Ladder, Queue and Evaluators pages, recomputed here from the database by its one definition
// (renderer/src/lib/count-words.ts) after work that tells the definitions apart: a skip, an undone verdict, a tie, a
// position check's repeat, a verdict excluded from training, a simulated evaluator, a model's auto-labels, audits
// answered for and against them. Each page's number must equal the recomputed one, and the pages must agree.
import { describe, expect, it } from 'vitest';
import { createSimulatedEvaluator } from '../../electron/core/ladder/simulate';
import { useService } from '../helpers/api';
import { uploadSource } from '../helpers/store';
import { routingRows as rows } from '../helpers/routing-data';

const s = useService();

/** The run's layers, each recomputed from the tables by the words' definitions. */
function recount(runId: string, layer: number) {
  const db = s.t.store.db;
  const members = `SELECT m.comparison_id FROM layer_members m JOIN layers l ON l.id = m.layer_id WHERE l.run_id = @runId AND l.idx = @layer`;
  const usableHuman = `SELECT v.comparison_id, e.simulated FROM judgments v JOIN evaluators e ON e.id = v.evaluator_id AND e.kind = 'human'
    WHERE v.retracted_at IS NULL AND v.choice IN ('A', 'B', 'tie') AND v.excluded_at IS NULL AND v.repeat_of IS NULL AND v.comparison_id IN (${members})`;
  // Each comparison's latest routing, and whether its auto-label stands.
  const latest = `SELECT d.comparison_id, d.route, (j.id IS NOT NULL AND j.retracted_at IS NULL AND j.excluded_at IS NULL) AS standing
    FROM deferrals d JOIN deferral_rounds r ON r.id = d.round_id LEFT JOIN judgments j ON j.id = d.judgment_id
    WHERE r.run_id = @runId AND r.layer = @layer AND d.comparison_id IN (${members})
      AND r.rowid = (SELECT max(r2.rowid) FROM deferrals d2 JOIN deferral_rounds r2 ON r2.id = d2.round_id WHERE d2.comparison_id = d.comparison_id)`;
  const n = (sql: string) => db.prepare(sql).pluck().get({ runId, layer }) as number;
  return {
    comparisons: n(`SELECT count(*) FROM (${members})`),
    humanLabels: n(`SELECT count(*) FROM (${usableHuman})`),
    simulatedLabels: n(`SELECT count(*) FROM (${usableHuman}) WHERE simulated IS NOT NULL`),
    autoLabelled: n(`SELECT count(*) FROM (${latest}) WHERE route IN ('auto', 'audit') AND standing`),
    humanLabelsSaved: n(`SELECT count(*) FROM (${latest}) WHERE route = 'auto' AND standing`),
    inAudit: n(`SELECT count(*) FROM (${latest}) l WHERE route = 'audit' AND standing AND l.comparison_id NOT IN (SELECT comparison_id FROM (${usableHuman}))`),
    waitingForHumans: n(
      `SELECT count(*) FROM (${members}) m WHERE m.comparison_id NOT IN (SELECT comparison_id FROM (${usableHuman}))
         AND m.comparison_id NOT IN (SELECT comparison_id FROM (${latest}) WHERE route IN ('auto', 'audit'))`,
    ),
  };
}

/** Per evaluator of kind human: judgments (standing, skips in) and verdicts (standing A/B/tie, not replaced by a relabel
 *  answer), repeats in both. */
function recountEvaluators() {
  return s.t.store.db
    .prepare(
      `SELECT e.name, count(j.id) AS judgments, count(CASE WHEN j.choice <> 'skip' AND j.id NOT IN (SELECT original_judgment_id FROM relabel_requests WHERE original_judgment_id IS NOT NULL) THEN 1 END) AS verdicts
         FROM evaluators e JOIN judgments j ON j.evaluator_id = e.id AND j.retracted_at IS NULL
        WHERE e.kind = 'human' GROUP BY e.id ORDER BY e.name`,
    )
    .all() as { name: string; judgments: number; verdicts: number }[];
}

describe('counts reconcile', () => {
  it('each page shows each word’s number as its definition computes it from the database, and the pages agree', async () => {
    await s.value('importDataset', { source: uploadSource('route.jsonl', rows()) });
    const run = await s.value('createRun', { name: 'Counts', layers: [0, 1].map((layer) => ({ name: `L${layer}`, rule: { kind: 'field', layer } })) });
    const bob = await s.value('createEvaluator', { name: 'Bob' });
    const filter = { runId: run.id, layer: 0 };
    const served = await s.value('nextComparisons', { evaluatorId: bob.id, ...filter, count: 6 });
    const submit = (i: number, choice: string, extra = {}) =>
      s.value('submitJudgment', { comparisonId: served[i].comparison.id, evaluatorId: bob.id, choice, leftSide: served[i].leftSide, ...extra });
    const first = await submit(0, 'A');
    await submit(1, 'skip');
    await submit(2, 'tie');
    await submit(3, 'B');
    await s.value('undoLastJudgment', { evaluatorId: bob.id }); // the B is undone
    await s.value('submitJudgment', { comparisonId: served[0].comparison.id, evaluatorId: bob.id, choice: 'A', leftSide: served[0].leftSide === 'A' ? 'B' : 'A', repeatOf: first.id });
    const ann = (await s.value('listEvaluators')).find((e: { name: string }) => e.name.endsWith('ann'));
    const { rows: [annVerdict] } = await s.value('listJudgments', { evaluatorId: ann.id, limit: 1 });
    await s.value('excludeJudgment', { judgmentId: annVerdict.id, actor: 'test', reason: 'a slip' });
    const sim = createSimulatedEvaluator(s.t.store.db, 'Sim', { seed: 4 });
    await s.value('submitJudgment', { comparisonId: served[4].comparison.id, evaluatorId: sim.id, choice: 'A', leftSide: 'A' });

    let job = await s.value('startTraining', { runId: run.id, layer: 0, holdout: 0.25, seed: 3 });
    while (job.status === 'running') {
      await new Promise((r) => setTimeout(r, 50));
      job = await s.value('getTrainingJob', { jobId: job.id });
    }
    expect(job.status).toBe('done');
    await s.value('routeLayer', { runId: run.id, layer: 0, target: 0.05, confidence: 0.95, auditShare: 0.2, seed: 2 });
    const { items: audits } = await s.value('listRoutedItems', { runId: run.id, layer: 0, route: 'audit' });
    expect(audits.length).toBeGreaterThanOrEqual(3);
    await s.value('submitJudgment', { comparisonId: audits[0].comparisonId, evaluatorId: bob.id, choice: audits[0].autoLabel, leftSide: 'A' });
    await s.value('submitJudgment', { comparisonId: audits[1].comparisonId, evaluatorId: bob.id, choice: audits[1].autoLabel === 'A' ? 'B' : 'A', leftSide: 'A' });

    const [listed] = (await s.value('listRuns')).filter((r: { id: string }) => r.id === run.id);
    const metrics = await s.value('getLayerMetrics', { runId: run.id });
    for (const layer of [0, 1]) {
      const truth = recount(run.id, layer);
      const queue = await s.value('getQueueStatus', { runId: run.id, layer });
      const m = metrics[layer];
      // The Ladder page's rung and its layer metrics.
      expect({ comparisons: listed.layers[layer].comparisons, humanLabels: listed.layers[layer].humanLabels }).toEqual({ comparisons: truth.comparisons, humanLabels: truth.humanLabels });
      expect({ comparisons: m.comparisons, humanLabels: m.humanLabels, simulatedLabels: m.simulatedLabels, autoLabelled: m.autoLabelled, humanLabelsSaved: m.humanLabelsSaved }).toEqual({
        comparisons: truth.comparisons,
        humanLabels: truth.humanLabels,
        simulatedLabels: truth.simulatedLabels,
        autoLabelled: truth.autoLabelled,
        humanLabelsSaved: truth.humanLabelsSaved,
      });
      // The Queue page.
      expect({
        comparisons: queue.comparisons,
        humanLabels: queue.humanLabels,
        simulatedLabels: queue.simulatedLabels,
        autoLabelled: queue.autoLabelled,
        humanLabelsSaved: queue.humanLabelsSaved,
        inAudit: queue.inAudit,
        waitingForHumans: queue.waitingForHumans,
      }).toEqual(truth);
      // The audited error: the same answers read the same way on both pages.
      expect(m.auditedAutoLabels).toBe(queue.auditAnswered);
      expect(m.auditedAutoLabelError).toBe(queue.estimatedError);
    }
    expect(recount(run.id, 0).humanLabels).toBeGreaterThan(0);
    expect(metrics[0].auditedAutoLabels).toBe(2);
    expect(metrics[0].auditedAutoLabelError).toBe(0.5);

    // The Evaluators page: Judgments (the list) and Verdicts (agreement), each person's by its definition.
    const people = recountEvaluators();
    const list = await s.value('listEvaluators');
    const stats = await s.value('getEvaluatorStats');
    for (const p of people) {
      expect(list.find((e: { name: string }) => e.name === p.name).judgments, `${p.name}'s judgments`).toBe(p.judgments);
      expect(stats.evaluators.find((e: { evaluator: string }) => e.evaluator === p.name).judgments, `${p.name}'s verdicts`).toBe(p.verdicts);
    }
    const bobs = people.find((p) => p.name === 'Bob')!;
    expect(bobs).toEqual({ name: 'Bob', judgments: 6, verdicts: 5 }); // A, skip, tie, the repeat, two audits; B undone
  }, 120_000);
});
