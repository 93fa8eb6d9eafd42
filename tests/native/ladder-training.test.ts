// Training a rung from the Ladder: a job trains RMk on the human judgments of layers 0..k off the JS thread,
// reports per-epoch points, stores the model as the layer's active one with its provenance, can be cancelled,
// and fails with a plain message where a layer has nothing to learn from; `rung train --run --layer` likewise.
import { describe, expect, it } from 'vitest';
import { useService } from '../helpers/api';
import { rung } from '../helpers/cli';
import { jsonl, uploadSource } from '../helpers/store';
import { deviceInfo } from '../../electron/core/engine';

const s = useService();

/** Comparisons whose better response says "correct"; layer 0 short, layer 1 longer; human judgments on all but layer 2. */
function rows() {
  const out = [];
  for (let i = 0; i < 90; i++) {
    const layer = i < 40 ? 0 : i < 70 ? 1 : 2;
    const good = `step ${i}: this is correct and checked ${'carefully '.repeat(layer)}`;
    const bad = `step ${i}: this is wrong and unchecked ${'hastily '.repeat(layer)}`;
    const aGood = i % 2 === 0;
    out.push({
      id: `q${i}`,
      prompt: `Problem ${i}`,
      response_a: aGood ? good : bad,
      response_b: aGood ? bad : good,
      layer,
      judgments: layer === 2 ? [] : [{ evaluator: 'ann', choice: aGood ? 'A' : 'B' }],
    });
  }
  return out;
}

async function setup() {
  await s.value('importDataset', { source: uploadSource('ladder.jsonl', rows()) });
  return s.value('createRun', {
    name: 'Test ladder',
    layers: [0, 1, 2].map((layer) => ({ name: `L${layer}`, rule: { kind: 'field', layer } })),
  });
}

async function finished(jobId: string) {
  for (;;) {
    const job = await s.value('getTrainingJob', { jobId });
    if (job.status !== 'running') return job;
    await new Promise((r) => setTimeout(r, 50));
  }
}

