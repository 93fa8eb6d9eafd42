// Per-layer metrics on a hand-built database (no model needed): human labels used and saved by deferral, assisted
// and control accuracy with Wilson intervals and their difference, median seconds with the order-statistic
// interval, over-trust, audited auto-label error; the contract's getLayerMetrics/exportLayerMetrics (CSV and JSON).
import { describe, expect, it } from 'vitest';
import { costCurve } from '../../electron/core/metrics/cost-curve';
import { medianWithInterval } from '../../electron/core/metrics/median-interval';
import { useService } from '../helpers/api';
import { uploadSource } from '../helpers/store';

const s = useService();

/** Wilson 95% interval written out, so the expected numbers do not come from the code under test. */
function wilson(k: number, n: number): [number, number] {
  const z = 1.959963984540054, p = k / n;
  const centre = (p + (z * z) / (2 * n)) / (1 + (z * z) / n);
  const half = (z * Math.sqrt((p * (1 - p)) / n + (z * z) / (4 * n * n))) / (1 + (z * z) / n);
  return [centre - half, centre + half];
}

let seq = 0;
const uuid = () => `00000000-0000-4000-8000-${String(++seq).padStart(12, '0')}`;

async function build() {
  const rows = [
    ...['a0', 'b0'].map((p) => ({ prompt: p, response_a: `${p} one`, response_b: `${p} two`, layer: 0 })),
    ...['g1', 'g2', 'g3', 'g4'].map((p) => ({ prompt: p, response_a: `${p} one`, response_b: `${p} two`, layer: 1, ground_truth: 'A' })),
    ...['n1', 'n2', 'p1', 'p2', 'p3'].map((p) => ({ prompt: p, response_a: `${p} one`, response_b: `${p} two`, layer: 1 })),
  ];
  await s.value('importDataset', { source: uploadSource('m.jsonl', rows) });
  const run = await s.value('createRun', { name: 'Metrics run', layers: [0, 1].map((layer) => ({ name: `L${layer}`, rule: { kind: 'field', layer } })) });
  const db = s.t.store.db;
  const cid = (prompt: string) => (db.prepare('SELECT c.id FROM comparisons c JOIN prompts p ON p.id = c.prompt_id WHERE p.text = ?').get(prompt) as { id: string }).id;
  const evaluator = (name: string, kind = 'human', simulated: string | null = null) => {
    const id = uuid();
    db.prepare("INSERT INTO evaluators (id, kind, name, simulated, created_at) VALUES (?, ?, ?, ?, 't')").run(id, kind, name, simulated);
    return id;
  };
  const e1 = evaluator('e1'), e2 = evaluator('e2'), e3 = evaluator('e3'), sim = evaluator('sim', 'human', '{"baseError":0.1}'), bot = evaluator('RM1', 'model');
  let t = 0;
  const judge = (prompt: string, who: string, choice: string, o: { pA?: number; control?: boolean; seconds?: number; retracted?: boolean; origin?: string } = {}) => {
    const id = uuid();
    const assistance =
      o.pA !== undefined ? { version: 1, mode: 'assisted', pA: o.pA, runId: run.id, layer: 1 } : o.control ? { version: 1, mode: 'control', runId: run.id, layer: 1 } : null;
    db.prepare(
      `INSERT INTO judgments (id, comparison_id, evaluator_id, choice, duration_ms, assistance, origin, created_at, retracted_at) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?)`,
    ).run(id, cid(prompt), who, choice, o.seconds === undefined ? null : o.seconds * 1000, assistance && JSON.stringify(assistance), o.origin ?? 'ui', `2026-01-01T00:00:${String(t++).padStart(2, '0')}Z`, o.retracted ? 't' : null);
    return id;
  };
  // Assisted: right pointer followed, wrong pointer followed, wrong pointer resisted, right pointer ignored.
  judge('g1', e1, 'A', { pA: 0.8, seconds: 10 });
  judge('g2', e1, 'B', { pA: 0.3, seconds: 20 });
  judge('g3', e2, 'A', { pA: 0.2, seconds: 30 });
  judge('g4', e2, 'B', { pA: 0.9, seconds: 40 });
  judge('n1', e1, 'A', { pA: 0.6, seconds: 50 }); // others on n1 split A/B: no truth
  judge('g4', e3, 'A', { pA: 0.1, retracted: true }); // retracted: ignored everywhere
  // Control trials.
  judge('g1', e2, 'A', { control: true, seconds: 5 });
  judge('g2', e3, 'A', { control: true, seconds: 1 });
  judge('g3', e3, 'tie', { control: true, seconds: 3 });
  judge('n1', e2, 'A', { control: true, seconds: 2 });
  judge('n1', e3, 'B', { control: true, seconds: 4 }); // the others say A, A: wrong
  judge('n2', e1, 'A', { control: true, seconds: 6 }); // alone: no truth, but timed
  judge('g4', sim, 'A'); // simulated, no assistance record
  // Deferral: p1 auto-labelled (saved), p2 audited and contradicted by two people, p3's auto-label was retracted.
  db.prepare(
    `INSERT INTO models (id, run_id, layer_id, name, config, engine_version, device, blob, blob_sha256, active, created_at) VALUES ('m1', ?, NULL, 'RM1', '{}', '1', 'cpu', x'00', '0', 0, 't')`,
  ).run(run.id);
  const round = (id: string, at: string) =>
    db.prepare(
      `INSERT INTO deferral_rounds (id, run_id, layer, model_id, model_evaluator_id, target, confidence, audit_share, calibration_pairs, calibration_errors, seed, created_by, created_at)
       VALUES (?, ?, 1, 'm1', ?, 0.05, 0.95, 0.05, 0, 0, 1, 'test', ?)`,
    ).run(id, run.id, bot, at);
  const route = (roundId: string, prompt: string, r: string, judgmentId: string | null) =>
    db.prepare('INSERT INTO deferrals (round_id, comparison_id, p_a, spread, route, judgment_id) VALUES (?, ?, 0.9, 0.01, ?, ?)').run(roundId, cid(prompt), r, judgmentId);
  round('r1', '2026-01-01T00:00:00Z');
  route('r1', 'p1', 'human', null);
  route('r1', 'p2', 'auto', judge('p2', bot, 'A', { origin: 'auto' }));
  round('r2', '2026-01-02T00:00:00Z');
  route('r2', 'p1', 'auto', judge('p1', bot, 'A', { origin: 'auto' }));
  route('r2', 'p2', 'audit', (db.prepare("SELECT id FROM judgments WHERE evaluator_id = ? AND comparison_id = ?").get(bot, cid('p2')) as { id: string }).id);
  route('r2', 'p3', 'auto', judge('p3', bot, 'B', { origin: 'auto', retracted: true }));
  judge('p2', e1, 'B');
  judge('p2', e2, 'B');
  return run;
}

