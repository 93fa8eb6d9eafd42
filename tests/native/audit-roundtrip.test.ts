// The audit round trip: an audit item an evaluator skipped comes back to them once nothing else is left (and is
// served to another evaluator meanwhile), and the audited auto-label error follows each answer wherever it is shown
// (the Queue page's status and the Ladder page's layer metrics).
import { describe, expect, it } from 'vitest';
import { useService } from '../helpers/api';
import { routedRun } from '../helpers/routing-data';

const s = useService();

async function routedWithAudits() {
  const { run, routed } = await routedRun(s, 'Audits');
  expect(routed.audit).toBeGreaterThan(0);
  const audits = s.t.store.db.prepare(`SELECT comparison_id AS id, p_a AS pA FROM deferrals WHERE route = 'audit'`).all() as { id: string; pA: number }[];
  return { run, routed, audits };
}

describe('audit round trip', () => {
  it('a skipped audit item returns later to the evaluator who skipped it, and goes to another meanwhile', async () => {
    const { run, routed, audits } = await routedWithAudits();
    const ada = await s.value('createEvaluator', { name: 'Ada' });
    const filter = { runId: run.id, layer: 0 };
    // Ada skips the first audit item she is served.
    const first = await s.value('nextComparisons', { evaluatorId: ada.id, ...filter, count: 50 });
    const item = first.find((i: any) => audits.some((a) => a.id === i.comparison.id));
    expect(item).toBeDefined();
    const audit = { id: item.comparison.id as string };
    await s.value('submitJudgment', { comparisonId: audit.id, evaluatorId: ada.id, choice: 'skip', leftSide: item.leftSide });
    // Another evaluator is served it.
    const bob = await s.value('createEvaluator', { name: 'Bob' });
    expect((await s.value('nextComparisons', { evaluatorId: bob.id, ...filter, count: 50 })).some((i: any) => i.comparison.id === audit.id)).toBe(true);
    // Ada judges everything else she is served; the skipped audit comes back to her at the end, and not before.
    for (;;) {
      const [next] = await s.value('nextComparisons', { evaluatorId: ada.id, ...filter, count: 1 });
      expect(next, 'the queue ran empty with a skipped audit unanswered').toBeDefined();
      if (next.comparison.id === audit.id) {
        expect(next.kind).toBe('returned');
        break;
      }
      await s.value('submitJudgment', { comparisonId: next.comparison.id, evaluatorId: ada.id, choice: 'A', leftSide: next.leftSide, ...(next.repeatOf ? { repeatOf: next.repeatOf } : {}) });
    }
    expect(routed.pending).toBeGreaterThan(0);
  }, 120_000);

  it('the audited error follows each answer, on the Queue status and in the layer metrics', async () => {
    const { run, audits } = await routedWithAudits();
    const bob = await s.value('createEvaluator', { name: 'Bob' });
    const shown = async () => {
      const status = await s.value('getQueueStatus', { runId: run.id, layer: 0 });
      const [l0] = await s.value('getLayerMetrics', { runId: run.id });
      return { status, l0 };
    };
    const before = await shown();
    expect(before.status).toMatchObject({ auditAnswered: 0, estimatedError: null, inAudit: audits.length });
    expect(before.l0).toMatchObject({ auditedAutoLabels: 0, auditedAutoLabelError: null });
    expect(audits.length).toBeGreaterThanOrEqual(3);
    // Carl answers the first audit with a tie: answered, but no decided verdict, so not in the estimate — and said so.
    const carl = await s.value('createEvaluator', { name: 'Carl' });
    await s.value('submitJudgment', { comparisonId: audits[0].id, evaluatorId: carl.id, choice: 'tie', leftSide: 'A' });
    const tie = await shown();
    expect(tie.status).toMatchObject({ auditAnswered: 0, auditUndecided: 1, estimatedError: null, inAudit: audits.length - 1 });
    expect(tie.l0).toMatchObject({ auditedAutoLabels: 0, auditedAutoLabelError: null });
    // Bob answers the second audit against the auto-label: 1 of 1 wrong, everywhere.
    const against = (pA: number) => (pA >= 0.5 ? 'B' : 'A');
    await s.value('submitJudgment', { comparisonId: audits[1].id, evaluatorId: bob.id, choice: against(audits[1].pA), leftSide: 'A' });
    const one = await shown();
    expect(one.status).toMatchObject({ auditAnswered: 1, auditErrors: 1, auditUndecided: 1, estimatedError: 1, inAudit: audits.length - 2 });
    expect(one.l0).toMatchObject({ auditedAutoLabels: 1, auditedAutoLabelError: 1 });
    // The third answer agrees: 1 of 2 wrong, everywhere.
    await s.value('submitJudgment', { comparisonId: audits[2].id, evaluatorId: bob.id, choice: audits[2].pA >= 0.5 ? 'A' : 'B', leftSide: 'A' });
    const two = await shown();
    expect(two.status).toMatchObject({ auditAnswered: 2, auditErrors: 1, estimatedError: 0.5 });
    expect(two.l0).toMatchObject({ auditedAutoLabels: 2, auditedAutoLabelError: 0.5 });
  }, 120_000);
});
