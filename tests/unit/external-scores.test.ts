// Scores from a lab's own model (`importScores`, `rung scores import`): a JSONL file of rewards becomes an external
// model — by comparison id or by texts, all or nothing with `file:line: field` refusals — that assistance, routing,
// the model checks, the layer metrics and drift use like a trained one, on the comparisons it scored.
import { createHash } from 'node:crypto';
import { describe, expect, it } from 'vitest';
import { useService } from '../helpers/api';
import { jsonl, uploadSource } from '../helpers/store';
import { ROUTING_COUNTS, routingRows } from '../helpers/routing-data';
import { bundleUpload, workstation } from '../helpers/workstations';

const s = useService();

interface Row {
  id: string;
  layer: number;
  prompt: string;
  a: string;
  b: string;
}

/** Imports routingRows (layer 0: 420 judged by ann, 90 pending, 30 of them undecidable; layer 1: one) and a two-layer run. */
async function setUp() {
  await s.value('importDataset', { source: uploadSource('route.jsonl', routingRows()) });
  await s.value('updateSettings', { controlShare: 0 }); // no control trials: every assisted item shows its assistance
  const run = await s.value('createRun', { name: 'Lab', layers: [0, 1].map((layer) => ({ name: `L${layer}`, rule: { kind: 'field', layer } })) });
  const rows = s.t.store.db
    .prepare(
      `SELECT c.id, c.layer, p.text AS prompt, ra.text AS a, rb.text AS b FROM comparisons c JOIN prompts p ON p.id = c.prompt_id
         JOIN responses ra ON ra.id = c.response_a_id JOIN responses rb ON rb.id = c.response_b_id ORDER BY c.rowid`,
    )
    .all() as Row[];
  return { run, rows };
}

/** The lab model's rewards: +3 for a response that says it is correct, −3 for one that says it is wrong, 0 otherwise. */
const rewardOf = (text: string) => (text.includes(': this is correct') ? 3 : text.includes(': this is wrong') ? -3 : 0);
const byId = (r: Row) => ({ comparison_id: r.id, reward_a: rewardOf(r.a), reward_b: rewardOf(r.b) });

const fromPath = (path: string) => ({ kind: 'path' as const, path });

const counts = () => ({
  models: s.t.store.db.prepare('SELECT count(*) FROM models').pluck().get(),
  scores: s.t.store.db.prepare('SELECT count(*) FROM external_scores').pluck().get(),
});

async function refusal(params: Record<string, unknown>) {
  const result = await s.call('importScores', { name: 'lab', ...params });
  if (result.ok) throw new Error('importScores was not refused');
  return result.error;
}

