// exportWorkBundle with an assignment: the bundle carries exactly the comparisons the assignment gave the evaluator;
// an assignment of another layer, an unknown one, an evaluator it gives nothing, or comparisonIds beside it are refused.
import { afterEach, expect, it } from 'vitest';
import { workstation, type Workstation } from '../helpers/workstations';

let lead: Workstation;
afterEach(() => lead.close());

it('carries the evaluator’s assigned comparisons, and refuses what does not fit', async () => {
  lead = workstation();
  await lead.value('loadDemo');
  const run = await lead.value('createDemoRun');
  const ada = await lead.value('createEvaluator', { name: 'Ada' });
  const bob = await lead.value('createEvaluator', { name: 'Bob' });
  const cy = await lead.value('createEvaluator', { name: 'Cy' });
  const assignment = await lead.value('createAssignment', { runId: run.id, layer: 1, evaluators: [ada.id, bob.id], overlap: 1, seed: 3, actor: 'test' });
  const adas = assignment.evaluators.find((e: { name: string }) => e.name === 'Ada').assigned as number;
  expect(adas).toBeGreaterThan(0);

  const bundle = await lead.value('exportWorkBundle', { runId: run.id, layer: 1, evaluatorId: ada.id, assignmentId: assignment.id });
  expect(bundle.counts.comparisons).toBe(adas);

  const refusal = async (params: Record<string, unknown>) => {
    const r = await lead.call('exportWorkBundle', { runId: run.id, layer: 1, evaluatorId: ada.id, ...params });
    expect(r.ok).toBe(false);
    return r.ok ? null : r.error;
  };
  expect(await refusal({ assignmentId: assignment.id, layer: 0 })).toEqual({
    code: 'CONFLICT',
    message: expect.stringContaining(`assignment "${assignment.name}" is not of layer 0 of this run`),
  });
  expect(await refusal({ assignmentId: assignment.id, evaluatorId: cy.id })).toEqual({ code: 'CONFLICT', message: expect.stringContaining(`gives evaluator ${cy.id} no comparisons`) });
  expect(await refusal({ assignmentId: '00000000-0000-4000-8000-000000000000' })).toEqual({ code: 'NOT_FOUND', message: expect.stringContaining('no assignment with id') });
  expect(await refusal({ assignmentId: assignment.id, comparisonIds: [] })).toMatchObject({ code: 'INVALID_PARAMS', message: expect.stringContaining('give comparisonIds or assignmentId, not both') });
});