describe('training a rung', () => {
  it('trains RM1 on layers 0..1, reports epochs, stores the active model with provenance', async () => {
    const run = await setup();
    const started = await s.value('startTraining', { runId: run.id, layer: 1, holdout: 0.2, seed: 3 });
    expect(started.status).toBe('running');
    expect(await s.call('startTraining', { runId: run.id, layer: 1 })).toMatchObject({ ok: false, error: { code: 'CONFLICT' } });
    const job = await finished(started.id);
    expect(job).toMatchObject({ status: 'done', error: null, modelId: expect.any(String) });
    expect(job.points.length).toBeGreaterThan(0);
    expect(job.points.every((p: { trainLoss: number }) => Number.isFinite(p.trainLoss))).toBe(true);
    expect(job.heldOut.accuracy).toBeGreaterThan(0.8);

    const [model] = await s.value('listModels', { runId: run.id });
    expect(model).toMatchObject({ id: job.modelId, layer: 1, active: true, judgments: 70, evaluators: 1 });
    const trainedOn = JSON.parse((s.t.store.db.prepare('SELECT trained_on FROM models WHERE id = ?').get(job.modelId) as { trained_on: string }).trained_on);
    expect(trainedOn).toMatchObject({ runId: run.id, layers: '0..1', comparisons: 70 });
    // provenance names the judgments learned from; those of the held-out comparisons are kept apart
    expect(trainedOn.heldOutComparisonIds.length).toBeGreaterThan(0);
    expect(trainedOn.judgmentIds.length + trainedOn.heldOutJudgmentIds.length).toBe(70);
    const comparisonOf = (id: string) => (s.t.store.db.prepare('SELECT comparison_id AS c FROM judgments WHERE id = ?').get(id) as { c: string }).c;
    const heldOut = new Set<string>(trainedOn.heldOutComparisonIds);
    expect(trainedOn.judgmentIds.filter((id: string) => heldOut.has(comparisonOf(id)))).toEqual([]);
    expect(trainedOn.heldOutJudgmentIds.every((id: string) => heldOut.has(comparisonOf(id)))).toBe(true);
    expect((await s.value('listTrainingJobs', { runId: run.id })).map((j: { id: string }) => j.id)).toEqual([started.id]);
  });

  it('cancels a job without storing a model, and says plainly when a layer has no judgments', async () => {
    const run = await setup();
    const started = await s.value('startTraining', { runId: run.id, layer: 0 });
    const cancelled = await s.value('cancelTraining', { jobId: started.id });
    expect(cancelled.status).toBe('cancelled');
    expect(await s.value('listModels', { runId: run.id })).toEqual([]);

    // Layer 2 alone has no judgments, but RM2 trains on layers 0..2: it works; a run whose only layer is unjudged does not.
    const bare = await s.value('createRun', { name: 'Unjudged', layers: [{ name: 'L2', rule: { kind: 'field', layer: 2 } }] });
    const failing = await finished((await s.value('startTraining', { runId: bare.id, layer: 0 })).id);
    expect(failing).toMatchObject({ status: 'failed', error: expect.stringMatching(/at least 2 comparisons with human judgments/) });
    expect(await s.call('startTraining', { runId: bare.id, layer: 5 })).toMatchObject({ ok: false, error: { code: 'NOT_FOUND' } });
  });

  it('takes the precision from the form: BF16 where AMX is, recorded with the model (text models train in FP32 all the same)', async () => {
    const run = await setup();
    const job = await finished((await s.value('startTraining', { runId: run.id, layer: 0, precision: 'bf16' })).id);
    if (!deviceInfo().amxBf16.available) {
      expect(job).toMatchObject({ status: 'failed', error: expect.stringMatching(/precision "bf16" needs AMX/) });
      return;
    }
    expect(job.status).toBe('done');
    const config = JSON.parse((s.t.store.db.prepare('SELECT config FROM models WHERE id = ?').get(job.modelId) as { config: string }).config);
    expect(config.training.precision).toBe('fp32');
  });

  it('switches the active model of a layer', async () => {
    const run = await setup();
    const first = await finished((await s.value('startTraining', { runId: run.id, layer: 0, seed: 1 })).id);
    const second = await finished((await s.value('startTraining', { runId: run.id, layer: 0, seed: 2 })).id);
    const active = () => s.value('listModels', { runId: run.id }).then((m: { id: string; active: boolean }[]) => m.filter((x) => x.active).map((x) => x.id));
    expect(await active()).toEqual([second.modelId]);
    await s.value('setActiveModel', { modelId: first.modelId });
    expect(await active()).toEqual([first.modelId]);
  });

  it('rung train --run NAME --layer K', async () => {
    const db = `${s.t.dir}/cli.db`;
    const file = s.t.file('ladder.jsonl', jsonl(rows()));
    expect(rung(['import', file, '--db', db]).code).toBe(0);
    const { openStore } = await import('../../electron/core/store');
    const { createRun } = await import('../../electron/core/ladder/runs');
    const store = openStore(db);
    createRun(store.db, 'CLI ladder', '', [0, 1].map((layer) => ({ name: `L${layer}`, rule: { kind: 'field' as const, layer } })), 'test');
    store.close();
    const result = rung(['train', '--db', db, '--run', 'CLI ladder', '--layer', '0', '--json']);
    expect(result.code, result.stderr).toBe(0);
    expect(JSON.parse(result.stdout)).toMatchObject({ modelId: expect.any(String), trainComparisons: expect.any(Number) });
    expect(rung(['train', '--db', db, '--run', 'CLI ladder']).stderr).toMatch(/--run and --layer go together/);
    expect(rung(['train', '--db', db, '--run', 'nope', '--layer', '0']).stderr).toMatch(/no run with id or name "nope"/);
  });
});
