// Training options (issue #6 "Training each rung"): layer weights reach the engine's pair weights, reliability
// weighting down-weights a contrarian, strength and ties decide the consensus, simulated evaluators' and models'
// judgments are left out unless asked (and the error says which option), and the model records its provenance.
import { describe, expect, it, vi } from 'vitest';
import type { Pairs } from '../../electron/core/engine';
import { useService } from '../helpers/api';
import { rung } from '../helpers/cli';
import { jsonl, uploadSource } from '../helpers/store';

const captured: Pairs[] = [];
vi.mock('../../electron/core/engine/index', async (original) => {
  const engine = await original<typeof import('../../electron/core/engine/index')>();
  return { ...engine, train: (items: never, pairs: Pairs, options: never) => (captured.push(pairs), engine.train(items, pairs, options)) };
});

const s = useService();

type J = { evaluator: string; choice: string; strength?: number; kind?: string };

/** Comparisons whose better response says "correct"; layers 0 and 1. */
function rows(judge: (i: number, aGood: boolean) => J[], n = 40) {
  return Array.from({ length: n }, (_, i) => {
    const aGood = i % 2 === 0;
    const good = `item ${i}: this is correct and checked`, bad = `item ${i}: this is wrong and unchecked`;
    return { prompt: `Problem ${i}`, response_a: aGood ? good : bad, response_b: aGood ? bad : good, layer: i < n / 2 ? 0 : 1, ground_truth: aGood ? 'A' : 'B', judgments: judge(i, aGood) };
  });
}

async function load(data: unknown[]) {
  await s.value('importDataset', { source: uploadSource('opts.jsonl', data) });
  return s.value('createRun', { name: 'Options', layers: [0, 1].map((layer) => ({ name: `L${layer}`, rule: { kind: 'field', layer } })) });
}

const right = (aGood: boolean) => (aGood ? 'A' : 'B');
const wrong = (aGood: boolean) => (aGood ? 'B' : 'A');

async function table(options: Record<string, unknown> = {}) {
  const { loadComparisons } = await import('../../electron/core/ladder/training-data');
  return loadComparisons(s.t.store.db, { judgedOnly: true, ...options });
}

const targetOf = (t: Awaited<ReturnType<typeof table>>, prompt: string) => t.target[t.comparisonIds.findIndex((_, i) => t.prompts[t.group[i]] === prompt)];

async function finished(jobId: string) {
  for (;;) {
    const job = await s.value('getTrainingJob', { jobId });
    if (job.status !== 'running') return job;
    await new Promise((r) => setTimeout(r, 50));
  }
}

const trainedOn = (modelId: string) => JSON.parse((s.t.store.db.prepare('SELECT trained_on FROM models WHERE id = ?').get(modelId) as { trained_on: string }).trained_on);