describe('importScores', () => {
  it('imports by comparison id as the active model of a run layer, with its provenance and an audit entry', async () => {
    const { run, rows } = await setUp();
    const text = jsonl(rows.filter((r) => r.layer === 0).map(byId));
    const path = s.t.file('lab-rm.jsonl', text);
    const result = await s.value('importScores', { source: fromPath(path), name: 'lab-rm-v3', runId: run.id, layer: 0 });
    expect(result).toEqual({
      modelId: expect.any(String), name: 'lab-rm-v3', runId: run.id, layer: 0, lines: 510, scores: 510, unmatched: 0,
      source: { file: 'lab-rm.jsonl', sha256: createHash('sha256').update(text).digest('hex') },
    });
    const [model] = await s.value('listModels', { runId: run.id });
    expect(model).toMatchObject({ id: result.modelId, name: 'lab-rm-v3', kind: 'external', recipe: 'external (lab-rm.jsonl, 510 scores)', layer: 0, active: true });
    const stored = s.t.store.db.prepare('SELECT length(blob) AS bytes, blob_sha256 AS sha, config FROM models').get() as { bytes: number; sha: string; config: string };
    expect(stored.bytes).toBe(0);
    expect(stored.sha).toBe(createHash('sha256').update(Buffer.alloc(0)).digest('hex'));
    expect(JSON.parse(stored.config)).toMatchObject({ kind: 'external', source: result.source, scores: 510, importedAt: expect.any(String) });
    expect(counts()).toEqual({ models: 1, scores: 510 });
    const audit = s.t.store.db.prepare(`SELECT action, details FROM audit_log WHERE entity = 'model'`).get() as { action: string; details: string };
    expect(audit.action).toBe('import');
    expect(JSON.parse(audit.details)).toEqual({ name: 'lab-rm-v3', source: result.source, scores: 510, unmatched: 0 });
  });

  it('imports by texts, swapping the rewards of a pair stored the other way round; without a run it is the database\'s model', async () => {
    const { rows } = await setUp();
    const [first, second] = rows;
    const path = s.t.file('texts.jsonl', jsonl([
      { prompt: first.prompt, response_a: first.a, response_b: first.b, reward_a: 1.5, reward_b: -0.5, std_a: 0.25 },
      { prompt: second.prompt, response_a: second.b, response_b: second.a, reward_a: 2, reward_b: 4, std_a: null, std_b: 0.5 },
    ]));
    const result = await s.value('importScores', { source: fromPath(path), name: 'by-texts' });
    expect(result).toMatchObject({ runId: null, layer: null, lines: 2, scores: 2 });
    expect(await s.value('listModels', {})).toMatchObject([{ id: result.modelId, runId: null, layer: null, active: true, kind: 'external' }]);
    expect(s.t.store.db.prepare('SELECT comparison_id AS id, reward_a AS ra, reward_b AS rb, std_a AS sa, std_b AS sb FROM external_scores ORDER BY comparison_id').all()).toEqual(
      expect.arrayContaining([
        { id: first.id, ra: 1.5, rb: -0.5, sa: 0.25, sb: null },
        { id: second.id, ra: 4, rb: 2, sa: 0.5, sb: null },
      ]),
    );
    // rung score with it answers for the comparisons it scored only, P(A ≻ B) = sigmoid(reward_a − reward_b)
    const scored = await s.value('scoreComparisons', { modelId: result.modelId });
    expect(scored.comparisons.map((c: { id: string }) => c.id).sort()).toEqual([first.id, second.id].sort());
    const one = scored.comparisons.find((c: { id: string }) => c.id === first.id);
    expect(one.probA).toBeCloseTo(1 / (1 + Math.exp(-2)), 10);
    expect(one.spread).toBeCloseTo(one.probA * (1 - one.probA) * 0.25, 10);
  });

  it('refuses bad lines as file:line: field, writing nothing', async () => {
    const { run, rows } = await setUp();
    const [c1, c2] = rows.map((r) => r.id);
    const cases: [string, string][] = [
      [`{"comparison_id": "${c1}", "reward_a": 1, "reward_b": 0}\n{"comparison_id": `, '2: comparison_id: invalid JSON: the text ends before its value does'],
      [`{"comparison_id": "${c1}", "reward_a": 1, "reward_a": 2, "reward_b": 0}`, '1: reward_a: duplicate key "reward_a" (the object names it more than once)'],
      [`{"comparison_id": "${c1}", "reward_a": 1}`, '1: reward_b: is missing'],
      [`{"comparison_id": "${c1}", "reward_a": "1", "reward_b": 0}`, '1: reward_a: must be a number, got string'],
      [`{"comparison_id": "${c1}", "reward_a": NaN, "reward_b": 0}`, "1: reward_a: NaN is not a finite number (Python's json.dumps writes it for a float that is not): every reward and std must be finite"],
      [`{"comparison_id": "${c1}", "reward_a": 1, "reward_b": -Infinity}`, "1: reward_b: -Infinity is not a finite number (Python's json.dumps writes it for a float that is not): every reward and std must be finite"],
      [`{"comparison_id": "${c1}", "reward_a": 1e400, "reward_b": 0}`, '1: reward_a: not a finite number (1e400)'],
      [`{"comparison_id": "${c1}", "reward_a": 1, "reward_b": 0, "std_b": -0.5}`, '1: std_b: must be at least 0, got -0.5'],
      [`{"comparison_id": "${c1}", "reward_a": 1, "reward_b": 0, "std_A": 0.5}`, '1: std_A: unknown field (a line holds comparison_id, prompt, response_a, response_b, reward_a, reward_b, std_a, std_b)'],
      [`{"reward_a": 1, "reward_b": 0}`, '1: comparison_id: is missing (name the comparison by comparison_id, or by prompt, response_a and response_b)'],
      [`{"prompt": "p", "response_a": "a", "reward_a": 1, "reward_b": 0}`, '1: response_b: is missing (a comparison named by its texts needs prompt, response_a and response_b)'],
      [`{"comparison_id": "${c1}", "prompt": "p", "reward_a": 1, "reward_b": 0}`, '1: prompt: give comparison_id or prompt, response_a and response_b, not both'],
      [`[1, 2]`, '1: must be a JSON object with comparison_id (or prompt, response_a and response_b), reward_a and reward_b'],
      [
        `{"comparison_id": "${c1}", "reward_a": 1, "reward_b": 0}\n\n{"comparison_id": "no-such-id", "reward_a": 1, "reward_b": 0}`,
        '3: comparison_id: no comparison with id no-such-id in this database (import its dataset first, or skip such lines: --skip-unmatched, or "Skip comparisons not in this database" on the Data page)',
      ],
      [
        `{"prompt": "Problem number 0", "response_a": "not stored", "response_b": "either", "reward_a": 1, "reward_b": 0}`,
        '1: prompt: no stored comparison of this prompt with these two responses (import its dataset first, or skip such lines: --skip-unmatched, or "Skip comparisons not in this database" on the Data page)',
      ],
      [
        `{"comparison_id": "${c1}", "reward_a": 1, "reward_b": 0}\n{"comparison_id": "${c2}", "reward_a": 1, "reward_b": 0}\n{"comparison_id": "${c1}", "reward_a": 2, "reward_b": 0}`,
        `3: comparison_id: comparison ${c1} is scored on line 1 already`,
      ],
    ];
    for (const [text, message] of cases) {
      const path = s.t.file('bad.jsonl', text);
      const error = await refusal({ source: fromPath(path), runId: run.id, layer: 0 });
      expect(error, text).toMatchObject({ code: 'BAD_INPUT', message: `${path}:${message}` });
      expect(counts()).toEqual({ models: 0, scores: 0 });
    }
    const empty = s.t.file('empty.jsonl', '\n\n');
    expect(await refusal({ source: fromPath(empty) })).toMatchObject({ code: 'BAD_INPUT', message: `${empty}: holds no scores (one JSON object per line is expected)` });
    expect(counts()).toEqual({ models: 0, scores: 0 });
  });

  it('refuses an unknown run or layer, a run without a layer, a taken name; skips unmatched lines only when asked', async () => {
    const { run, rows } = await setUp();
    const path = s.t.file('lab.jsonl', jsonl([byId(rows[0]), { comparison_id: 'gone', reward_a: 0, reward_b: 1 }]));
    expect(await refusal({ source: fromPath(path), runId: '00000000-0000-4000-8000-000000000000', layer: 0 })).toMatchObject({ code: 'NOT_FOUND', message: 'no run with id 00000000-0000-4000-8000-000000000000' });
    expect(await refusal({ source: fromPath(path), runId: run.id, layer: 5 })).toMatchObject({ code: 'NOT_FOUND', message: 'run "Lab" has no layer 5 (it has 0–1)' });
    expect(await refusal({ source: fromPath(path), runId: run.id })).toMatchObject({ code: 'INVALID_PARAMS', message: expect.stringContaining('give runId and layer together') });
    expect(counts()).toEqual({ models: 0, scores: 0 });
    const skipped = await s.value('importScores', { source: fromPath(path), name: 'lab', runId: run.id, layer: 0, skipUnmatched: true });
    expect(skipped).toMatchObject({ lines: 2, scores: 1, unmatched: 1 });
    expect(await refusal({ source: fromPath(path), skipUnmatched: true })).toMatchObject({ code: 'CONFLICT', message: `name: a model named "lab" exists already (${skipped.modelId}): choose another name` });
    const none = s.t.file('none.jsonl', jsonl([{ comparison_id: 'gone', reward_a: 0, reward_b: 1 }]));
    expect(await refusal({ source: fromPath(none), name: 'other', skipUnmatched: true })).toMatchObject({ code: 'BAD_INPUT', message: `${none}: none of its 1 lines names a comparison in this database: import the comparisons first` });
    expect(counts()).toEqual({ models: 1, scores: 1 });
  });
});