describe('layer metrics', () => {
  it('counts labels, accuracy with and without assistance, time, over-trust and deferral savings by hand', async () => {
    const run = await build();
    const [l0, l1] = await s.value('getLayerMetrics', { runId: run.id });

    expect(l0).toMatchObject({ layer: 0, comparisons: 2, humanLabels: 0, humanAccuracy: null, assistedAccuracy: null, rmAccuracy: null, costCurve: [] });
    expect(l0.overTrust).toEqual({ followedWrong: 0, wrongShown: 0, rate: null, interval: null });

    // 5 assisted + 6 control + 1 simulated + 2 people on p2; the retracted verdict and the model's auto-labels are not human labels.
    expect(l1).toMatchObject({ layer: 1, comparisons: 9, humanLabels: 14, simulatedLabels: 1, autoLabelled: 2, humanLabelsSaved: 1, auditedAutoLabels: 1, auditedAutoLabelError: 1 });
    // Assisted with a truth: g1 ✓, g2 ✗, g3 ✓, g4 ✗ (n1 has no truth).
    expect(l1.assistedAccuracy.successes).toBe(2);
    expect(l1.assistedAccuracy.total).toBe(4);
    expect(l1.assistedAccuracy.rate).toBe(0.5);
    expect(l1.assistedAccuracy.interval[0]).toBeCloseTo(wilson(2, 4)[0], 10);
    expect(l1.assistedAccuracy.interval[1]).toBeCloseTo(wilson(2, 4)[1], 10);
    // Control with a truth: g1 ✓, g2 ✓, g3 tie ✗, n1 (others A, A) B ✗.
    expect(l1.unassistedAccuracy).toMatchObject({ successes: 2, total: 4, rate: 0.5 });
    // All with a truth: the 8 above + the simulated ✓ on g4 + two people ✓ on p2 (each other's majority B).
    expect(l1.humanAccuracy).toMatchObject({ successes: 7, total: 11 });
    // Newcombe: d = 0 ± sqrt((p − low)² + (high − p)²).
    const [lo, hi] = wilson(2, 4);
    const half = Math.sqrt((0.5 - lo) ** 2 + (hi - 0.5) ** 2);
    expect(l1.assistanceEffect.estimate).toBe(0);
    expect(l1.assistanceEffect.low).toBeCloseTo(-half, 10);
    expect(l1.assistanceEffect.high).toBeCloseTo(half, 10);
    // Assisted seconds 10, 20, 30, 40, 50: median 30; n = 5 is too few for a 95% distribution-free interval.
    expect(l1.medianSecondsAssisted).toBe(30);
    expect(l1.medianSecondsAssistedInterval).toBeNull();
    // Control seconds 1..6: median 3.5; P(Bin(6, ½) = 0) = 1/64 ≤ 0.025 < P(≤ 1) = 7/64, so [x(1), x(6)].
    expect(l1.medianSecondsUnassisted).toBe(3.5);
    expect(l1.medianSecondsUnassistedInterval).toEqual([1, 6]);
    // Over-trust: assistance wrong on g2 (followed) and g3 (resisted).
    expect(l1.overTrust).toMatchObject({ followedWrong: 1, wrongShown: 2, rate: 0.5 });
    expect(l1.overTrust.interval[0]).toBeCloseTo(wilson(1, 2)[0], 10);
    expect(l1.modelId).toBeNull();
  });

  it('exports CSV (one row per layer, interval bounds as columns) and JSON, and refuses an unknown run', async () => {
    const run = await build();
    const csv = await s.value('exportLayerMetrics', { runId: run.id, format: 'csv' });
    expect(csv).toMatchObject({ fileName: 'rung-metrics-Metrics-run.csv', mimeType: 'text/csv' });
    const [header, ...lines] = csv.content.trimEnd().split('\r\n');
    expect(lines).toHaveLength(2);
    const columns = header.split(',');
    const row = Object.fromEntries(lines[1].split(',').map((v: string, i: number) => [columns[i], v]));
    expect(row).toMatchObject({ layer: '1', humanLabels: '14', humanLabelsSaved: '1', assistedAccuracy: '0.5', assistedAccuracyN: '4', overTrustFollowedWrong: '1', overTrustWrongShown: '2' });
    expect(Number(row.assistedAccuracyLow)).toBeCloseTo(wilson(2, 4)[0], 10);
    expect(row.rmAccuracy).toBe('');
    const json = await s.value('exportLayerMetrics', { runId: run.id, format: 'json' });
    expect(json.mimeType).toBe('application/json');
    const parsed = JSON.parse(json.content);
    expect(parsed).toMatchObject({ runId: run.id, runName: 'Metrics run' });
    expect(parsed.layers).toEqual(await s.value('getLayerMetrics', { runId: run.id }));
    expect(await s.call('getLayerMetrics', { runId: '00000000-0000-4000-8000-999999999999' })).toMatchObject({ ok: false, error: { code: 'NOT_FOUND' } });
    expect(await s.call('exportLayerMetrics', { runId: run.id, format: 'xml' })).toMatchObject({ ok: false });
  });
});

