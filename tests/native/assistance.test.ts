// Assisted evaluation on the demo ladder (RM0 trained on layer-0 verdicts): layer-1 items carry RM0's numbers and scored
// segments, control trials follow the share, submits store exactly what was shown and malformed ones are refused.
import { createHash } from 'node:crypto';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { dispatch } from '../../electron/api';
import type { ApiResult } from '../../electron/api/errors';
import { controlDraw, isControlTrial } from '../../electron/core/ladder/assistance';
import { weakFlags } from '../../electron/core/ladder/weakest';
import { train } from '../../electron/core/engine';
import { cachedModel, heldModelIds, warmModelCache } from '../../electron/core/engine/model-cache';
import { trainRung } from '../../electron/core/ladder/train-rung';
import { createHandlers } from '../../electron/core/service';
import { tempStore, type TempStore, uploadSource } from '../helpers/store';
import { pairsByReward, plantedEmbeddings, rng } from './synthetic';
import type { RungClient } from '../../electron/api';
import { assistanceParams, CompareSession } from '../../renderer/src/pages/compare/session';

/** Resolves once `test` holds, checked after each macrotask (the session saves in the background). */
async function until(test: () => boolean): Promise<void> {
  while (!test()) await new Promise((r) => setTimeout(r, 5));
}

let t: TempStore;
let call: (method: string, params?: unknown) => Promise<ApiResult<any>>;
const value = async (method: string, params: unknown = {}) => {
  const result = await call(method, params);
  if (!result.ok) throw new Error(`${method} failed: ${result.error.code} ${result.error.message}`);
  return result.value;
};

let runId: string;
let modelId: string;
let bo: { id: string };
let beforeTraining: any[];

const setControlShare = (controlShare: number) => value('updateSettings', { controlShare });
const layerQueue = (evaluatorId: string, layer: number, count = 50) => value('nextComparisons', { evaluatorId, runId, layer, count });

beforeAll(async () => {
  t = tempStore();
  const handlers = createHandlers(t.store, { mode: 'browser', version: 'test' });
  call = (method, params = {}) => dispatch(handlers, method, params, () => undefined);
  await value('loadDemo');
  runId = (await value('createDemoRun')).id;
  const ada = await value('createEvaluator', { name: 'Ada' });
  bo = await value('createEvaluator', { name: 'Bo' });
  const layer0 = t.store.db.prepare('SELECT id, ground_truth AS truth FROM comparisons WHERE layer = 0 ORDER BY rowid').all() as { id: string; truth: 'A' | 'B' | 'tie' }[];
  expect(layer0.length).toBeGreaterThan(50);
  for (const c of layer0) await value('submitJudgment', { comparisonId: c.id, evaluatorId: ada.id, choice: c.truth, leftSide: 'A' });
  beforeTraining = await layerQueue(bo.id, 1, 5);
  modelId = (await trainRung(t.store, { runId, layer: 0, holdout: 0.2, seed: 1, device: 'cpu', actor: 'test' })).modelId;
}, 300_000);

afterAll(() => t?.cleanup());

