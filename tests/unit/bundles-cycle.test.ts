// The whole cycle across simulated workstations (separate databases in one test), through the contract: a lead makes
// work bundles for Ada and Bob (Ada also on a second machine), each workstation imports its bundle and judges with
// assistance (rationale, strength, segment marks, a control trial, an undo), exports its results, and two copies of
// the lead merge them in opposite orders. Checked: the two leads are the same database, every judgment arrives field by
// field, the planted conflict (Ada's two machines disagree) keeps both verdicts and raises its flag, re-imports add nothing.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Workstation } from '../helpers/workstations';
import { bundleUpload, copyOf, snapshot, workstation } from '../helpers/workstations';

const all: Workstation[] = [];
let lead: Workstation;
let runId: string, ada: { id: string }, bob: { id: string };
let layer1: string[];
const results: Record<string, string> = {}; // workstation → results bundle (base64)
const judged: Record<string, any[]> = {}; // workstation → its judgments rows

/** A second lead: the lead's database copied before any results came in. */
function leadCopy(w: Workstation): Workstation {
  const copy = copyOf(w);
  all.push(copy);
  return copy;
}

function station(): Workstation {
  const w = workstation();
  all.push(w);
  return w;
}

/** Judges the workstation's queue at run layer 1: `choose` gives each item's verdict and extras. */
async function judgeQueue(w: Workstation, evaluatorId: string, count: number, choose: (item: any, i: number) => Record<string, unknown>) {
  const items = await w.value('nextComparisons', { evaluatorId, runId, layer: 1, count });
  for (const [i, item] of items.entries()) {
    await w.value('submitJudgment', {
      comparisonId: item.comparison.id,
      evaluatorId,
      leftSide: item.leftSide,
      durationMs: 2000 + i,
      ...(item.repeatOf ? { repeatOf: item.repeatOf } : {}),
      ...(item.assistance ? { assistance: { ...item.assistance, ...(item.assistance.mode === 'assisted' ? { collapsed: false } : {}) } } : {}),
      ...choose(item, i),
    });
  }
  return items;
}

