// The list of routed comparisons (listRoutedItems, `rung route --list`): every routed comparison once, as its latest
// round left it, most confident first, each route's count, where each stands (auto-labelled, an audit waiting or
// answered with agreement, waiting for people or judged) and what people answered; pages; refusals.
import { describe, expect, it } from 'vitest';
import { useService } from '../helpers/api';
import { routedRun, ROUTING_COUNTS } from '../helpers/routing-data';

const s = useService();

describe('routed comparisons', () => {
  it('lists each routed comparison once, most confident first, with its route, threshold and auto-label, in pages', async () => {
    const { run, routed } = await routedRun(s, 'Routed');
    const all = await s.value('listRoutedItems', { runId: run.id, layer: 0, limit: 500 });
    expect(all.total).toBe(ROUTING_COUNTS.pending);
    expect(all.counts).toEqual({ auto: routed.autoLabelled - routed.audit, audit: routed.audit, human: routed.human });
    expect(all.items).toHaveLength(ROUTING_COUNTS.pending);
    expect(new Set(all.items.map((i: { comparisonId: string }) => i.comparisonId)).size).toBe(ROUTING_COUNTS.pending);
    const confidence = all.items.map((i: { pA: number }) => Math.max(i.pA, 1 - i.pA));
    expect(confidence).toEqual([...confidence].sort((a, b) => b - a));
    for (const item of all.items) {
      expect(item.threshold).toBe(routed.threshold);
      if (item.route === 'human') {
        expect(item).toMatchObject({ autoLabel: null, status: 'waiting for people', answers: [], auditAgrees: null });
        expect(Math.max(item.pA, 1 - item.pA)).toBeLessThan(routed.threshold);
      } else {
        expect(item.autoLabel).toBe(item.pA >= 0.5 ? 'A' : 'B');
        expect(Math.max(item.pA, 1 - item.pA)).toBeGreaterThanOrEqual(routed.threshold);
        expect(item.status).toBe(item.route === 'audit' ? 'audit waiting' : 'auto-labelled');
      }
    }
    // Pages: the same order, a page at a time; a route's items only.
    const first = await s.value('listRoutedItems', { runId: run.id, layer: 0, limit: 7 });
    const second = await s.value('listRoutedItems', { runId: run.id, layer: 0, offset: 7, limit: 7 });
    expect([...first.items, ...second.items].map((i: { comparisonId: string }) => i.comparisonId)).toEqual(all.items.slice(0, 14).map((i: { comparisonId: string }) => i.comparisonId));
    const audits = await s.value('listRoutedItems', { runId: run.id, layer: 0, route: 'audit' });
    expect(audits.total).toBe(routed.audit);
    expect(audits.items.every((i: { route: string }) => i.route === 'audit')).toBe(true);
    // Layer 1 was never routed.
    expect(await s.value('listRoutedItems', { runId: run.id, layer: 1 })).toEqual({ total: 0, counts: { auto: 0, audit: 0, human: 0 }, items: [] });
  }, 120_000);

  it('follows the answers: an audit answered (agreeing or not), a queued comparison judged', async () => {
    const { run } = await routedRun(s, 'Routed');
    const bob = await s.value('createEvaluator', { name: 'Bob' });
    const { items: audits } = await s.value('listRoutedItems', { runId: run.id, layer: 0, route: 'audit' });
    const [agreeing, disagreeing] = audits;
    await s.value('submitJudgment', { comparisonId: agreeing.comparisonId, evaluatorId: bob.id, choice: agreeing.autoLabel, leftSide: 'A' });
    await s.value('submitJudgment', { comparisonId: disagreeing.comparisonId, evaluatorId: bob.id, choice: disagreeing.autoLabel === 'A' ? 'B' : 'A', leftSide: 'A' });
    const { items: queued } = await s.value('listRoutedItems', { runId: run.id, layer: 0, route: 'human', limit: 1 });
    await s.value('submitJudgment', { comparisonId: queued[0].comparisonId, evaluatorId: bob.id, choice: 'tie', leftSide: 'B' });
    const all = await s.value('listRoutedItems', { runId: run.id, layer: 0, limit: 500 });
    const byId = new Map(all.items.map((i: { comparisonId: string }) => [i.comparisonId, i]));
    expect(byId.get(agreeing.comparisonId)).toMatchObject({ status: 'audit answered', auditAgrees: true, answers: [{ evaluator: 'Bob', choice: agreeing.autoLabel, simulated: false }] });
    expect(byId.get(disagreeing.comparisonId)).toMatchObject({ status: 'audit answered', auditAgrees: false });
    expect(byId.get(queued[0].comparisonId)).toMatchObject({ status: 'judged', auditAgrees: null, answers: [{ evaluator: 'Bob', choice: 'tie' }] });
  }, 120_000);

  it('refuses an unknown layer and bad paging', async () => {
    const { run } = await routedRun(s, 'Routed');
    expect(await s.call('listRoutedItems', { runId: run.id, layer: 5 })).toMatchObject({ ok: false, error: { code: 'NOT_FOUND', message: `no layer 5 in run ${run.id}` } });
    expect(await s.call('listRoutedItems', { runId: run.id, layer: 0, limit: 501 })).toMatchObject({ ok: false, error: { code: 'INVALID_PARAMS', message: expect.stringMatching(/limit: must be an integer from 1 to 500, got "501"/) } });
    expect(await s.call('listRoutedItems', { runId: run.id, layer: 0, route: 'sideways' })).toMatchObject({ ok: false, error: { code: 'INVALID_PARAMS', message: expect.stringMatching(/route: must be auto, audit or human/) } });
  }, 120_000);
});
