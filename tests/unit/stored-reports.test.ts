// Stored reports (getLayerMetricsReport, getQueueStatusReport, getEvaluatorStatsReport, recomputeReport): the value
// served is what the fresh call answers, a write the report depends on marks it stale until recomputed, a stale or
// missing one is recomputed in the background (paced by how long it took), a write during a computation leaves it
// stale, two computations do not run at once, a copy of an older shape is recomputed instead of served, and an unknown
// run or layer is refused before anything is stored.
import { describe, expect, it } from 'vitest';
import { servedReport } from '../../electron/core/app/reports';
import { claimReport, readReport, storeReport } from '../../electron/core/db/report-cache';
import { useService } from '../helpers/api';
import { uploadSource } from '../helpers/store';

const s = useService();

/** Two layers of six comparisons, three people with verdicts (a split, a unanimous pair, a repeat). */
async function build() {
  const rows = [0, 1].flatMap((layer) =>
    [1, 2, 3, 4, 5, 6].map((i) => ({
      prompt: `L${layer} question ${i}`,
      response_a: `one ${i}`,
      response_b: `two ${i}`,
      layer,
      ...(i <= 2 ? { ground_truth: 'A' } : {}),
    })),
  );
  await s.value('importDataset', { source: uploadSource('reports.jsonl', rows) });
  const run = await s.value('createRun', { name: 'Reports', layers: [0, 1].map((layer) => ({ name: `L${layer}`, rule: { kind: 'field', layer } })) });
  const people = [];
  for (const name of ['Ada', 'Ben', 'Cy']) people.push((await s.value('createEvaluator', { name })).id as string);
  for (const [k, id] of people.entries()) {
    for (const item of await s.value('nextComparisons', { evaluatorId: id, runId: run.id, layer: 1, count: 4 })) {
      await s.value('submitJudgment', { comparisonId: item.comparison.id, evaluatorId: id, choice: k === 2 ? 'B' : 'A', leftSide: item.leftSide, durationMs: 1000 * (k + 1) });
    }
  }
  return { run, people };
}

const freshOf = {
  'layer-metrics': (runId: string) => s.value('getLayerMetrics', { runId }),
  'queue-status': (runId: string) => s.value('getQueueStatus', { runId, layer: 1 }),
  'evaluator-stats': () => s.value('getEvaluatorStats'),
};
const servedOf = {
  'layer-metrics': async (runId: string) => {
    const { metrics, ...age } = await s.value('getLayerMetricsReport', { runId });
    return { value: metrics, ...age };
  },
  'queue-status': async (runId: string) => {
    const { status, ...age } = await s.value('getQueueStatusReport', { runId, layer: 1 });
    return { value: status, ...age };
  },
  'evaluator-stats': async () => {
    const { stats, ...age } = await s.value('getEvaluatorStatsReport');
    return { value: stats, ...age };
  },
};
/** An agreement report of an empty pool, in the contract's shape. */
const noAgreement = { evaluators: [], pairs: [], alpha: null, alphaUnits: 0 };

const specOf = (kind: keyof typeof freshOf, runId: string) =>
  kind === 'layer-metrics' ? { kind, runId } : kind === 'queue-status' ? { kind, runId, layer: 1 } : { kind };

/** Lets the in-thread background recomputation (scheduled with setImmediate) run to its end. */
async function settle(read: () => Promise<{ computing: boolean }>) {
  for (let i = 0; i < 200; i++) {
    await new Promise((resolve) => setImmediate(resolve));
    if (!(await read()).computing) return;
  }
  throw new Error('the background recomputation did not finish');
}

