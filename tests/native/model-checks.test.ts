// The model-based consistency checks (cross-layer, model vs human, drift) on a synthetic ladder whose comparisons
// a planted reward function decides (embeddings, reward v·x), with planted contradictions of each kind: each check
// finds exactly its planted cases (precision and recall printed), a clean ladder yields no flags, re-running adds
// nothing, severity follows the rule, drift separates a model trained on the same rule from one on its opposite, and
// the checks after a training examine the trained model alone.
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { crossLayerSeverity } from '../../electron/core/checks/cross-layer';
import { getDrift } from '../../electron/core/checks/drift';
import { runChecks } from '../../electron/core/checks/run';
import { checkSettings } from '../../electron/core/checks/settings';
import { runChecksAfter } from '../../electron/core/checks/triggers';
import { importDataset } from '../../electron/core/datasets/import';
import { train } from '../../electron/core/engine';
import { saveModel } from '../../electron/core/engine/model-store';
import { createRun } from '../../electron/core/ladder/runs';
import { TrainingJobs } from '../../electron/core/app/training-jobs';
import { trainRung } from '../../electron/core/ladder/train-rung';
import { jsonl, tempStore, type TempStore } from '../helpers/store';
import { DIM, ladder, N, record, reward, type Item, type Role } from '../helpers/planted-ladder';

let t: TempStore;
beforeEach(() => {
  t = tempStore();
});
afterEach(() => t.cleanup());

async function setup(planted: boolean) {
  const items = ladder(planted);
  await importDataset(t.store, { path: t.file('ladder.jsonl', jsonl(items.map(record))) });
  const run = createRun(t.store.db, 'Synthetic ladder', '', [0, 1].map((layer) => ({ name: `L${layer}`, rule: { kind: 'field' as const, layer } })), 'test');
  const rm0 = await trainRung(t.store, { runId: run.id, layer: 0, holdout: 0, seed: 5, device: 'cpu', actor: 'test' });
  const rm1 = await trainRung(t.store, { runId: run.id, layer: 1, holdout: 0, seed: 6, device: 'cpu', actor: 'test' });
  const comparisonOf = new Map(
    (t.store.db.prepare('SELECT c.id, p.text FROM comparisons c JOIN prompts p ON p.id = c.prompt_id').all() as { id: string; text: string }[]).map((r) => [
      r.text.replace('prompt ', ''),
      r.id,
    ]),
  );
  return { items, run, rm0: rm0.modelId, rm1: rm1.modelId, comparisonOf };
}

const flagsOf = (kind: string) =>
  (t.store.db.prepare('SELECT dedupe_key AS key, comparison_id AS comparisonId, severity, evidence, model_ids AS modelIds FROM flags WHERE kind = ? ORDER BY severity DESC').all(kind) as {
    key: string;
    comparisonId: string | null;
    severity: number;
    evidence: string;
    modelIds: string;
  }[]).map((f) => ({ ...f, evidence: JSON.parse(f.evidence), modelIds: JSON.parse(f.modelIds) as string[] }));

function precisionRecall(kind: string, found: readonly string[], planted: readonly string[]) {
  const hit = found.filter((k) => planted.includes(k)).length;
  const precision = found.length ? hit / found.length : 1;
  const recall = planted.length ? hit / planted.length : 1;
  console.log(`${kind}: precision ${precision.toFixed(2)}, recall ${recall.toFixed(2)} (${found.length} found, ${planted.length} planted)`);
  return { precision, recall };
}