beforeAll(async () => {
  lead = station();
  await lead.value('loadDemo');
  const run = await lead.value('createDemoRun');
  runId = run.id;
  // Layer 0 judged on the lead (by the ground truth), RM0 trained: it assists layer 1 everywhere.
  const boss = await lead.value('createEvaluator', { name: 'Lead' });
  const truth = lead.db.prepare(`SELECT c.id, c.ground_truth AS gt FROM layer_members m JOIN comparisons c ON c.id = m.comparison_id WHERE m.layer_id = ? ORDER BY m.position`).all(run.layers[0].id) as { id: string; gt: string }[];
  for (const c of truth) await lead.value('submitJudgment', { comparisonId: c.id, evaluatorId: boss.id, choice: c.gt === 'tie' ? 'tie' : c.gt, leftSide: 'A' });
  await lead.value('trainModel', { runId, layer: 0, seed: 1 });
  ada = await lead.value('createEvaluator', { name: 'Ada', domains: ['arithmetic'] });
  bob = await lead.value('createEvaluator', { name: 'Bob' });
  layer1 = lead.db.prepare('SELECT comparison_id FROM layer_members WHERE layer_id = ? ORDER BY position LIMIT 9').pluck().all(run.layers[1].id) as string[];

  const work = async (evaluatorId: string, comparisonIds: string[]) => (await lead.value('exportWorkBundle', { runId, layer: 1, evaluatorId, comparisonIds })).contentBase64 as string;
  const adaWork = await work(ada.id, layer1.slice(0, 6));
  const bobWork = await work(bob.id, layer1.slice(3, 9));
  const ada2Work = await work(ada.id, layer1.slice(0, 2));

  // Ada's machine: assisted items first (one with segment marks, a rationale, a strength; one undone and judged again), then control trials.
  const w1 = station();
  expect(await w1.call('importBundle', { source: bundleUpload(adaWork, 'ada-work.rungbundle') })).toMatchObject({ ok: false, error: { code: 'FORBIDDEN', message: expect.stringContaining('rung keys trust ada-work.rungbundle') } });
  const imported = await w1.value('importBundle', { source: bundleUpload(adaWork), trust: true });
  expect(imported.added).toMatchObject({ runs: 1, layers: 3, comparisons: 6, models: 1, evaluators: 1 });
  await w1.value('updateSettings', { controlShare: 0 });
  const assisted = await judgeQueue(w1, ada.id, 3, (item, i) => {
    expect(item.assistance?.mode).toBe('assisted');
    return i === 0
      ? { choice: 'A', strength: 3, rationale: 'step 2 of B is wrong', subJudgments: [{ side: 'B', segment: 0, verdict: 'wrong' }, { side: 'A', segment: 0, verdict: 'correct' }] }
      : { choice: 'A', strength: 1 };
  });
  expect(assisted).toHaveLength(3);
  const undone = await w1.value('undoLastJudgment', { evaluatorId: ada.id });
  await w1.value('submitJudgment', { comparisonId: undone.item.comparison.id, evaluatorId: ada.id, choice: 'B', leftSide: undone.item.leftSide, rationale: 'changed my mind', assistance: { ...undone.item.assistance, collapsed: true } });
  await w1.value('updateSettings', { controlShare: 1 });
  const controls = await judgeQueue(w1, ada.id, 3, (item) => {
    expect(item.assistance?.mode).toBe('control');
    return { choice: 'tie' };
  });
  expect(controls).toHaveLength(3);

  // Bob's machine: plain verdicts, one skip.
  const w2 = station();
  await w2.value('importBundle', { source: bundleUpload(bobWork), trust: true });
  await judgeQueue(w2, bob.id, 6, (_item, i) => ({ choice: i === 5 ? 'skip' : i % 2 ? 'A' : 'B', confidence: 0.75 }));

  // Ada's second machine: the first comparison judged the other way (the planted conflict), the second the same way.
  const w3 = station();
  await w3.value('importBundle', { source: bundleUpload(ada2Work), trust: true });
  const w1Verdicts = new Map((w1.db.prepare(`SELECT comparison_id AS c, choice FROM live_judgments`).all() as { c: string; choice: string }[]).map((r) => [r.c, r.choice]));
  await judgeQueue(w3, ada.id, 2, (item) => ({ choice: item.comparison.id === layer1[0] ? (w1Verdicts.get(layer1[0]) === 'B' ? 'A' : 'B') : w1Verdicts.get(item.comparison.id) }));

  for (const [name, w, evaluator] of [['w1', w1, 'Ada'], ['w2', w2, 'Bob'], ['w3', w3, 'Ada']] as const) {
    results[name] = (await w.value('exportResultsBundle', { evaluator })).contentBase64;
    judged[name] = w.db.prepare('SELECT * FROM judgments ORDER BY id').all();
  }
}, 240_000);

afterAll(() => {
  for (const w of all.splice(0)) w.close();
});