describe('assistance on the demo ladder', () => {
  it('shows nothing before RM0 exists, nothing at layer 0, nothing without a run filter', async () => {
    expect(beforeTraining.length).toBe(5);
    expect(beforeTraining.every((i) => i.assistance === null)).toBe(true);
    const zero = await layerQueue(bo.id, 0, 10);
    expect(zero.length).toBe(10);
    expect(zero.every((i: any) => i.assistance === null)).toBe(true);
    const unfiltered = await value('nextComparisons', { evaluatorId: bo.id, layer: 1, count: 5 });
    expect(unfiltered.every((i: any) => i.assistance === null)).toBe(true);
  });

  it("gives layer-1 items RM0's rewards, P(A≻B) within its interval, and scored data segments with the weakest marked", async () => {
    await setControlShare(0);
    const items = await layerQueue(bo.id, 1, 20);
    expect(items.length).toBe(20);
    const model = cachedModel(t.store.db, modelId);
    for (const item of items) {
      const a = item.assistance;
      expect(a).toMatchObject({ version: 1, mode: 'assisted', runId, layer: 1, modelId, modelName: model.name, modelLayer: 0, segmentSource: 'data', collapsed: false });
      expect(a.pA).toBeGreaterThanOrEqual(0);
      expect(a.pA).toBeLessThanOrEqual(1);
      expect(a.pAInterval[0]).toBeLessThanOrEqual(a.pA);
      expect(a.pAInterval[1]).toBeGreaterThanOrEqual(a.pA);
      expect(a.pAInterval[0]).toBeGreaterThanOrEqual(0);
      expect(a.pAInterval[1]).toBeLessThanOrEqual(1);

      // The numbers are the model's own on these texts.
      const { comparison } = item;
      const texts = [comparison.responseA, comparison.responseB];
      const features = await model.model.featurize({ prompts: [comparison.prompt], responses: texts, promptIndex: new Uint32Array(2) });
      const { mean, std } = await model.model.scoreItems(features);
      const { prob } = await model.model.scorePairs(features, { a: Uint32Array.of(0), b: Uint32Array.of(1) });
      expect(a.rewardA.mean).toBeCloseTo(mean[0], 5);
      expect(a.rewardB.mean).toBeCloseTo(mean[1], 5);
      expect(a.rewardA.std).toBeCloseTo(std[0], 5);
      expect(a.pA).toBeCloseTo(prob[0], 5);

      const stored = t.store.db
        .prepare('SELECT ra.segments AS a, rb.segments AS b FROM comparisons c JOIN responses ra ON ra.id = c.response_a_id JOIN responses rb ON rb.id = c.response_b_id WHERE c.id = ?')
        .get(comparison.id) as { a: string; b: string };
      for (const [side, text, json] of [['A', comparison.responseA, stored.a], ['B', comparison.responseB, stored.b]] as const) {
        const given = JSON.parse(json) as string[];
        const segments = a.segments[side];
        expect(segments.map((s: any) => text.slice(s.start, s.end))).toEqual(given);
        const segmentScores = await model.model.scoreItems(
          await model.model.featurize({ prompts: [comparison.prompt], responses: given, promptIndex: new Uint32Array(given.length) }),
        );
        segments.forEach((s: any, i: number) => expect(s.reward).toBeCloseTo(segmentScores.mean[i], 5));
        // The weakest are marked by the one rule (tests/unit/weakest.test.ts), from the scores shown.
        expect(segments.map((s: any) => s.weak)).toEqual(weakFlags(segments));
      }
    }
  });

  it('follows the control share: 0 never, 1 always, else deterministically per evaluator and comparison', async () => {
    await setControlShare(1);
    const all = await layerQueue(bo.id, 1, 30);
    expect(all.every((i: any) => JSON.stringify(i.assistance) === JSON.stringify({ version: 1, mode: 'control', runId, layer: 1, modelId }))).toBe(true);
    await setControlShare(0);
    expect((await layerQueue(bo.id, 1, 30)).every((i: any) => i.assistance.mode === 'assisted')).toBe(true);

    await setControlShare(0.5);
    const first = await layerQueue(bo.id, 1, 50);
    const again = await layerQueue(bo.id, 1, 50);
    expect(again).toEqual(first);
    const modes = first.map((i: any) => i.assistance.mode);
    expect(modes).toContain('control');
    expect(modes).toContain('assisted');
    first.forEach((i: any) => expect(i.assistance.mode === 'control').toBe(isControlTrial(bo.id, i.comparison.id, 0.5)));
    expect(first.every((i: any) => controlDraw(bo.id, i.comparison.id) >= 0 && controlDraw(bo.id, i.comparison.id) < 1)).toBe(true);
    // Another evaluator draws on their own.
    const cy = await value('createEvaluator', { name: 'Cy' });
    const theirs = await layerQueue(cy.id, 1, 50);
    expect(theirs.map((i: any) => i.assistance.mode)).not.toEqual(modes);
    await setControlShare(0.1);
    expect((await value('getSettings')).controlShare).toBe(0.1);
  });

  it('stores exactly the assistance shown (collapsed included) and the sub-judgments; undo brings the assistance back', async () => {
    await setControlShare(0);
    const dee = await value('createEvaluator', { name: 'Dee' });
    const [item] = await layerQueue(dee.id, 1, 1);
    const assistance = { ...item.assistance, collapsed: true };
    const subJudgments = [
      { side: 'A', segment: 0, verdict: 'correct' },
      { side: 'B', segment: item.assistance.segments.B.length - 1, verdict: 'wrong' },
    ];
    const ack = await value('submitJudgment', { comparisonId: item.comparison.id, evaluatorId: dee.id, choice: 'A', leftSide: item.leftSide, assistance, subJudgments });
    const row = t.store.db.prepare('SELECT assistance, sub_judgments FROM judgments WHERE id = ?').get(ack.id) as { assistance: string; sub_judgments: string };
    expect(JSON.parse(row.assistance)).toEqual(assistance);
    expect(JSON.parse(row.sub_judgments)).toEqual(subJudgments);

    const undone = await value('undoLastJudgment', { evaluatorId: dee.id });
    expect(undone.item.comparison.id).toBe(item.comparison.id);
    expect(undone.item.assistance).toEqual(item.assistance);
    const again = await value('submitJudgment', { comparisonId: item.comparison.id, evaluatorId: dee.id, choice: 'A', leftSide: undone.item.leftSide, assistance: undone.item.assistance });

    // A control trial is stored as such.
    await setControlShare(1);
    const [control] = await layerQueue(dee.id, 1, 1);
    const controlAck = await value('submitJudgment', { comparisonId: control.comparison.id, evaluatorId: dee.id, choice: 'B', leftSide: control.leftSide, assistance: control.assistance });
    const controlRow = t.store.db.prepare('SELECT assistance, sub_judgments FROM judgments WHERE id = ?').get(controlAck.id) as { assistance: string; sub_judgments: string | null };
    expect(JSON.parse(controlRow.assistance)).toEqual({ version: 1, mode: 'control', runId, layer: 1, modelId });
    expect(controlRow.sub_judgments).toBeNull();

    // The export calls the verdict made with assistance assisted, and the control trial not.
    const csv = (await value('exportData', { format: 'judgments-csv' })).content.split('\n');
    const column = csv[0].split(',').indexOf('assisted');
    const assistedCell = (judgmentId: string) => csv.find((line: string) => line.startsWith(judgmentId))!.split(',')[column];
    expect(assistedCell(again.id)).toBe('true');
    expect(assistedCell(controlAck.id)).toBe('false');
    await setControlShare(0.1);
  });

  it("the Compare page's session sends the assistance it was served back with the verdict, collapsed and sub-judgments included", async () => {
    await setControlShare(0);
    const fay = await value('createEvaluator', { name: 'Fay' });
    const client = new Proxy({} as RungClient, { get: (_t, method: string) => (params: unknown) => call(method, params) });
    const session = new CompareSession(client, fay.id, { runId, layer: 1 });
    await session.start();
    const first = session.snapshot.current!;
    expect(first.assistance).toMatchObject({ mode: 'assisted', modelId });
    const subJudgments = [{ side: 'B' as const, segment: 1, verdict: 'wrong' as const }];
    session.verdict({ pick: 'left', durationMs: 1000, collapsed: true, subJudgments });
    const second = session.snapshot.current!;
    session.verdict({ pick: 'right', durationMs: 1000 });
    await until(() => session.snapshot.saved === 2);
    const stored = t.store.db
      .prepare('SELECT comparison_id AS c, assistance, sub_judgments AS subs FROM judgments WHERE evaluator_id = ? ORDER BY rowid')
      .all(fay.id) as { c: string; assistance: string; subs: string | null }[];
    expect(stored.map((r) => r.c)).toEqual([first.comparison.id, second.comparison.id]);
    expect(JSON.parse(stored[0].assistance)).toEqual({ ...first.assistance, collapsed: true });
    expect(JSON.parse(stored[0].subs!)).toEqual(subJudgments);
    expect(JSON.parse(stored[1].assistance)).toEqual({ ...second.assistance, collapsed: false });
    expect(stored[1].subs).toBeNull();
    // Both exports carry the marks with the marked segment's text, cut by the spans of the assistance shown.
    const span = first.assistance!.mode === 'assisted' ? first.assistance!.segments.B[1] : undefined;
    const markedText = first.comparison.responseB.slice(span!.start, span!.end);
    expect(markedText.length).toBeGreaterThan(0);
    const trl = (await value('exportData', { format: 'trl-jsonl' })).content.trim().split('\n').map((l: string) => JSON.parse(l));
    const marked = trl.find((r: any) => r.evaluator === 'Fay' && r.comparison_id === first.comparison.id);
    expect(marked.segment_marks).toEqual([{ response: first.leftSide === 'B' ? 'chosen' : 'rejected', segment: 1, verdict: 'wrong', text: markedText }]);
    expect(trl.find((r: any) => r.evaluator === 'Fay' && r.comparison_id === second.comparison.id).segment_marks).toEqual([]);
    const csv: string = (await value('exportData', { format: 'judgments-csv' })).content;
    const marksCell = JSON.stringify([{ side: 'B', segment: 1, verdict: 'wrong', text: markedText }]);
    expect(csv).toContain(`"${marksCell.replace(/"/g, '""')}"\r\n`);
    // Undo brings the comparison back with its assistance.
    await session.undo();
    expect(session.snapshot.current!.comparison.id).toBe(second.comparison.id);
    expect(session.snapshot.current!.assistance).toEqual(second.assistance);
    session.close();
    // Without assistance, sub-judgments given by mistake are not sent.
    expect(assistanceParams({ ...first, assistance: null }, { collapsed: true, subJudgments })).toEqual({});
    expect(assistanceParams({ ...first, assistance: { version: 1, mode: 'control', runId, layer: 1, modelId } }, { subJudgments })).toEqual({
      assistance: { version: 1, mode: 'control', runId, layer: 1, modelId },
    });
  });

  it('refuses malformed assistance and sub-judgments, naming the field', async () => {
    await setControlShare(0);
    const eve = await value('createEvaluator', { name: 'Eve' });
    const [item] = await layerQueue(eve.id, 1, 1);
    const base = { comparisonId: item.comparison.id, evaluatorId: eve.id, choice: 'A', leftSide: item.leftSide };
    const refused = async (params: Record<string, unknown>, field: RegExp) => {
      const result = await call('submitJudgment', { ...base, ...params });
      expect(result).toMatchObject({ ok: false, error: { code: 'INVALID_PARAMS' } });
      expect((result as { error: { message: string } }).error.message).toMatch(field);
    };
    const shown = { ...item.assistance, collapsed: false };
    await refused({ assistance: { ...shown, pA: 1.5 } }, /assistance\.pA/);
    await refused({ assistance: { ...shown, pA: 0.5, pAInterval: [0.6, 0.9] } }, /assistance\.pAInterval/);
    await refused({ assistance: { ...shown, collapsed: undefined } }, /assistance\.collapsed/);
    await refused({ assistance: { ...shown, extra: 1 } }, /assistance/);
    await refused({ assistance: { ...shown, mode: 'hinted' } }, /assistance\.mode/);
    await refused({ assistance: shown, subJudgments: [{ side: 'A', segment: 0, verdict: 'maybe' }] }, /subJudgments\.0\.verdict/);
    await refused({ assistance: shown, subJudgments: [{ side: 'C', segment: 0, verdict: 'wrong' }] }, /subJudgments\.0\.side/);
    await refused({ assistance: shown, subJudgments: [{ side: 'A', segment: shown.segments.A.length, verdict: 'wrong' }] }, /subJudgments\.0\.segment: response A has \d+ segments/);
    await refused({ assistance: shown, subJudgments: [{ side: 'B', segment: 0, verdict: 'wrong' }, { side: 'B', segment: 0, verdict: 'correct' }] }, /subJudgments\.1: segment 0 of response B is judged twice/);
    await refused({ subJudgments: [{ side: 'A', segment: 0, verdict: 'wrong' }] }, /subJudgments: need the assisted assistance/);
    await refused({ assistance: { version: 1, mode: 'control', runId, layer: 1, modelId }, subJudgments: [{ side: 'A', segment: 0, verdict: 'wrong' }] }, /subJudgments: .*control trial/);
    const tooLong = { ...shown, segments: { ...shown.segments, A: [{ start: 0, end: item.comparison.responseA.length + 5, reward: 0, std: 0, weak: false }] } };
    await refused({ assistance: tooLong }, /assistance\.segments\.A\.0: ends after the response's text/);
    expect(t.store.db.prepare('SELECT count(*) AS n FROM judgments WHERE evaluator_id = ?').get(eve.id)).toEqual({ n: 0 });
  });
});

describe('assistance from an embedding model', () => {
  it('scores the pair from the embeddings, leaves segments unscored, and refuses sub-judgments on them', async () => {
    const e = tempStore();
    const handlers = createHandlers(e.store, { mode: 'browser', version: 'test' });
    const ecall = (method: string, params: unknown = {}) => dispatch(handlers, method, params, () => undefined);
    const evalue = async (method: string, params: unknown = {}) => {
      const result = await ecall(method, params);
      if (!result.ok) throw new Error(`${method} failed: ${result.error.message}`);
      return result.value as any;
    };
    try {
      // The better response's embedding leans on the first axis; layer 0 judged, layer 1 not.
      const rows = Array.from({ length: 60 }, (_, i) => {
        const aGood = i % 2 === 0;
        const good = [1 + (i % 5) * 0.1, 0.2, 0, 0.1];
        const bad = [-1 - (i % 3) * 0.1, 0.2, 0.1, 0];
        return {
          prompt: `Question ${i}`,
          response_a: `Answer A to ${i}.\n\nSecond paragraph.`,
          response_b: `Answer B to ${i}.`,
          layer: i < 40 ? 0 : 1,
          embedding: { a: aGood ? good : bad, b: aGood ? bad : good },
          judgments: i < 40 ? [{ evaluator: 'ann', choice: aGood ? 'A' : 'B' }] : [],
        };
      });
      await evalue('importDataset', { source: uploadSource('emb.jsonl', rows) });
      const run = await evalue('createRun', { name: 'Embedding ladder', layers: [0, 1].map((layer) => ({ name: `L${layer}`, rule: { kind: 'field', layer } })) });
      await evalue('updateSettings', { controlShare: 0 });
      const { modelId: embeddingModel } = await trainRung(e.store, { runId: run.id, layer: 0, holdout: 0, seed: 1, device: 'cpu', actor: 'test' });
      expect(cachedModel(e.store.db, embeddingModel).model.config.featurizer).toBeFalsy();
      const gus = await evalue('createEvaluator', { name: 'Gus' });
      const items = await evalue('nextComparisons', { evaluatorId: gus.id, runId: run.id, layer: 1, count: 10 });
      expect(items).toHaveLength(10);
      for (const item of items) {
        expect(item.assistance).toMatchObject({ mode: 'assisted', modelId: embeddingModel, segments: { A: [], B: [] } });
        expect(item.assistance.pA).toBeGreaterThanOrEqual(item.assistance.pAInterval[0]);
        expect(item.assistance.pA).toBeLessThanOrEqual(item.assistance.pAInterval[1]);
        // The better side (by its embedding) gets the higher reward.
        const aGood = rows.find((r) => r.prompt === item.comparison.prompt)!.embedding.a[0] > 0;
        expect(item.assistance.rewardA.mean > item.assistance.rewardB.mean).toBe(aGood);
      }
      const [item] = items;
      const refused = await ecall('submitJudgment', {
        comparisonId: item.comparison.id, evaluatorId: gus.id, choice: 'A', leftSide: item.leftSide,
        assistance: item.assistance, subJudgments: [{ side: 'A', segment: 0, verdict: 'correct' }],
      });
      expect(refused).toMatchObject({ ok: false, error: { code: 'INVALID_PARAMS', message: expect.stringMatching(/subJudgments\.0\.segment: response A has 0 segments/) } });
    } finally {
      e.cleanup();
    }
  });
});

describe('assistance that cannot be computed', () => {
  it('still serves the queue, with no assistance, when the active model cannot be loaded', async () => {
    const broken = await value('createRun', { name: 'Broken model ladder', layers: [0, 1].map((layer) => ({ name: `L${layer}`, rule: { kind: 'field', layer } })) });
    const layer0 = t.store.db.prepare('SELECT id FROM layers WHERE run_id = ? AND idx = 0').get(broken.id) as { id: string };
    const ghost = '0123abcd-0000-4000-8000-00000000abcd';
    t.store.db
      .prepare(
        `INSERT INTO models (id, run_id, layer_id, name, config, metrics, trained_on, engine_version, device, blob, blob_sha256, active, created_at)
         VALUES (?, ?, ?, 'damaged', '{}', '{}', '{}', 'x', 'cpu', ?, 'not-the-hash', 1, ?)`,
      )
      .run(ghost, broken.id, layer0.id, Buffer.from('damaged'), new Date().toISOString());
    await setControlShare(0);
    const hal = await value('createEvaluator', { name: 'Hal' });
    const warn = console.warn;
    const warnings: string[] = [];
    console.warn = (message: string) => warnings.push(message);
    try {
      const items = await value('nextComparisons', { evaluatorId: hal.id, runId: broken.id, layer: 1, count: 3 });
      expect(items).toHaveLength(3);
      expect(items.every((i: any) => i.assistance === null)).toBe(true);
    } finally {
      console.warn = warn;
    }
    expect(warnings).toEqual([expect.stringMatching(/assistance for run .* layer 1 could not be computed: model .*: stored blob does not match its SHA-256/)]);
    await setControlShare(0.1);
  });
});

describe('the model cache, warmed ahead of need', () => {
  it('loads the model of every layer that assists the layer above it, and no other; drops one superseded', async () => {
    const run = await value('createRun', { name: 'Warm ladder', layers: [0, 1].map((layer) => ({ name: `L${layer}`, rule: { kind: 'field', layer } })) });
    const layerIds = t.store.db.prepare('SELECT id FROM layers WHERE run_id = ? ORDER BY idx').pluck().all(run.id) as string[];
    // RM0's stored row again, with weights of their own (models are held by the hash of their weights: RM0's are held
    // already), as this run's model of layer 0 (which assists layer 1) and of layer 1 (the top: it assists none)
    const copy = async (id: string, layerId: string, seed: number) => {
      const planted = plantedEmbeddings(40, 4, seed);
      const blob = (await train(planted.items, pairsByReward(planted.reward, 100, rng(seed)), { hidden: 2, members: 1, epochs: 1, seed })).model.toBlob();
      t.store.db
        .prepare(
          `INSERT INTO models (id, run_id, layer_id, name, config, metrics, trained_on, engine_version, device, blob, blob_sha256, active, created_at)
           SELECT ?, ?, ?, name, config, metrics, trained_on, engine_version, device, ?, ?, 1, ? FROM models WHERE id = ?`,
        )
        .run(id, run.id, layerId, blob, createHash('sha256').update(blob).digest('hex'), new Date().toISOString(), modelId);
    };
    const [assisting, top] = ['0123abcd-0000-4000-8000-0000000000a0', '0123abcd-0000-4000-8000-0000000000a1'];
    await copy(assisting, layerIds[0], 81);
    await copy(top, layerIds[1], 82);
    await warmModelCache(t.store.db);
    // Were they read again now, both would fail their hash check: only the one warmed comes from memory.
    t.store.db.prepare(`UPDATE models SET blob = x'00' WHERE id IN (?, ?)`).run(assisting, top);
    expect(cachedModel(t.store.db, assisting).id).toBe(assisting);
    expect(() => cachedModel(t.store.db, top)).toThrow(`model ${top}: stored blob does not match its SHA-256`);
    expect(heldModelIds()).toContain(assisting);
    // Superseded (another model took its layer), it leaves the cache at the next warming.
    t.store.db.prepare('UPDATE models SET active = 0 WHERE id = ?').run(assisting);
    await warmModelCache(t.store.db);
    expect(heldModelIds()).not.toContain(assisting);
  });
});
