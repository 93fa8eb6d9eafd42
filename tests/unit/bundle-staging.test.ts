// The copy an inspection stages (so that the import reads exactly what was shown) does not outlive the user's choice:
// importing removes it, Cancel discards it (discardInspectedBundle), and one a closed window left behind is swept at
// the next inspection once a day old.
import { existsSync, readdirSync, rmSync, utimesSync } from 'node:fs';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { stagingDir, STAGED_BUNDLE_MAX_AGE_MS } from '../../electron/core/app/bundles';
import { uploadSource } from '../helpers/store';
import { bundleUpload, workstation, type Workstation } from '../helpers/workstations';

let lab: Workstation;
let home: Workstation;
let results: Buffer;
beforeEach(async () => {
  lab = workstation();
  home = workstation();
  const rows = [0, 1].map((i) => ({ prompt: `Question ${i}?`, response_a: `Answer ${i} one.`, response_b: `Answer ${i} two.` }));
  for (const w of [lab, home]) await w.value('importDataset', { source: uploadSource('d.jsonl', rows), format: 'rung' });
  const ada = await lab.value('createEvaluator', { name: 'Ada' });
  const [item] = await lab.value('nextComparisons', { evaluatorId: ada.id, count: 1 });
  await lab.value('submitJudgment', { comparisonId: item.comparison.id, evaluatorId: ada.id, choice: 'A', leftSide: item.leftSide });
  results = Buffer.from((await lab.value('exportResultsBundle', { evaluator: 'Ada' })).contentBase64, 'base64');
});
afterEach(() => {
  rmSync(stagingDir(home.t.store), { recursive: true, force: true });
  lab.close();
  home.close();
});

const staged = () => (existsSync(stagingDir(home.t.store)) ? readdirSync(stagingDir(home.t.store)) : []);

describe('staged bundle copies', () => {
  it('Cancel discards the inspected copy, and the import that would have read it says it is gone', async () => {
    const inspected = await home.value('inspectBundle', { source: bundleUpload(results) });
    expect(staged()).toEqual([inspected.sha256]);
    expect(await home.value('discardInspectedBundle', { sha256: inspected.sha256 })).toEqual({ discarded: true });
    expect(staged()).toEqual([]);
    expect(await home.value('discardInspectedBundle', { sha256: inspected.sha256 })).toEqual({ discarded: false });
    const gone = await home.call('importBundle', { source: { kind: 'staged', sha256: inspected.sha256, fileName: 'ada.rungbundle' }, trust: true });
    expect(gone).toMatchObject({ ok: false, error: { code: 'NOT_FOUND', message: 'ada.rungbundle: the inspected copy is gone (imported already, or the temp folder was cleared); choose the file again' } });
    expect(await home.call('discardInspectedBundle', { sha256: '../etc' })).toMatchObject({ ok: false, error: { code: 'INVALID_PARAMS' } });
  });

  it('the import removes the copy it read', async () => {
    const inspected = await home.value('inspectBundle', { source: bundleUpload(results) });
    await home.value('importBundle', { source: { kind: 'staged', sha256: inspected.sha256, fileName: 'ada.rungbundle' }, trust: true });
    expect(staged()).toEqual([]);
  });

  it('a copy left over a day is swept at the next inspection; a younger one stays', async () => {
    const first = await home.value('inspectBundle', { source: bundleUpload(results) });
    // A second, different bundle: Ada's results after one more verdict.
    const ada = (await lab.value('listEvaluators')).find((e: { name: string }) => e.name === 'Ada');
    const [item] = await lab.value('nextComparisons', { evaluatorId: ada.id, count: 1 });
    await lab.value('submitJudgment', { comparisonId: item.comparison.id, evaluatorId: ada.id, choice: 'B', leftSide: item.leftSide });
    const later = Buffer.from((await lab.value('exportResultsBundle', { evaluator: 'Ada' })).contentBase64, 'base64');
    const second = await home.value('inspectBundle', { source: bundleUpload(later) });
    expect(staged().sort()).toEqual([first.sha256, second.sha256].sort());
    const old = (Date.now() - STAGED_BUNDLE_MAX_AGE_MS - 60_000) / 1000;
    utimesSync(join(stagingDir(home.t.store), first.sha256), old, old);
    await home.value('inspectBundle', { source: bundleUpload(later) });
    expect(staged()).toEqual([second.sha256]);
  });
});