describe('bundles across workstations', () => {
  it('merges in either order into the same database, every judgment field by field, the conflict flagged', async () => {
    const leadB = leadCopy(lead);
    const added: Record<string, any> = {};
    for (const name of ['w1', 'w2', 'w3']) added[name] = (await lead.value('importBundle', { source: bundleUpload(results[name], `${name}.rungbundle`), trust: true })).added;
    for (const name of ['w3', 'w2', 'w1']) await leadB.value('importBundle', { source: bundleUpload(results[name], `${name}.rungbundle`), trust: true });
    expect(added.w1).toMatchObject({ evaluators: 0, judgments: 7, retractions: 1, conflicts: 0 });
    expect(added.w2).toMatchObject({ judgments: 6, conflicts: 0 });
    expect(added.w3).toMatchObject({ judgments: 2, conflicts: 1 });

    // Same database whichever order (what differs is when things were received: receipts, audit, flag ids and times).
    const content = (w: Workstation) => ({
      ...snapshot(w.db, { withAudit: false, skip: ['bundle_receipts', 'flags', 'trusted_keys', 'report_cache', 'models'] }),
      models: w.db.prepare('SELECT id, blob_sha256, active FROM models ORDER BY id').all(),
      flags: w.db.prepare('SELECT kind, dedupe_key, severity, comparison_id, evidence, evaluator_ids, status FROM flags ORDER BY dedupe_key').all(),
      keys: w.db.prepare('SELECT fingerprint, workstation_id, public_key, revoked_at FROM trusted_keys ORDER BY fingerprint').all(),
    });
    expect(content(leadB)).toEqual(content(lead));

    // Lossless: each workstation's judgments, every column, arrive as they were made.
    for (const name of ['w1', 'w2', 'w3']) {
      const evaluatorId = name === 'w2' ? bob.id : ada.id;
      const mine = judged[name].filter((j) => j.evaluator_id === evaluatorId);
      expect(mine.length).toBeGreaterThan(0);
      for (const j of mine) expect(lead.db.prepare('SELECT * FROM judgments WHERE id = ?').get(j.id)).toEqual(j);
    }
    const w1Rows = judged.w1.filter((j) => j.evaluator_id === ada.id);
    expect(w1Rows.some((j) => j.retracted_at !== null)).toBe(true);
    expect(w1Rows.some((j) => j.sub_judgments !== null && j.rationale === 'step 2 of B is wrong' && j.strength === 3)).toBe(true);
    expect(w1Rows.some((j) => j.assistance !== null && JSON.parse(j.assistance).mode === 'control')).toBe(true);

    // The planted conflict: both of Ada's verdicts stay live, and one flag names both workstations.
    const flags = lead.db.prepare(`SELECT comparison_id AS comparisonId, evidence FROM flags WHERE kind = 'evaluator-conflict'`).all() as { comparisonId: string; evidence: string }[];
    expect(flags.map((f) => f.comparisonId)).toEqual([layer1[0]]);
    const verdicts = JSON.parse(flags[0].evidence).verdicts as { choice: string; workstationId: string }[];
    expect(new Set(verdicts.map((v) => v.choice)).size).toBe(2);
    const ids = await Promise.all(all.slice(1, 4).map(async (w) => (await w.value('getWorkstationKeys')).workstationId));
    expect(new Set(verdicts.map((v) => v.workstationId))).toEqual(new Set([ids[0], ids[2]]));
    expect(lead.db.prepare(`SELECT count(*) FROM live_judgments WHERE evaluator_id = ? AND comparison_id = ?`).pluck().get(ada.id, layer1[0])).toBe(2);
  });

  it('adds nothing on re-import: the same file is refused as a replay, a fresh export of the same results adds nothing', async () => {
    const before = snapshot(lead.db, { skip: ['audit_log', 'bundle_receipts', 'report_cache', 'models'] });
    expect(await lead.call('importBundle', { source: bundleUpload(results.w1, 'w1.rungbundle') })).toMatchObject({ ok: false, error: { code: 'CONFLICT', message: expect.stringMatching(/w1\.rungbundle: this bundle was already imported here on .* \(a replay/) } });
    const w1 = all[1];
    const again = await w1.value('exportResultsBundle', { evaluator: 'Ada' });
    const second = await lead.value('importBundle', { source: bundleUpload(again.contentBase64) });
    expect(Object.values(second.added).every((n) => n === 0)).toBe(true);
    expect(snapshot(lead.db, { skip: ['audit_log', 'bundle_receipts', 'report_cache', 'models'] })).toEqual(before);
    // The lead's overview: Ada's last bundle is the one just received, Bob's the one from his machine.
    const last = await lead.value('lastBundleByEvaluator');
    expect(last.map((r: any) => [r.evaluatorName, r.kind])).toEqual([['Ada', 'results'], ['Bob', 'results']]);
    expect(last[0].sha256).toBe(second.sha256);
    // A work bundle imported again on Ada's machine adds nothing either.
    const work = await lead.value('exportWorkBundle', { runId, layer: 1, evaluatorId: ada.id, comparisonIds: layer1.slice(0, 6) });
    const reimport = await w1.value('importBundle', { source: bundleUpload(work.contentBase64) });
    expect(Object.values(reimport.added).every((n) => n === 0)).toBe(true);
  });
});