describe('stored reports', () => {
  for (const kind of ['layer-metrics', 'queue-status', 'evaluator-stats'] as const) {
    it(`${kind}: serves what the fresh call answers, stale after a verdict until recomputed`, async () => {
      const { run, people } = await build();
      const served = () => servedOf[kind](run.id);

      // Never computed: nothing to show yet, a computation is on its way (in this thread, after the answer).
      expect(await served()).toEqual({ value: null, computedAt: null, stale: false, computing: true });
      await settle(served);
      const first = await served();
      expect(first).toMatchObject({ stale: false, computing: false, computedAt: expect.any(String) });
      expect(first.value).toEqual(await freshOf[kind](run.id));

      // A new verdict: the stored copy is served as it was, marked stale, and recomputed in the background.
      // (A new comparison: after Cy's four verdicts a position check may come first, and its answer moves other figures.)
      const queue = await s.value('nextComparisons', { evaluatorId: people[2], runId: run.id, layer: 1, count: 3 });
      const item = queue.find((queued: { kind: string }) => queued.kind === 'new');
      await s.value('submitJudgment', { comparisonId: item.comparison.id, evaluatorId: people[2], choice: 'A', leftSide: item.leftSide, durationMs: 500 });
      const stale = await served();
      expect(stale).toEqual({ ...first, stale: true, computing: true });
      await settle(served);
      const again = await served();
      expect(again.stale).toBe(false);
      expect(again.value).toEqual(await freshOf[kind](run.id));
      expect(again.value).not.toEqual(first.value);
      expect(again.computedAt! >= first.computedAt!).toBe(true);

      // Recompute on request: computed now even though fresh, and the same figures.
      const recomputed = await s.value('recomputeReport', { report: specOf(kind, run.id) });
      expect(recomputed).toMatchObject({ recomputed: true, computedAt: expect.any(String) });
      expect((await served()).value).toEqual(again.value);
      // The background form leaves a fresh report alone.
      expect(await s.value('recomputeReport', { report: specOf(kind, run.id), ifStale: true })).toEqual({ recomputed: false, computedAt: recomputed.computedAt });
    });
  }

  it('marks every stored report stale on the writes they depend on, and only then', async () => {
    const { run, people } = await build();
    const db = s.t.store.db;
    for (const kind of ['layer-metrics', 'queue-status', 'evaluator-stats'] as const) await s.value('recomputeReport', { report: specOf(kind, run.id) });
    const staleCount = () => db.prepare('SELECT count(*) FROM report_cache WHERE stale = 1').pluck().get();
    const freshAll = () => db.prepare('UPDATE report_cache SET stale = 0').run();
    expect(staleCount()).toBe(0);
    // Reading anything, and writing what no report reads (settings, flags' notes), leaves them fresh.
    await s.value('getLayerMetrics', { runId: run.id });
    await s.value('updateSettings', { positionCheckShare: 0.1 });
    expect(staleCount()).toBe(0);
    const writes: [string, () => unknown][] = [
      ['a verdict', () => db.prepare("INSERT INTO judgments (id, comparison_id, evaluator_id, choice, origin, created_at) SELECT 'jx', id, ?, 'A', 'ui', 't' FROM comparisons LIMIT 1").run(people[0])],
      ['an undo', () => db.prepare("UPDATE judgments SET retracted_at = 't2' WHERE id = 'jx'").run()],
      ['a ground truth', () => db.prepare("UPDATE comparisons SET ground_truth = 'B' WHERE rowid = 3").run()],
      ['an evaluator', () => db.prepare("UPDATE evaluators SET name = 'Ada L.' WHERE id = ?").run(people[0])],
      ['an embedding', () => db.prepare('UPDATE responses SET embedding_dim = NULL WHERE rowid = 1').run()],
    ];
    for (const [what, write] of writes) {
      freshAll();
      write();
      expect({ what, stale: staleCount() }).toEqual({ what, stale: 3 });
    }
  });

  it('leaves a report stale when something changed while it was computed, and lets one thread compute at a time', () => {
    const db = s.t.store.db;
    const lease = { onlyIfNeeded: true, abandonedBefore: '2026-01-01T00:00:00.000Z' };
    expect(claimReport(db, 'evaluator-stats', '2026-01-01T00:10:00.000Z', lease)).toBe(true);
    // A second background computation is refused while the lease is held, a requested one is not.
    expect(claimReport(db, 'evaluator-stats', '2026-01-01T00:11:00.000Z', lease)).toBe(false);
    db.prepare("INSERT INTO evaluators (id, kind, name, created_at) VALUES ('e9', 'human', 'Late', 't')").run();
    storeReport(db, 'evaluator-stats', '{"n":1}', '2026-01-01T00:10:00.000Z', 1500);
    expect(readReport(db, 'evaluator-stats')).toEqual({ value: '{"n":1}', computedAt: '2026-01-01T00:10:00.000Z', durationMs: 1500, stale: true, computingSince: null });
    // Stale and free: the next background computation takes it; an abandoned lease (older than the cut-off) is taken over.
    expect(claimReport(db, 'evaluator-stats', '2026-01-01T00:12:00.000Z', lease)).toBe(true);
    db.prepare('UPDATE report_cache SET stale = 1').run();
    expect(claimReport(db, 'evaluator-stats', '2026-01-01T00:13:00.000Z', lease)).toBe(false);
    expect(claimReport(db, 'evaluator-stats', '2026-01-01T00:13:00.000Z', { ...lease, abandonedBefore: '2026-01-01T00:12:30.000Z' })).toBe(true);
  });

  it('paces background recomputations: a stale report is due once twice its last computation time has passed', () => {
    const scheduled: unknown[] = [];
    const schedule = (spec: unknown) => void scheduled.push(spec);
    const db = s.t.store.db;
    db.prepare(`INSERT INTO report_cache (key, value, computed_at, duration_ms, stale) VALUES ('evaluator-stats', ?, '2026-01-01T00:10:00.000Z', 60000, 1)`).run(JSON.stringify(noAgreement));
    const at = (iso: string) => servedReport(s.t.store, { kind: 'evaluator-stats' }, schedule, new Date(iso));
    // One minute to compute: not again within two minutes of the last start, though the page hears a newer copy is coming.
    expect(at('2026-01-01T00:11:59.000Z')).toEqual({ value: noAgreement, computedAt: '2026-01-01T00:10:00.000Z', stale: true, computing: true });
    expect(scheduled).toEqual([]);
    at('2026-01-01T00:12:00.000Z');
    expect(scheduled).toEqual([{ kind: 'evaluator-stats' }]);
    // A fresh report is never scheduled.
    db.prepare('UPDATE report_cache SET stale = 0').run();
    expect(at('2026-01-01T01:00:00.000Z')).toMatchObject({ stale: false, computing: false });
    expect(scheduled).toHaveLength(1);
  });

  it('recomputes a copy stored with an older shape (a field added since) instead of serving it, at once', async () => {
    await build();
    await s.value('recomputeReport', { report: { kind: 'evaluator-stats' } });
    const db = s.t.store.db;
    const stored = JSON.parse(readReport(db, 'evaluator-stats')!.value!);
    const older = { ...stored, evaluators: stored.evaluators.map(({ consensusGap: _, ...e }: Record<string, unknown>) => e) };
    db.prepare("UPDATE report_cache SET value = ?, stale = 0, duration_ms = 3600000 WHERE key = 'evaluator-stats'").run(JSON.stringify(older));
    const served = async () => {
      const { stats, ...age } = await s.value('getEvaluatorStatsReport');
      return { value: stats, ...age };
    };
    // Fresh and slow to compute, yet not served: nothing to show, and recomputed now rather than paced.
    expect(await served()).toEqual({ value: null, computedAt: null, stale: false, computing: true });
    await settle(served);
    expect((await served()).value).toEqual(await s.value('getEvaluatorStats'));
  });

  it('refuses an unknown run or layer before storing anything', async () => {
    const { run } = await build();
    for (const [method, params] of [
      ['getLayerMetricsReport', { runId: '00000000-0000-4000-8000-00000000dead' }],
      ['getQueueStatusReport', { runId: run.id, layer: 7 }],
      ['recomputeReport', { report: { kind: 'queue-status', runId: '00000000-0000-4000-8000-00000000dead', layer: 0 } }],
    ] as const) {
      const result = await s.call(method, params);
      expect(result.ok ? null : result.error.code).toBe('NOT_FOUND');
    }
    expect(await s.call('recomputeReport', { report: { kind: 'nonsense' } })).toMatchObject({ ok: false, error: { code: 'INVALID_PARAMS' } });
    expect(s.t.store.db.prepare('SELECT count(*) FROM report_cache').pluck().get()).toBe(0);
  });
});
