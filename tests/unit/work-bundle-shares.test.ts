// A work bundle of an assignment carries the evaluator's assignment (#19): the workstation, whose own settings differ,
// draws the same control trials and position checks as the lead's shares did, serves the assigned items, and a second
// bundle of the same work adds nothing; a bundle without an assignment leaves the workstation's own shares in force.
import { afterEach, beforeEach, expect, it } from 'vitest';
import { workContent } from '../../electron/core/bundles/work';
import { assignedItem } from '../../electron/core/db/assignments';
import { ensureWorkstation } from '../../electron/core/db/workstation-keys';
import { controlTrialFor } from '../../electron/core/ladder/assistance';
import { bundleBytes } from '../helpers/bundle-files';
import { bundleUpload, snapshot, workstation, type Workstation } from '../helpers/workstations';

let lead: Workstation, home: Workstation;
beforeEach(() => {
  lead = workstation();
  home = workstation();
});
afterEach(() => {
  lead.close();
  home.close();
});

const featuresOf = (base64: string) => {
  const bytes = Buffer.from(base64, 'base64');
  return (JSON.parse(bytes.subarray(0, bytes.indexOf(0x0a)).toString('utf8')) as { features?: string[] }).features ?? [];
};

it("carries the assignment's draws: the workstation uses the lead's shares for that work", async () => {
  await lead.value('loadDemo');
  const run = await lead.value('createDemoRun');
  await lead.value('updateSettings', { controlShare: 0.5, positionCheckShare: 0.5 });
  const ada = await lead.value('createEvaluator', { name: 'Ada' });
  const bob = await lead.value('createEvaluator', { name: 'Bob' });
  const assignment = await lead.value('createAssignment', { runId: run.id, layer: 1, evaluators: [ada.id, bob.id], overlap: 1, seed: 3, actor: 'test' });
  const adas = assignment.evaluators.find((e: { name: string }) => e.name === 'Ada');
  expect(adas.controlTrials).toBeGreaterThan(0);

  const bundle = await lead.value('exportWorkBundle', { runId: run.id, layer: 1, evaluatorId: ada.id, assignmentId: assignment.id });
  expect(featuresOf(bundle.contentBase64)).toContain('assignments');
  const imported = await home.value('importBundle', { source: bundleUpload(bundle.contentBase64), trust: true });
  expect(imported.added).toMatchObject({ comparisons: adas.assigned, assignments: 1 });

  expect((await home.value('getSettings')).controlShare).toBe(0.1); // the workstation's own settings are untouched
  const ids = home.db.prepare('SELECT id FROM comparisons ORDER BY rowid').pluck().all() as string[];
  expect(ids).toHaveLength(adas.assigned);
  for (const id of ids) {
    expect(assignedItem(home.db, ada.id, id)).toEqual(assignedItem(lead.db, ada.id, id));
    expect(controlTrialFor(home.db, ada.id, id)).toBe(controlTrialFor(lead.db, ada.id, id));
  }
  expect(ids.filter((id) => controlTrialFor(home.db, ada.id, id))).toHaveLength(adas.controlTrials);
  expect(ids.filter((id) => assignedItem(home.db, ada.id, id)!.positionCheck)).toHaveLength(adas.positionChecks);

  // The workstation's lab-lead view knows the assignment, with Ada's share of it.
  const [there] = await home.value('listAssignments');
  expect(there).toMatchObject({ id: assignment.id, controlShare: 0.5, positionCheckShare: 0.5 });
  expect(there.evaluators).toEqual([expect.objectContaining({ name: 'Ada', assigned: adas.assigned, controlTrials: adas.controlTrials, positionChecks: adas.positionChecks })]);

  // A second bundle of the same work adds nothing.
  const before = snapshot(home.db, { withAudit: false, skip: ['bundle_receipts'] });
  const again = await lead.value('exportWorkBundle', { runId: run.id, layer: 1, evaluatorId: ada.id, assignmentId: assignment.id });
  const second = await home.value('importBundle', { source: bundleUpload(again.contentBase64) });
  expect(Object.values(second.added).every((n) => n === 0)).toBe(true);
  expect(snapshot(home.db, { withAudit: false, skip: ['bundle_receipts'] })).toEqual(before);
});

it('carries no assignment for work given without one, nor another evaluator’s', async () => {
  await lead.value('loadDemo');
  const run = await lead.value('createDemoRun');
  const ada = await lead.value('createEvaluator', { name: 'Ada' });
  const bob = await lead.value('createEvaluator', { name: 'Bob' });
  await lead.value('createAssignment', { runId: run.id, layer: 1, evaluators: [bob.id], overlap: 1, seed: 3, actor: 'test' });
  const bundle = await lead.value('exportWorkBundle', { runId: run.id, layer: 1, evaluatorId: ada.id });
  expect(featuresOf(bundle.contentBase64)).not.toContain('assignments');
  const imported = await home.value('importBundle', { source: bundleUpload(bundle.contentBase64), trust: true });
  expect(imported.added.assignments).toBe(0);
  expect(await home.value('listAssignments')).toEqual([]);
});

it('refuses an assignment item for a comparison the bundle does not carry, writing nothing', async () => {
  await lead.value('loadDemo');
  const run = await lead.value('createDemoRun');
  const ada = await lead.value('createEvaluator', { name: 'Ada' });
  const assignment = await lead.value('createAssignment', { runId: run.id, layer: 1, evaluators: [ada.id], overlap: 1, seed: 3, actor: 'test' });
  const [first, second] = lead.db.prepare('SELECT comparison_id FROM assignment_items WHERE assignment_id = ? ORDER BY position').pluck().all(assignment.id) as string[];
  const content = await workContent(lead.db, { runId: run.id, layer: 1, evaluatorId: ada.id, comparisonIds: [first] });
  const records = function* () {
    for (const record of content.records) yield record.type === 'assignment_items' ? { ...record, row: { ...record.row, comparison_id: second } } : record;
  };
  const { bytes } = bundleBytes({ ...content, records: records() }, ensureWorkstation(lead.db));
  const before = snapshot(home.db);
  const result = await home.call('importBundle', { source: bundleUpload(bytes, 'work.rung'), trust: true });
  expect(result).toMatchObject({ ok: false, error: { code: 'BAD_INPUT', message: expect.stringMatching(new RegExp(`^work\\.rung: record \\d+: assignment_items\\.comparison_id: comparisons ${second}, which the bundle does not carry; nothing was imported$`)) } });
  expect(snapshot(home.db)).toEqual(before);
});