describe('an external model at work', () => {
  it('assists layer 1 as RM0, named as external; a comparison its file did not score shows no assistance, saying why', async () => {
    const { run, rows } = await setUp();
    const ann = (await s.value('listEvaluators')).find((e: { name: string }) => e.name === 'ann');
    const layer0 = rows.filter((r) => r.layer === 0).map(byId);
    await s.value('importScores', { source: fromPath(s.t.file('partial.jsonl', jsonl(layer0))), name: 'lab-partial', runId: run.id, layer: 0 });
    const [unscored] = await s.value('nextComparisons', { evaluatorId: ann.id, runId: run.id, layer: 1, count: 5 });
    expect(unscored.assistance).toMatchObject({ mode: 'unscored', modelName: 'lab-partial', modelKind: 'external', modelLayer: 0 });
    expect(unscored.assistance.reason).toBe('lab-partial is external (partial.jsonl, 510 scores), and its file has no score for this comparison');

    const top = rows.find((r) => r.layer === 1)!;
    const all = s.t.file('all.jsonl', jsonl([...layer0, { comparison_id: top.id, reward_a: 0.5, reward_b: -0.5, std_a: 0.1, std_b: 0.2 }]));
    const full = await s.value('importScores', { source: fromPath(all), name: 'lab-full', runId: run.id, layer: 0 });
    const [item] = await s.value('nextComparisons', { evaluatorId: ann.id, runId: run.id, layer: 1, count: 5 });
    const p = 1 / (1 + Math.exp(-1));
    expect(item.assistance).toMatchObject({
      mode: 'assisted', modelId: full.modelId, modelName: 'lab-full', modelKind: 'external', modelLayer: 0,
      rewardA: { mean: 0.5, std: 0.1 }, rewardB: { mean: -0.5, std: 0.2 }, segments: { A: [], B: [] },
    });
    expect(item.assistance.pA).toBeCloseTo(p, 10);
    // The assistance shown is stored with the verdict, as a trained model's is.
    await s.value('submitJudgment', { comparisonId: top.id, evaluatorId: ann.id, choice: 'A', leftSide: 'A', assistance: item.assistance });
    const stored = JSON.parse(s.t.store.db.prepare('SELECT assistance FROM judgments WHERE comparison_id = ?').pluck().get(top.id) as string);
    expect(stored).toMatchObject({ mode: 'assisted', modelKind: 'external', modelName: 'lab-full' });
  });

  it('routes the layer: certified on the held-out verdicts it scored, the pending comparisons it did not score stay with people', async () => {
    const { run, rows } = await setUp();
    const layer0 = rows.filter((r) => r.layer === 0);
    const judged = new Set(s.t.store.db.prepare('SELECT DISTINCT comparison_id FROM judgments').pluck().all() as string[]);
    const pendingClear = layer0.filter((r) => !judged.has(r.id) && rewardOf(r.a) !== 0);
    const left = new Set(pendingClear.slice(0, 10).map((r) => r.id));
    const path = s.t.file('lab.jsonl', jsonl(layer0.filter((r) => !left.has(r.id)).map(byId)));
    await s.value('importScores', { source: fromPath(path), name: 'lab', runId: run.id, layer: 0 });
    const routed = await s.value('routeLayer', { runId: run.id, layer: 0, target: 0.05, confidence: 0.95, auditShare: 0, seed: 2 });
    const pending = ROUTING_COUNTS.pending - 10;
    expect(routed).toMatchObject({ modelName: 'lab', calibrationPairs: ROUTING_COUNTS.judged, coveredErrors: 0, pending, unscored: 10 });
    expect(routed.threshold).not.toBeNull();
    expect(routed.autoLabelled).toBe(pendingClear.length - 10); // every clear one it scored
    expect(routed.human).toBe(ROUTING_COUNTS.undecidable); // P = 0.5: not confident
    const routes = s.t.store.db.prepare('SELECT comparison_id FROM deferrals').pluck().all() as string[];
    expect(routes.some((id) => left.has(id))).toBe(false);
    const status = await s.value('getQueueStatus', { runId: run.id, layer: 0 });
    expect(status.waitingForHumans).toBe(ROUTING_COUNTS.undecidable + 10);
  });

  it('feeds the model-vs-human check (saying what it covered), the layer metrics and drift; export is refused', async () => {
    const { run, rows } = await setUp();
    const layer0 = rows.filter((r) => r.layer === 0);
    const judged = new Set(s.t.store.db.prepare('SELECT DISTINCT comparison_id FROM judgments').pluck().all() as string[]);
    const judgedRows = layer0.filter((r) => judged.has(r.id));
    const contradicted = judgedRows[0];
    const omitted = judgedRows[1];
    // The lab's model disagrees with ann on one judged comparison, and did not score another.
    const lines = layer0
      .filter((r) => r.id !== omitted.id)
      .map((r) => (r.id === contradicted.id ? { comparison_id: r.id, reward_a: -rewardOf(r.a), reward_b: -rewardOf(r.b) } : byId(r)));
    const model = await s.value('importScores', { source: fromPath(s.t.file('lab.jsonl', jsonl(lines))), name: 'lab', runId: run.id, layer: 0 });

    const flags = await s.value('listFlags', { kind: 'model-vs-human', modelId: model.modelId });
    expect(flags.rows.map((f: { comparisonId: string }) => f.comparisonId)).toEqual([contradicted.id]);
    const report = await s.value('runChecks', {});
    expect(report.notes).toContain(`lab: has scores of ${judgedRows.length - 1} of the ${judgedRows.length} judged comparisons (its imported file covers only those); the other 1 are not checked`);

    const [metrics] = await s.value('getLayerMetrics', { runId: run.id });
    expect(metrics).toMatchObject({ layer: 0, modelId: model.modelId, modelName: 'lab', modelError: null, heldOutComparisons: layer0.length - 1 });
    expect(metrics.rmAccuracy).toMatchObject({ successes: judgedRows.length - 2, total: judgedRows.length - 1 });

    // A second external model, RM1, ranking every response the other way round: drift on the anchors both score.
    const reversed = layer0.map((r) => ({ comparison_id: r.id, reward_a: -rewardOf(r.a), reward_b: -rewardOf(r.b) }));
    await s.value('importScores', { source: fromPath(s.t.file('reversed.jsonl', jsonl(reversed))), name: 'reversed', runId: run.id, layer: 1 });
    const drift = await s.value('getDrift', { runId: run.id });
    expect(drift.layers[0]).toMatchObject({ layer: 1, modelName: 'reversed', previousModelName: 'lab', drifted: true, reason: null });
    expect(drift.layers[0].spearman).toBeLessThan(0);
    expect(drift.layers[0].anchors).toBeLessThan(2 * layer0.length); // the omitted comparison's responses have no reward from lab

    const refused = await s.call('exportModel', { modelId: model.modelId });
    expect(refused).toMatchObject({ ok: false, error: { code: 'CONFLICT', message: expect.stringContaining('model lab is external (lab.jsonl, 509 scores): it has no weights to export') } });
  });

  it("goes to an evaluator's workstation in a work bundle with its scores of the comparisons sent, and assists there", async () => {
    const { run, rows } = await setUp();
    const top = rows.find((r) => r.layer === 1)!;
    const layer0 = rows.filter((r) => r.layer === 0);
    const lines = [...layer0.map(byId), { comparison_id: top.id, reward_a: 0.5, reward_b: -0.5 }];
    const model = await s.value('importScores', { source: fromPath(s.t.file('lab.jsonl', jsonl(lines))), name: 'lab', runId: run.id, layer: 0 });
    const ada = await s.value('createEvaluator', { name: 'Ada' });
    const work = await s.value('exportWorkBundle', { runId: run.id, layer: 1, evaluatorId: ada.id });
    const station = workstation();
    try {
      const imported = await station.value('importBundle', { source: bundleUpload(work.contentBase64), trust: true });
      expect(imported.added).toMatchObject({ comparisons: 1, models: 1 });
      expect(station.db.prepare('SELECT model_id AS model, comparison_id AS comparison FROM external_scores').all()).toEqual([{ model: model.modelId, comparison: top.id }]);
      await station.value('updateSettings', { controlShare: 0 });
      const [item] = await station.value('nextComparisons', { evaluatorId: ada.id, runId: run.id, layer: 1, count: 1 });
      expect(item.assistance).toMatchObject({ mode: 'assisted', modelId: model.modelId, modelKind: 'external', rewardA: { mean: 0.5 }, rewardB: { mean: -0.5 } });
    } finally {
      station.close();
    }
  });

  it('goes with the comparisons of a deleted dataset', async () => {
    const { run, rows } = await setUp();
    await s.value('importScores', { source: fromPath(s.t.file('lab.jsonl', jsonl(rows.map(byId)))), name: 'lab', runId: run.id, layer: 0 });
    const [dataset] = await s.value('listDatasets');
    await s.value('deleteDataset', { datasetId: dataset.id, withJudgments: true });
    expect(counts()).toEqual({ models: 1, scores: 0 });
  });
});
