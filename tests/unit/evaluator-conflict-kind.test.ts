// The evaluator-conflict flag (raised by a results bundle's merge, not by runChecks) is a kind like the checks': listed
// and filtered by listFlags, counted by runChecks' open flags per kind and `rung check`, labelled on the Flags page.
import { join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { checkKinds, flagKinds } from '../../electron/api/checks';
import { kindLabel } from '../../renderer/src/pages/flags/logic';
import { uploadSource } from '../helpers/store';
import { bundleUpload, copyOf, workstation, type Workstation } from '../helpers/workstations';

const open: Workstation[] = [];
afterEach(() => {
  for (const w of open.splice(0)) w.close();
});

/** A lead whose evaluator Dee judged p1 "A" on it and "B" on a copy of it, the copy's results bundle merged: one conflict. */
async function mergedConflict(): Promise<Workstation> {
  const lead = workstation();
  open.push(lead);
  await lead.value('importDataset', { source: uploadSource('f.jsonl', [{ prompt: 'p1', response_a: 'a', response_b: 'b' }]), format: 'rung' });
  const dee = await lead.value('createEvaluator', { name: 'Dee' });
  const laptop = copyOf(lead);
  open.push(laptop);
  for (const [w, choice] of [[lead, 'A'], [laptop, 'B']] as const) {
    const [item] = await w.value('nextComparisons', { evaluatorId: dee.id, count: 1 });
    await w.value('submitJudgment', { comparisonId: item.comparison.id, evaluatorId: dee.id, choice, leftSide: item.leftSide });
  }
  const bundle = await laptop.value('exportResultsBundle', { evaluator: 'Dee' });
  expect((await lead.value('importBundle', { source: bundleUpload(bundle.contentBase64), trust: true })).added).toMatchObject({ conflicts: 1 });
  return lead;
}

describe('the evaluator-conflict kind', () => {
  it('is a flag kind, not a check that runs, and has its own label', () => {
    expect(flagKinds).toContain('evaluator-conflict');
    expect(checkKinds).not.toContain('evaluator-conflict');
    expect(kindLabel('evaluator-conflict')).toBe('Evaluator conflict (two workstations)');
  });

  it("shows a merged conflict under its kind's filter and in runChecks' open flags per kind", async () => {
    const lead = await mergedConflict();
    const page = await lead.value('listFlags', { kind: 'evaluator-conflict' });
    expect(page.total).toBe(1);
    expect(page.rows.map((f: { kind: string; promptExcerpt: string }) => [f.kind, f.promptExcerpt])).toEqual([['evaluator-conflict', 'p1']]);
    expect(page.kinds).toContain('evaluator-conflict');
    const report = await lead.value('runChecks');
    expect(report.byKind['evaluator-conflict']).toBe(1);
    expect(report.ran).not.toContain('evaluator-conflict');
  });
});

describe('rung check', () => {
  it('lists evaluator-conflict among the kinds, with the merged conflict counted', async () => {
    const { rung } = await import('../helpers/cli');
    const lead = await mergedConflict();
    const db = join(lead.t.dir, 'rung.db');
    const text = rung(['check', '--db', db]);
    expect(text.code).toBe(0);
    expect(text.stdout).toMatch(/^ {2}evaluator-conflict +1$/m);
    const json = JSON.parse(rung(['check', '--db', db, '--json']).stdout);
    expect(Object.keys(json.byKind).sort()).toEqual([...flagKinds].sort());
    expect(json.byKind['evaluator-conflict']).toBe(1);
  });
});
