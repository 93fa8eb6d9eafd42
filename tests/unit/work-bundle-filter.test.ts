// Work bundles from an assignment drawn from a saved filter: exportWorkBundle with the assignment alone carries the
// evaluator's assigned comparisons with their datasets and the datasets' guidelines, and no run (a filter has no layer
// rules); it still works after the filter is deleted; another workstation imports it, judges there, and the results come
// back. A run or layer beside such an assignment, and a request naming neither a run nor an assignment, are refused.
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { jsonl } from '../helpers/store';
import { workstation, type Workstation } from '../helpers/workstations';

const rows = Array.from({ length: 12 }, (_, i) => ({
  prompt: i % 2 === 0 ? `Sum ${i} and ${i + 1}?` : `Name a colour (${i})`,
  response_a: `a${i}`,
  response_b: `b${i}`,
}));
const manifestOf = (base64: string) => {
  const bytes = Buffer.from(base64, 'base64');
  return JSON.parse(bytes.subarray(0, bytes.indexOf(0x0a)).toString('utf8')) as Record<string, unknown>;
};

/** A file written in the workstation's temp folder, as a path source. */
const pathSource = (w: Workstation, name: string, content: string | Buffer) => ({ kind: 'path' as const, path: w.t.file(name, content) });
const bundleFile = (w: Workstation, name: string, base64: string) => pathSource(w, name, Buffer.from(base64, 'base64'));

let lead: Workstation, station: Workstation;
beforeEach(() => {
  lead = workstation();
  station = workstation();
});
afterEach(() => {
  lead.close();
  station.close();
});

async function setup() {
  const dataset = await lead.value('importDataset', { source: pathSource(lead, 'study.jsonl', jsonl(rows)), format: 'rung' });
  const ada = await lead.value('createEvaluator', { name: 'Ada' });
  await lead.value('createEvaluator', { name: 'Bob' });
  await lead.value('setGuidelines', { datasetId: dataset.datasetId, text: 'Prefer the correct sum.', actor: 'Lea' });
  await lead.value('saveRecordFilter', { name: 'math', filter: { text: 'sum' } });
  const assignment = await lead.value('createAssignment', { filter: 'math', evaluators: ['Ada', 'Bob'], overlap: 1, seed: 5 });
  const adas = lead.db.prepare('SELECT comparison_id FROM assignment_items WHERE assignment_id = ? AND evaluator_id = ? ORDER BY position').pluck().all(assignment.id, ada.id) as string[];
  return { ada, assignment, adas };
}

describe('a work bundle from a saved filter’s assignment', () => {
  it('carries the assigned comparisons without a run, even once the filter is deleted, and the results come back', async () => {
    const { ada, assignment, adas } = await setup();
    expect(adas.length).toBe(3);
    await lead.value('deleteRecordFilter', { name: 'math' });

    const work = await lead.value('exportWorkBundle', { evaluatorId: ada.id, assignmentId: assignment.id });
    expect(work.fileName).toMatch(/^work-Ada-saved-filter-math-\d{4}-\d{2}-\d{2}\.rungbundle$/);
    expect(work.counts).toEqual({ datasets: 1, prompts: 3, responses: 6, comparisons: 3, guidelines: 1, evaluators: 1, assignments: 1, assignment_evaluators: 1, assignment_items: 3 });
    expect(manifestOf(work.contentBase64)).toMatchObject({ kind: 'work', runIds: [], features: ['guidelines', 'assignments'] });

    const imported = await station.value('importBundle', { source: bundleFile(station, 'work.rungbundle', work.contentBase64), trust: true });
    expect(imported.added).toMatchObject({ runs: 0, layers: 0, datasets: 1, comparisons: 3, guidelines: 1, evaluators: 1, models: 0 });
    expect((station.db.prepare('SELECT id FROM comparisons ORDER BY id').pluck().all() as string[])).toEqual([...adas].sort());
    expect(station.db.prepare('SELECT text FROM guidelines').pluck().all()).toEqual(['Prefer the correct sum.']);

    const item = (await station.value('nextComparisons', { evaluatorId: ada.id, count: 1 }))[0];
    expect(adas).toContain(item.comparison.id);
    await station.value('submitJudgment', { comparisonId: item.comparison.id, evaluatorId: ada.id, choice: 'A', leftSide: item.leftSide });
    const results = await station.value('exportResultsBundle', { evaluator: 'Ada' });
    expect((await lead.value('importBundle', { source: bundleFile(lead, 'results.rungbundle', results.contentBase64), trust: true })).added).toMatchObject({ judgments: 1 });
    const progress = await lead.value('getAssignmentProgress', { assignmentId: assignment.id });
    expect(progress.evaluators.find((e: any) => e.name === 'Ada')).toMatchObject({ assigned: 3, done: 1, remaining: 2 });
  });

  it('refuses a run or layer beside such an assignment, and a request naming neither a run nor an assignment', async () => {
    const { ada, assignment } = await setup();
    const run = await lead.value('createRun', { name: 'All', layers: [{ name: 'all', rule: { kind: 'length', minChars: 0 } }] });
    expect(await lead.call('exportWorkBundle', { runId: run.id, layer: 0, evaluatorId: ada.id, assignmentId: assignment.id })).toMatchObject({
      ok: false,
      error: { code: 'CONFLICT', message: `assignment "saved filter math" is drawn from saved filter "math", not from a run's layer: leave out runId and layer` },
    });
    expect(await lead.call('exportWorkBundle', { evaluatorId: ada.id })).toMatchObject({
      ok: false,
      error: { code: 'INVALID_PARAMS', message: 'exportWorkBundle: runId: give a run and its layer, or an assignment' },
    });
    expect(await lead.call('exportWorkBundle', { layer: 0, evaluatorId: ada.id, assignmentId: assignment.id })).toMatchObject({
      ok: false,
      error: { code: 'INVALID_PARAMS', message: 'exportWorkBundle: layer: give a run and its layer together' },
    });
  });

  it('takes a run layer’s assignment alone too: its run and layer come from the assignment', async () => {
    await setup();
    const run = await lead.value('createRun', { name: 'All', layers: [{ name: 'all', rule: { kind: 'length', minChars: 0 } }] });
    const a = await lead.value('createAssignment', { runId: run.id, layer: 0, evaluators: ['Ada'], seed: 1 });
    const work = await lead.value('exportWorkBundle', { evaluatorId: a.evaluators[0].evaluatorId, assignmentId: a.id });
    expect(work.fileName).toMatch(/^work-Ada-layer0-/);
    expect(work.counts).toMatchObject({ runs: 1, layers: 1, comparisons: 12 });
    expect(manifestOf(work.contentBase64).runIds).toEqual([run.id]);
  });
});