describe('over-trust per evaluator', () => {
  it('counts, per evaluator, wrong assistance shown and followed, and marks simulated evaluators', async () => {
    await build();
    const stats = await s.value('getEvaluatorStats');
    const row = (name: string) => stats.evaluators.find((e: { evaluator: string }) => e.evaluator === name);
    // e1: wrong pointer on g2, followed; e2: wrong pointer on g3, resisted; e3's only assisted verdict was retracted.
    expect(row('e1').overTrust).toMatchObject({ followedWrong: 1, wrongShown: 1, rate: 1 });
    expect(row('e1').overTrust.interval[0]).toBeCloseTo(wilson(1, 1)[0], 10);
    expect(row('e2').overTrust).toMatchObject({ followedWrong: 0, wrongShown: 1, rate: 0 });
    expect(row('e3').overTrust).toEqual({ followedWrong: 0, wrongShown: 0, rate: null, interval: null });
    expect(row('sim').simulated).toBe(true);
    expect(row('e1').simulated).toBe(false);
  });
});

describe('cost curve and median interval', () => {
  it('goes from the model accuracy (h = 0) to the human accuracy (h = n), people taking the least confident first', () => {
    const items = [
      { confidence: 0.9, modelCorrect: 1, humanCorrect: 1 },
      { confidence: 0.55, modelCorrect: 0, humanCorrect: 1 },
      { confidence: 0.7, modelCorrect: 1, humanCorrect: 0.5 },
      { confidence: 0.6, modelCorrect: 0, humanCorrect: 0 },
    ];
    // Order by confidence: 0.55, 0.6, 0.7, 0.9. Model: 2/4 right; people: (1 + 0 + 0.5 + 1)/4.
    expect(costCurve(items)).toEqual([
      { humanLabels: 0, accuracy: 2 / 4 },
      { humanLabels: 1, accuracy: (1 + 0 + 1 + 1) / 4 },
      { humanLabels: 2, accuracy: (1 + 0 + 1 + 1) / 4 },
      { humanLabels: 3, accuracy: (1 + 0 + 0.5 + 1) / 4 },
      { humanLabels: 4, accuracy: 2.5 / 4 },
    ]);
    const many = costCurve(Array.from({ length: 1000 }, (_, i) => ({ confidence: i / 1000, modelCorrect: 1, humanCorrect: 0 })), 50);
    expect(many).toHaveLength(50);
    expect(many[0]).toEqual({ humanLabels: 0, accuracy: 1 });
    expect(many[49]).toEqual({ humanLabels: 1000, accuracy: 0 });
    expect(costCurve([])).toEqual([]);
  });

  it('gives the order-statistic interval of the median', () => {
    expect(medianWithInterval([])).toBeNull();
    expect(medianWithInterval([3, 1, 2])).toEqual({ median: 2, n: 3, interval: null });
    // n = 20: P(Bin(20, ½) ≤ 5) = 21700/2^20 ≈ 0.0207 ≤ 0.025 < P(≤ 6) ≈ 0.0577, so l = 6: [x(6), x(15)].
    const values = Array.from({ length: 20 }, (_, i) => 20 - i);
    expect(medianWithInterval(values)).toEqual({ median: 10.5, n: 20, interval: [6, 15] });
  });

  it('picks the same order statistics as a separate binomial sum per l, for small and large n', () => {
    // The rule written out: l is the largest with P(Bin(n, ½) ≤ l − 1) ≤ 2.5%, each probability summed from scratch.
    const cdf = (k: number, n: number) => {
      let logPmf = n * Math.log1p(-0.5), logSum = logPmf;
      for (let i = 0; i < k; i++) {
        logPmf += Math.log(n - i) - Math.log(i + 1);
        const hi = Math.max(logSum, logPmf);
        logSum = hi + Math.log(Math.exp(logSum - hi) + Math.exp(logPmf - hi));
      }
      return Math.min(1, Math.exp(logSum));
    };
    for (const n of [1, 2, 5, 6, 7, 19, 20, 21, 100, 101, 999, 4000]) {
      let l = 0;
      while (l + 1 <= n >> 1 && cdf(l, n) <= 0.025) l++;
      const values = Array.from({ length: n }, (_, i) => i + 1);
      expect({ n, interval: medianWithInterval(values)!.interval }).toEqual({ n, interval: l === 0 ? null : [l, n - l + 1] });
    }
  });
});