describe('model-based consistency checks', () => {
  it('a clean ladder yields no flags', async () => {
    const { run } = await setup(false);
    const report = await runChecks(t.store);
    expect(report.failed).toEqual([]);
    expect(report.ran).toEqual(expect.arrayContaining(['cross-layer', 'model-vs-human', 'drift']));
    expect(report.byKind).toEqual({});
    const drift = await getDrift(t.store.db, run.id);
    expect(drift.layers).toHaveLength(1);
    expect(drift.layers[0]).toMatchObject({ layer: 1, anchors: Math.min(2 * N, checkSettings.drift.anchors), drifted: false, reason: null });
    expect(drift.layers[0].spearman!).toBeGreaterThan(0.8);
  });

  it('finds exactly the planted cross-layer and model-vs-human contradictions, once, with provenance', async () => {
    const { items, rm0, rm1, comparisonOf } = await setup(true);
    const report = await runChecks(t.store, 'test');
    expect(report.failed).toEqual([]);

    const keyed = (roles: Role[], layers: number[], key: (id: string, item: Item) => string) =>
      items.filter((i) => roles.includes(i.role) && layers.includes(i.layer)).map((i) => key(comparisonOf.get(i.key)!, i));
    const crossPlanted = keyed(['gold-against', 'consensus2-against', 'consensus3-against'], [0], (id) => `cross-layer:${rm1}:${id}`);
    const cross = flagsOf('cross-layer');
    const crossPR = precisionRecall('cross-layer', cross.map((f) => f.key), crossPlanted);
    expect(crossPR).toEqual({ precision: 1, recall: 1 });

    const mvhPlanted = keyed(['consensus2-against', 'consensus3-against', 'single-against'], [0, 1], (id) => `model-vs-human:${id}`);
    const mvh = flagsOf('model-vs-human');
    const mvhPR = precisionRecall('model-vs-human', mvh.map((f) => f.key), mvhPlanted);
    expect(mvhPR).toEqual({ precision: 1, recall: 1 });
    expect(report.byKind).toEqual({ 'cross-layer': crossPlanted.length, 'model-vs-human': mvhPlanted.length });

    // Evidence: the model, the established judgment, confidence and margin; severity follows the rule.
    for (const f of cross) {
      expect(f.modelIds).toEqual([rm1]);
      expect(f.evidence.model).toMatchObject({ id: rm1, layer: 1 });
      expect(f.evidence.modelSide).not.toBe(f.evidence.established.side);
      expect(f.evidence.confidence).toBeGreaterThanOrEqual(checkSettings.crossLayer.minConfidence);
      expect(f.severity).toBeCloseTo(crossLayerSeverity(f.evidence.scores.pA > 0.5 ? f.evidence.scores.pA : 1 - f.evidence.scores.pA, Math.abs(f.evidence.scores.rewardA - f.evidence.scores.rewardB), f.evidence.established), 3);
    }
    const gold = cross.filter((f) => f.evidence.established.source === 'gold');
    const consensus = cross.filter((f) => f.evidence.established.source === 'consensus');
    expect(gold).toHaveLength(3);
    expect(consensus.map((f) => f.evidence.established.evaluators).sort()).toEqual([2, 2, 3]);
    // RM1 was trained on the consensus verdicts it contradicts.
    expect(consensus.every((f) => f.evidence.trainedOnEstablished === f.evidence.established.evaluators)).toBe(true);
    // Same confidence and margin: gold > unanimous three > unanimous two.
    const at = (weight: number) => crossLayerSeverity(0.9, 2, { weight });
    const s = checkSettings.crossLayer;
    expect(at(s.goldWeight)).toBeGreaterThan(at(s.consensusCeiling - s.consensusPenalty / 3));
    expect(at(s.consensusCeiling - s.consensusPenalty / 3)).toBeGreaterThan(at(s.consensusCeiling - s.consensusPenalty / 2));
    expect(crossLayerSeverity(0.95, 2, { weight: 1 })).toBeGreaterThan(crossLayerSeverity(0.7, 2, { weight: 1 }));
    expect(crossLayerSeverity(0.9, 4, { weight: 1 })).toBeGreaterThan(crossLayerSeverity(0.9, 1, { weight: 1 }));

    for (const f of mvh) {
      const layer = items.find((i) => comparisonOf.get(i.key) === f.comparisonId)!.layer;
      expect(f.modelIds).toEqual([layer === 0 ? rm0 : rm1]);
      expect(f.evidence.confidence).toBeGreaterThanOrEqual(checkSettings.modelVsHuman.minConfidence);
      expect(f.evidence.scores.spread).toBeLessThanOrEqual(checkSettings.modelVsHuman.maxSpread);
      // Every planted verdict trained the model of its layer, and the evidence says so.
      expect(f.evidence.humanVerdicts.every((h: { contradicts: boolean; trainedOn: boolean }) => h.contradicts && h.trainedOn)).toBe(true);
      expect(f.evidence.summary).toMatch(/was trained on \d of the \d verdict/);
    }

    // Flag detail: which judgments trained the flagged model, and which model assisted them (none here).
    const { getFlagDetail } = await import('../../electron/core/checks/flag-queries');
    const id = (t.store.db.prepare(`SELECT id FROM flags WHERE kind = 'cross-layer' AND json_extract(evidence, '$.established.source') = 'consensus' LIMIT 1`).get() as { id: string }).id;
    const detail = getFlagDetail(t.store.db, id);
    const trainedOn = JSON.parse((t.store.db.prepare('SELECT trained_on FROM models WHERE id = ?').get(rm1) as { trained_on: string }).trained_on);
    expect(detail.provenance.flaggedModels).toEqual([expect.objectContaining({ id: rm1, layer: 1, trainedOnJudgments: trainedOn.judgmentIds.length })]);
    expect(detail.provenance.flaggedModels[0].trainedOnHere).toBeGreaterThanOrEqual(2);
    expect(detail.provenance.flaggedModels[0].byEvaluator.map((e: { evaluator: string }) => e.evaluator).sort()).toEqual(['ann', 'bob', 'cat', 'dan']);

    // Re-running adds nothing, also after a training (the trigger) — and a dismissed flag stays dismissed.
    t.store.db.prepare(`UPDATE flags SET status = 'dismissed' WHERE id = ?`).run(id);
    const again = await runChecksAfter(t.store, 'training', 'test');
    expect(again).toMatchObject({ added: 0, failed: [] });
    expect((t.store.db.prepare('SELECT count(*) AS n FROM flags').get() as { n: number }).n).toBe(crossPlanted.length + mvhPlanted.length);
    expect((t.store.db.prepare(`SELECT status FROM flags WHERE id = ?`).get(id) as { status: string }).status).toBe('dismissed');
  });

  it('after a training, checks the trained model alone and finds for it what a full run finds', async () => {
    const { rm0, rm1 } = await setup(true);
    expect((await runChecks(t.store, 'test')).failed).toEqual([]);
    const keysOf = (kind: string, model?: string) => flagsOf(kind).filter((f) => !model || f.modelIds.includes(model)).map((f) => f.key).sort();
    const full = { cross: keysOf('cross-layer', rm1), rm1: keysOf('model-vs-human', rm1), rm0: keysOf('model-vs-human', rm0) };
    expect([full.cross, full.rm1, full.rm0].every((keys) => keys.length > 0)).toBe(true);

    t.store.db.prepare('DELETE FROM flags').run();
    const afterRm1 = await runChecksAfter(t.store, 'training', 'test', { modelIds: [rm1] });
    expect(afterRm1).toMatchObject({ ran: ['cross-layer', 'model-vs-human', 'drift'], failed: [] });
    expect(keysOf('cross-layer')).toEqual(full.cross);
    expect(keysOf('model-vs-human')).toEqual(full.rm1); // RM0's comparisons are not examined

    t.store.db.prepare('DELETE FROM flags').run();
    const afterRm0 = await runChecksAfter(t.store, 'training', 'test', { modelIds: [rm0] });
    expect(afterRm0).toMatchObject({ ran: ['cross-layer', 'model-vs-human', 'drift'], failed: [] });
    expect(keysOf('cross-layer')).toEqual([]); // RM1 contradicts layer 0, not RM0
    expect(keysOf('model-vs-human')).toEqual(full.rm0);
  });

  it('check a model trained outside any run (plain rung train) too, and say why the layer checks skip it', async () => {
    const items = ladder(true);
    await importDataset(t.store, { path: t.file('ladder.jsonl', jsonl(items.map(record))) });
    const plain = await trainRung(t.store, { holdout: 0, seed: 5, device: 'cpu', actor: 'test' });
    const report = await runChecks(t.store, 'test');
    expect(report.failed).toEqual([]);
    const comparisonOf = new Map(
      (t.store.db.prepare('SELECT c.id, p.text FROM comparisons c JOIN prompts p ON p.id = c.prompt_id').all() as { id: string; text: string }[]).map((r) => [r.text.replace('prompt ', ''), r.id]),
    );
    const planted = items.filter((i) => ['consensus2-against', 'consensus3-against', 'single-against'].includes(i.role)).map((i) => `model-vs-human:${comparisonOf.get(i.key)}`);
    const mvh = flagsOf('model-vs-human');
    const pr = precisionRecall('model-vs-human (plain model)', mvh.map((f) => f.key), planted);
    expect(pr.recall).toBe(1);
    for (const f of mvh) {
      expect(f.modelIds).toEqual([plain.modelId]);
      expect(f.evidence.model).toMatchObject({ id: plain.modelId, layer: null, runId: null, run: null });
    }
    // cross-layer and drift need a run's layers: the notes say so, naming the model.
    expect(report.notes).toEqual(
      expect.arrayContaining([expect.stringMatching(/trained outside any run, by rung train\): cross-layer needs a run's layers/), expect.stringMatching(/: drift needs a run's layers/)]),
    );
  });

  it('drift: a model on the same rule ranks the anchors alike, one on the opposite rule is flagged once', async () => {
    const { items, run, rm0, rm1 } = await setup(false);
    const same = (await getDrift(t.store.db, run.id)).layers[0];
    expect(same).toMatchObject({ modelId: rm1, previousModelId: rm0, drifted: false });

    // RM1' trained on the opposite rule over the same responses, made the active RM1 of the run.
    const data = new Float32Array(items.length * 2 * DIM);
    items.forEach((item, i) => {
      data.set(item.xa, 2 * i * DIM);
      data.set(item.xb, (2 * i + 1) * DIM);
    });
    const pairs = {
      a: Uint32Array.from(items, (_, i) => 2 * i),
      b: Uint32Array.from(items, (_, i) => 2 * i + 1),
      target: Float32Array.from(items, (item) => (reward(item.xa) > reward(item.xb) ? 0 : 1)),
    };
    const { model } = await train({ dim: DIM, data }, pairs, { seed: 9, device: 'cpu', epochs: 30 });
    const layerId = (t.store.db.prepare('SELECT id FROM layers WHERE run_id = ? AND idx = 1').get(run.id) as { id: string }).id;
    const opposite = saveModel(t.store.db, {
      name: 'opposite RM1',
      model,
      config: { ...model.config, input: 'embedding' },
      metrics: {},
      trainedOn: { runId: run.id, layers: '0..1', judgmentIds: [] },
      device: 'cpu',
      actor: 'test',
      runId: run.id,
      layerId,
    });
    const flipped = (await getDrift(t.store.db, run.id)).layers[0];
    console.log(`drift: Spearman ρ(RM0, RM1) = ${same.spearman} on the same rule, ${flipped.spearman} on the opposite rule (${flipped.anchors} anchors)`);
    expect(same.spearman!).toBeGreaterThan(0.8);
    expect(flipped).toMatchObject({ modelId: opposite, previousModelId: rm0, drifted: true });
    expect(flipped.spearman!).toBeLessThan(-0.5);
    // The checks after the training that made it RM1 (on it alone) find the drift as well.
    const afterTraining = await runChecksAfter(t.store, 'training', 'test', { modelIds: [opposite] });
    if ('error' in afterTraining) throw new Error(`the checks after the training failed: ${afterTraining.error}`);
    expect(afterTraining.found).toMatchObject({ drift: 1 });
    t.store.db.prepare('DELETE FROM flags').run();

    const report = await runChecks(t.store);
    const drift = flagsOf('drift');
    expect(precisionRecall('drift', drift.map((f) => f.key), [`drift:${rm0}:${opposite}`])).toEqual({ precision: 1, recall: 1 });
    expect(drift[0]).toMatchObject({ comparisonId: null, modelIds: [rm0, opposite] });
    expect(drift[0].evidence).toMatchObject({ layer: 1, spearman: flipped.spearman, threshold: checkSettings.drift.minSpearman, anchors: Math.min(2 * N, checkSettings.drift.anchors) });
    expect(drift[0].severity).toBeGreaterThan(0.8);
    expect(report.found.drift).toBe(1);
    expect((await runChecks(t.store)).added).toBe(0);
  });

  it('run by themselves when a training job finishes', async () => {
    const items = ladder(true);
    await importDataset(t.store, { path: t.file('ladder.jsonl', jsonl(items.map(record))) });
    const run = createRun(t.store.db, 'Synthetic ladder', '', [{ name: 'L0', rule: { kind: 'field' as const, layer: 0 } }], 'test');
    const jobs = new TrainingJobs(t.store);
    const job = await jobs.settle(jobs.start({ runId: run.id, layer: 0, holdout: 0, seed: 5, device: 'cpu', actor: 'tester' }).id);
    expect(job).toMatchObject({ status: 'done', error: null });
    // RM0 contradicts the people who went against the rule on layer 0 (consensus and single verdicts): flagged at once.
    const planted = items.filter((i) => i.layer === 0 && ['consensus2-against', 'consensus3-against', 'single-against'].includes(i.role)).length;
    const mvh = t.store.db.prepare(`SELECT count(*) AS n FROM flags WHERE kind = 'model-vs-human'`).get() as { n: number };
    expect(mvh.n).toBe(planted);
    expect((t.store.db.prepare(`SELECT count(*) AS n FROM audit_log WHERE action = 'flag' AND actor = 'tester'`).get() as { n: number }).n).toBe(planted);
  });

  it('says why drift cannot be computed, and refuses an unknown run', async () => {
    const { run } = await setup(false);
    t.store.db.prepare('UPDATE models SET active = 0 WHERE layer_id = (SELECT id FROM layers WHERE run_id = ? AND idx = 0)').run(run.id);
    expect((await getDrift(t.store.db, run.id)).layers[0]).toMatchObject({ spearman: null, drifted: false, reason: 'no active model at layer 0' });
    await expect(getDrift(t.store.db, '0123abcd-0000-4000-8000-000000000000')).rejects.toMatchObject({ code: 'NOT_FOUND' });
  });
});
