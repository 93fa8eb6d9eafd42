// Bundles carry rubrics losslessly: a work bundle brings the run's criteria (so the workstation's queue judges under
// them), a results bundle brings every per-criterion verdict back field by field (retracted judgments' too); merging
// again adds nothing, and a per-criterion verdict that differs from the one stored is refused, nothing imported.
import { afterEach, describe, expect, it } from 'vitest';
import { bundleUpload, snapshot, workstation, type Workstation } from '../helpers/workstations';
import { uploadSource } from '../helpers/store';

const open: Workstation[] = [];
const station = () => {
  const w = workstation();
  open.push(w);
  return w;
};
afterEach(() => {
  for (const w of open.splice(0)) w.close();
});

const criteria = [
  { key: 'helpful', label: 'Helpfulness', description: 'Does it answer?' },
  { key: 'harmless', label: 'Harmlessness', description: '' },
];
const rowsOf = (w: Workstation, sql: string, ...params: unknown[]) => w.db.prepare(sql).all(...params);

describe('bundles with a rubric', () => {
  it('carry the criteria out and every per-criterion verdict back, field by field, idempotently', async () => {
    const lead = station();
    const rows = Array.from({ length: 4 }, (_, i) => ({ prompt: `p${i}`, response_a: `a${i}`, response_b: `b${i}` }));
    await lead.value('importDataset', { source: uploadSource('r.jsonl', rows), format: 'rung' });
    const run = await lead.value('createRun', { name: 'Rubric', layers: [{ name: 'all', rule: { kind: 'length', minChars: 0 } }], criteria });
    const ada = await lead.value('createEvaluator', { name: 'Ada' });
    const work = await lead.value('exportWorkBundle', { runId: run.id, layer: 0, evaluatorId: ada.id });

    const w = station();
    await w.value('importBundle', { source: bundleUpload(work.contentBase64), trust: true });
    expect(rowsOf(w, 'SELECT * FROM run_criteria ORDER BY idx')).toEqual(rowsOf(lead, 'SELECT * FROM run_criteria ORDER BY idx'));
    const items = await w.value('nextComparisons', { evaluatorId: ada.id, runId: run.id, layer: 0, count: 4 });
    expect(items.map((i: any) => i.rubric)).toEqual(items.map(() => ({ runId: run.id, criteria })));
    for (const [i, item] of items.entries()) {
      const base = { comparisonId: item.comparison.id, evaluatorId: ada.id, leftSide: item.leftSide, rubricRunId: run.id };
      if (i === 3) await w.value('submitJudgment', { ...base, choice: 'skip' });
      else await w.value('submitJudgment', { ...base, choice: 'B', strength: i + 1, criteria: [{ criterion: 'helpful', choice: 'B', strength: i + 1 }, { criterion: 'harmless', choice: i ? 'tie' : 'A' }] });
      if (i === 1) {
        const undone = await w.value('undoLastJudgment', { evaluatorId: ada.id });
        await w.value('submitJudgment', { ...base, choice: 'A', criteria: undone.criteria.map((c: any) => ({ criterion: c.criterion, choice: 'A' })) });
      }
    }
    const made = rowsOf(w, 'SELECT * FROM judgment_criteria ORDER BY judgment_id, criterion');
    expect(made).toHaveLength(8); // 3 verdicts and the undone one, 2 criteria each; the skip has none

    const results = await w.value('exportResultsBundle', { evaluator: 'Ada' });
    await lead.value('importBundle', { source: bundleUpload(results.contentBase64), trust: true });
    expect(rowsOf(lead, 'SELECT * FROM judgment_criteria ORDER BY judgment_id, criterion')).toEqual(made);
    for (const j of rowsOf(w, 'SELECT * FROM judgments') as { id: string }[]) expect(lead.db.prepare('SELECT * FROM judgments WHERE id = ?').get(j.id)).toEqual(j);

    // Again (a fresh export of the same results): nothing added, nothing changed.
    const before = snapshot(lead.db, { skip: ['audit_log', 'bundle_receipts', 'report_cache'] });
    const again = await w.value('exportResultsBundle', { evaluator: 'Ada' });
    const second = await lead.value('importBundle', { source: bundleUpload(again.contentBase64) });
    expect(Object.values(second.added).every((n) => n === 0)).toBe(true);
    expect(snapshot(lead.db, { skip: ['audit_log', 'bundle_receipts', 'report_cache'] })).toEqual(before);

    // A per-criterion verdict that differs from the one stored here is refused, and nothing is imported.
    // (a row that is not a tie already, so the change below really changes it)
    const first = (made as { judgment_id: string; criterion: string; choice: string }[]).find((row) => row.choice !== 'tie')!;
    expect(first).toBeDefined();
    lead.db.prepare(`UPDATE judgment_criteria SET choice = 'tie', strength = NULL WHERE judgment_id = ? AND criterion = ?`).run(first.judgment_id, first.criterion);
    const changed = snapshot(lead.db, { skip: ['report_cache'] });
    const third = await w.value('exportResultsBundle', { evaluator: 'Ada' });
    const refused = await lead.call('importBundle', { source: bundleUpload(third.contentBase64, 'third.rungbundle') });
    expect(refused).toMatchObject({ ok: false, error: { code: 'BAD_INPUT', message: expect.stringMatching(new RegExp(`^third\\.rungbundle: record \\d+: judgment_criteria of judgment ${first.judgment_id}: choice differs from the one stored here .*; nothing was imported$`)) } });
    expect(snapshot(lead.db, { skip: ['report_cache'] })).toEqual(changed);
  });

  it("refuses per-criterion verdicts of a run this database has without that criterion", async () => {
    const lead = station();
    await lead.value('importDataset', { source: uploadSource('r.jsonl', [{ prompt: 'p', response_a: 'a', response_b: 'b' }]), format: 'rung' });
    const run = await lead.value('createRun', { name: 'Rubric', layers: [{ name: 'all', rule: { kind: 'length', minChars: 0 } }], criteria });
    const ada = await lead.value('createEvaluator', { name: 'Ada' });
    const work = await lead.value('exportWorkBundle', { runId: run.id, layer: 0, evaluatorId: ada.id });
    const w = station();
    await w.value('importBundle', { source: bundleUpload(work.contentBase64), trust: true });
    const [item] = await w.value('nextComparisons', { evaluatorId: ada.id, count: 1 });
    await w.value('submitJudgment', { comparisonId: item.comparison.id, evaluatorId: ada.id, leftSide: item.leftSide, choice: 'A', criteria: [{ criterion: 'helpful', choice: 'A' }, { criterion: 'harmless', choice: 'A' }] });
    const results = await w.value('exportResultsBundle', { evaluator: 'Ada' });
    // The lead's rubric lost a criterion (a database this bundle does not fit): refused, nothing imported.
    lead.db.prepare(`DELETE FROM run_criteria WHERE key = 'harmless'`).run();
    const refused = await lead.call('importBundle', { source: bundleUpload(results.contentBase64, 'r.rungbundle'), trust: true });
    expect(refused).toMatchObject({ ok: false, error: { code: 'BAD_INPUT', message: expect.stringMatching(new RegExp(`^r\\.rungbundle: record \\d+: judgment_criteria: run ${run.id} has no criterion "harmless" in this database; nothing was imported$`)) } });
    expect(lead.db.prepare('SELECT count(*) FROM judgments').pluck().get()).toBe(0);
  });
});