describe('training options', () => {
  it('strength weighs a vote (unspecified counts 2), and ties that outweigh both sides give 0.5', async () => {
    await load([
      { prompt: 's1', response_a: 'x', response_b: 'y', judgments: [{ evaluator: 'e1', choice: 'A', strength: 1 }, { evaluator: 'e2', choice: 'B', strength: 3 }] },
      { prompt: 's2', response_a: 'x', response_b: 'y', judgments: [{ evaluator: 'e1', choice: 'A' }, { evaluator: 'e2', choice: 'B', strength: 1 }] },
      { prompt: 's3', response_a: 'x', response_b: 'y', judgments: [{ evaluator: 'e1', choice: 'A', strength: 1 }, { evaluator: 'e2', choice: 'tie', strength: 2 }] },
      { prompt: 's4', response_a: 'x', response_b: 'y', judgments: [{ evaluator: 'e1', choice: 'A', strength: 3 }, { evaluator: 'e2', choice: 'tie', strength: 2 }] },
      { prompt: 's5', response_a: 'x', response_b: 'y', judgments: [{ evaluator: 'e1', choice: 'A', strength: 2 }, { evaluator: 'e2', choice: 'B' }] },
    ]);
    const t = await table();
    expect(targetOf(t, 's1')).toBe(0); // 1 vs 3: B, where one vote each would be level
    expect(targetOf(t, 's2')).toBe(1); // 2 vs 1
    expect(targetOf(t, 's3')).toBe(0.5); // tie 2 outweighs A 1
    expect(targetOf(t, 's4')).toBe(1); // A 3 outweighs tie 2
    expect(targetOf(t, 's5')).toBe(0.5); // 2 vs 2: level
    expect(Array.from(t.weight)).toEqual([1, 1, 1, 1, 1]);
  });

  it('reliability weighting down-weights a planted contrarian', async () => {
    // Three evaluators agree with the truth on every item; "contra" always says the opposite; item 0 has e1 and contra only.
    await load(rows((i, aGood) => (i === 0 ? [{ evaluator: 'e1', choice: right(aGood) }, { evaluator: 'contra', choice: wrong(aGood) }] : ['e1', 'e2', 'e3'].map((e) => ({ evaluator: e, choice: right(aGood) })).concat({ evaluator: 'contra', choice: wrong(aGood) }))));
    const majority = await table();
    expect(targetOf(majority, 'Problem 0')).toBe(0.5);
    const reliable = await table({ combine: 'reliability' });
    const byName = (name: string) => (s.t.store.db.prepare('SELECT id FROM evaluators WHERE name = ?').get(name) as { id: string }).id;
    // contra: 40 shared items, agreement 0 → (40·0 + 5)/(40 + 5); e1: agrees with the others on 39 of its 40 items (on item 0 the only other is contra) → (40·(2·39/40 − 1) + 5)/(40 + 5).
    expect(reliable.evaluatorWeights[byName('contra')]).toBeCloseTo(5 / 45, 6);
    expect(reliable.evaluatorWeights[byName('e2')]).toBeCloseTo(1, 6);
    const w1 = (40 * (2 * (39 / 40) - 1) + 5) / 45;
    expect(reliable.evaluatorWeights[byName('e1')]).toBeCloseTo(w1, 6);
    // Item 0 (A good): e1 says A with weight w1 > contra's 5/45 (both strength 2), so A wins where majority saw a level vote.
    expect(targetOf(reliable, 'Problem 0')).toBe(1);
  });

  it('leaves simulated and model judgments out unless asked, says which option would include them, and records provenance', async () => {
    // Layer 0: a person; layer 1: a simulated evaluator and a model's auto-labels only.
    const run = await load(rows((i, aGood) => (i < 20 ? [{ evaluator: 'ann', choice: right(aGood) }] : [{ evaluator: 'sim', choice: right(aGood) }, { evaluator: 'RM0 auto', kind: 'model', choice: right(aGood) }])));
    s.t.store.db.prepare(`UPDATE evaluators SET simulated = '{"baseError":0.1}' WHERE name = 'sim'`).run();
    const only1 = await s.value('createRun', { name: 'Layer 1 only', layers: [{ name: 'L1', rule: { kind: 'field', layer: 1 } }] });
    const failed = await finished((await s.value('startTraining', { runId: only1.id, layer: 0 })).id);
    expect(failed.status).toBe('failed');
    expect(failed.error).toMatch(/at least 2 comparisons with human judgments, found 0/);
    expect(failed.error).toMatch(/20 judgments by simulated evaluators \(include them with includeSimulated/);
    expect(failed.error).toMatch(/20 model judgments \(include them with includeModelJudgments/);

    expect((await table()).sources).toEqual({ human: 20, simulated: 0, model: 0 });
    expect((await table({ includeSimulated: true })).sources).toEqual({ human: 20, simulated: 20, model: 0 });
    expect((await table({ includeModelJudgments: true })).sources).toEqual({ human: 20, simulated: 0, model: 20 });

    captured.length = 0;
    const job = await finished((await s.value('startTraining', { runId: run.id, layer: 1, seed: 2, layerWeights: [0.5, 2], includeSimulated: true })).id);
    expect(job.status, job.error).toBe('done');
    const provenance = trainedOn(job.modelId);
    expect(provenance).toMatchObject({
      judgmentsBySource: { human: 20, simulated: 20, model: 0 },
      layerWeights: [0.5, 2],
      combine: 'majority',
      includeSimulated: true,
      includeModelJudgments: false,
      comparisons: 40,
    });
    expect(provenance.heldOutComparisonIds).toHaveLength(provenance.holdoutComparisons);
    expect(provenance.holdoutComparisons).toBeGreaterThan(0);
    // Held out and trained on never overlap, and the held-out ids are comparisons of the run.
    const layerOf = new Map(
      (s.t.store.db.prepare('SELECT id, layer FROM comparisons').all() as { id: string; layer: number }[]).map((r) => [r.id, r.layer]),
    );
    for (const id of provenance.heldOutComparisonIds) expect([0, 1]).toContain(layerOf.get(id));
    // The final model's pairs carry the layer weights: 0.5 for layer 0, 2 for layer 1.
    const final = captured[captured.length - 1];
    expect(final.weight).toBeDefined();
    expect(new Set(Array.from(final.weight!))).toEqual(new Set([0.5, 2]));
    expect(final.a.length).toBe(40 - provenance.holdoutComparisons);
    const [model] = await s.value('listModels', { runId: run.id });
    expect(model.judgmentsBySource).toEqual({ human: 20, simulated: 20, model: 0 });

    // A weight of 0 leaves the layer out; bad weights are refused.
    const zero = await finished((await s.value('startTraining', { runId: run.id, layer: 1, layerWeights: [1, 0], includeSimulated: true })).id);
    expect(trainedOn(zero.modelId)).toMatchObject({ comparisons: 20, judgmentsBySource: { human: 20, simulated: 0, model: 0 } });
    const tooMany = await finished((await s.value('startTraining', { runId: run.id, layer: 0, layerWeights: [1, 1] })).id);
    expect(tooMany.error).toMatch(/layer weights go up to layer 0/);
    const allZero = await finished((await s.value('startTraining', { runId: run.id, layer: 1, layerWeights: [0, 0] })).id);
    expect(allZero.error).toMatch(/every layer weight is 0/);
    expect(await s.call('startTraining', { runId: run.id, layer: 1, layerWeights: [-1] })).toMatchObject({ ok: false, error: { code: 'INVALID_PARAMS' } });
    expect(await s.call('startTraining', { runId: run.id, layer: 1, combine: 'mean' })).toMatchObject({ ok: false, error: { code: 'INVALID_PARAMS' } });
  });

  it('rung train takes --layer-weight, --combine, --include-simulated and --include-model-judgments', async () => {
    const db = `${s.t.dir}/cli.db`;
    const file = s.t.file('cli.jsonl', jsonl(rows((_, aGood) => [{ evaluator: 'ann', choice: right(aGood) }, { evaluator: 'bot', kind: 'model', choice: right(aGood) }])));
    expect(rung(['import', file, '--db', db]).code).toBe(0);
    const { openStore } = await import('../../electron/core/store');
    const { createRun } = await import('../../electron/core/ladder/runs');
    const store = openStore(db);
    createRun(store.db, 'CLI', '', [0, 1].map((layer) => ({ name: `L${layer}`, rule: { kind: 'field' as const, layer } })), 'test');
    store.close();
    const help = rung(['train', '--help']);
    for (const flag of ['--layer-weight I=W', '--combine', '--include-simulated', '--include-model-judgments']) expect(help.stdout).toContain(flag);
    const result = rung(['train', '--db', db, '--run', 'CLI', '--layer', '1', '--layer-weight', '0=0.25', '--layer-weight', '1=3', '--combine', 'reliability', '--include-model-judgments', '--json']);
    expect(result.code, result.stderr).toBe(0);
    const out = JSON.parse(result.stdout);
    expect(out.judgmentsBySource).toEqual({ human: 40, simulated: 0, model: 40 });
    const check = openStore(db);
    const provenance = JSON.parse((check.db.prepare('SELECT trained_on FROM models WHERE id = ?').get(out.modelId) as { trained_on: string }).trained_on);
    check.close();
    expect(provenance).toMatchObject({ layerWeights: [0.25, 3], combine: 'reliability', includeModelJudgments: true, includeSimulated: false });
    const bad = rung(['train', '--db', db, '--run', 'CLI', '--layer', '1', '--layer-weight', '2=1']);
    expect(bad.code).toBe(2);
    expect(bad.stderr).toMatch(/RM1 trains on layers 0–1 only/);
    expect(rung(['train', '--db', db, '--run', 'CLI', '--layer', '1', '--layer-weight', 'x']).stderr).toMatch(/LAYER=WEIGHT/);
    expect(rung(['train', '--db', db, '--run', 'CLI', '--layer', '1', '--combine', 'mean']).code).toBe(2);
    expect(rung(['train', '--db', db, '--layer-weight', '0=1']).stderr).toMatch(/needs --run and --layer/);
  });
});
