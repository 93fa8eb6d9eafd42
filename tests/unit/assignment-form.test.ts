// The Evaluators page's "Assign work" form logic (renderer/src/pages/evaluators/assignment-draft.ts): the fields as typed
// become createAssignment's params, so a bad field gets the contract's own message (the same as `rung assign`'s).
import { describe, expect, it } from 'vitest';
import { assignmentParams, datasetSource, emptyAssignmentDraft, runLayerSource } from '../../renderer/src/pages/evaluators/assignment-draft';
import { useService } from '../helpers/api';
import { uploadSource } from '../helpers/store';

const s = useService();

describe('assignment form', () => {
  it('turns the typed fields into params: numbers as numbers, empty fields left out, the source as run and layer or dataset', () => {
    const run = '6f1c1a0e-1111-4111-8111-111111111111';
    expect(assignmentParams({ ...emptyAssignmentDraft, source: runLayerSource(run, 2), evaluatorIds: ['x'], overlap: ' 2 ', quota: '', deadline: ' 2026-12-31 ' })).toEqual({
      runId: run,
      layer: 2,
      evaluators: ['x'],
      overlap: 2,
      seed: 1,
      quota: undefined,
      deadline: '2026-12-31',
    });
    expect(assignmentParams({ ...emptyAssignmentDraft, source: datasetSource(run), quota: '5' })).toMatchObject({ datasetId: run, quota: 5 });
    expect(assignmentParams({ ...emptyAssignmentDraft, overlap: 'two' })).toMatchObject({ overlap: 'two' });
  });

  it("shows the contract's messages for what was typed", async () => {
    const dataset = await s.value('importDataset', { source: uploadSource('f.jsonl', [{ prompt: 'p', response_a: 'a', response_b: 'b' }]), format: 'rung' });
    const ada = await s.value('createEvaluator', { name: 'Ada' });
    const draft = { ...emptyAssignmentDraft, source: datasetSource(dataset.datasetId), evaluatorIds: [ada.id] };
    const message = async (patch: Partial<typeof draft>) => ((await s.call('createAssignment', assignmentParams({ ...draft, ...patch }))) as any).error?.message;
    expect(await message({ overlap: 'two' })).toBe('createAssignment: overlap: must be an integer ≥ 1 (each comparison judged by that many evaluators), got "two"');
    expect(await message({ quota: '-3' })).toBe('createAssignment: quota: must be an integer ≥ 0, got "-3"');
    expect(await message({ deadline: 'soon' })).toBe('createAssignment: deadline: must be an ISO 8601 date (2026-12-31) or date and time with its offset (2026-12-31T17:00:00Z), got "soon"');
    expect(await message({ source: '' })).toBe('createAssignment: runId: give a run and its layer, or a dataset');
    expect(await message({ evaluatorIds: [] })).toBe('createAssignment: evaluators: must name at least one evaluator');
    expect((await s.value('createAssignment', assignmentParams(draft))).comparisons).toBe(1);
  });
});
