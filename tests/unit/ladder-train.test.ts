// The Ladder page's training UI logic (renderer/src/pages/ladder/chart.ts, jobs.ts): nice ticks and domains, scales,
// line paths that break at missing values, one chart point per epoch, the config form's checks and params the
// contract accepts, which job a layer shows, its models, and the judgments RMk can learn from.
import { describe, expect, it } from 'vitest';
import { contract } from '../../electron/api/contract';
import { formatTick, integerTicks, linearScale, linePath, niceDomain, niceStep, ticksBetween } from '../../renderer/src/pages/ladder/chart';
import {
  accuracySeries,
  decimal,
  defaultTrainDraft,
  epochPoints,
  judgmentsUpTo,
  latestJob,
  layerModels,
  lossSeries,
  needsJudgments,
  percent,
  validateTrainDraft,
  type ModelSummary,
  type TrainingJob,
} from '../../renderer/src/pages/ladder/jobs';

const RUN = '0b6a4f8e-2f43-4d7a-9d4e-8a7e1c7f2b10';
const OTHER = '1b6a4f8e-2f43-4d7a-9d4e-8a7e1c7f2b10';

function job(patch: Partial<TrainingJob>): TrainingJob {
  return {
    id: crypto.randomUUID(),
    runId: RUN,
    layer: 0,
    status: 'done',
    stage: 'done',
    startedAt: '2026-01-01T00:00:00.000Z',
    finishedAt: null,
    points: [],
    current: null,
    error: null,
    modelId: null,
    heldOut: null,
    ...patch,
  };
}

describe('chart scaling', () => {
  it('picks steps of 1, 2, 2.5 or 5 times a power of ten', () => {
    expect(niceStep(1, 4)).toBe(0.25);
    expect(niceStep(0.7, 4)).toBe(0.2);
    expect(niceStep(100, 5)).toBe(20);
    expect(niceStep(3, 4)).toBe(1);
    expect(niceStep(0, 4)).toBe(1);
    expect(niceStep(Number.NaN, 4)).toBe(1);
  });

  it('widens a domain to whole ticks, with a floor and limits', () => {
    expect(niceDomain([0.31, 0.69], { floor: 0 })).toEqual({ min: 0, max: 0.8, ticks: [0, 0.2, 0.4, 0.6, 0.8] });
    const acc = niceDomain([0.55, 0.93, 0.5], { limits: [0, 1] });
    expect(acc.min).toBeGreaterThanOrEqual(0);
    expect(acc.max).toBe(1);
    expect(acc.min).toBeLessThanOrEqual(0.5);
    expect(acc.ticks[0]).toBeGreaterThanOrEqual(acc.min);
    expect(acc.ticks.at(-1)).toBeLessThanOrEqual(acc.max);
  });

  it('gives an empty or flat series a usable domain', () => {
    expect(niceDomain([], { limits: [0, 1] })).toMatchObject({ min: 0, max: 1 });
    const flat = niceDomain([0.5, 0.5]);
    expect(flat.min).toBeLessThan(0.5);
    expect(flat.max).toBeGreaterThan(0.5);
    const zero = niceDomain([0]);
    expect(zero.max).toBeGreaterThan(zero.min);
    expect(niceDomain([Number.NaN, Number.POSITIVE_INFINITY, 2, 4]).ticks.length).toBeGreaterThan(1);
  });

  it('lists ticks without floating-point noise', () => {
    expect(ticksBetween(0, 1, 0.1)).toEqual([0, 0.1, 0.2, 0.3, 0.4, 0.5, 0.6, 0.7, 0.8, 0.9, 1]);
    expect(ticksBetween(0.05, 0.5, 0.2)).toEqual([0.2, 0.4]);
  });

  it('labels epochs with a few integers that include both ends', () => {
    expect(integerTicks(1, 1)).toEqual([1]);
    expect(integerTicks(1, 5)).toEqual([1, 2, 3, 4, 5]);
    const many = integerTicks(1, 40);
    expect(many[0]).toBe(1);
    expect(many.at(-1)).toBe(40);
    expect(many.length).toBeLessThanOrEqual(8);
    expect(new Set(many).size).toBe(many.length);
  });

  it('maps linearly, inverting for the y axis, and centres a degenerate domain', () => {
    const sy = linearScale([0, 1], [100, 0]);
    expect(sy(0)).toBe(100);
    expect(sy(1)).toBe(0);
    expect(sy(0.25)).toBe(75);
    expect(linearScale([3, 3], [0, 10])(3)).toBe(5);
  });

  it('draws a line that breaks at a missing value', () => {
    const id = (v: number) => v;
    expect(linePath([], id, id)).toBe('');
    expect(linePath([{ x: 1, y: 2 }], id, id)).toBe('M1 2');
    expect(
      linePath(
        [
          { x: 1, y: 1 },
          { x: 2, y: 2 },
          { x: 3, y: null },
          { x: 4, y: 4 },
          { x: 5, y: 5 },
        ],
        id,
        id,
      ),
    ).toBe('M1 1 L2 2 M4 4 L5 5');
    expect(linePath([{ x: 1.234, y: 5.678 }], id, id)).toBe('M1.2 5.7');
  });

  it('formats tick labels', () => {
    expect(formatTick(0.30000000000000004)).toBe('0.3');
    expect(formatTick(1500)).toBe('1.5k');
    expect(formatTick(0.75, 'percent')).toBe('75%');
    expect(formatTick(0.1 + 0.2, 'percent')).toBe('30%');
  });
});

describe('training jobs', () => {
  it('keeps one chart point per epoch, in order, the last report of an epoch winning', () => {
    const points = [
      { epoch: 2, step: 20, trainLoss: 0.5, valLoss: 0.6, valAccuracy: 0.7 },
      { epoch: 1, step: 10, trainLoss: 0.7, valLoss: null, valAccuracy: null },
      { epoch: 2, step: 22, trainLoss: 0.45, valLoss: 0.55, valAccuracy: 0.75 },
    ];
    expect(epochPoints(points).map((p) => [p.epoch, p.step])).toEqual([
      [1, 10],
      [2, 22],
    ]);
    expect(lossSeries(points)).toEqual({
      train: [
        { x: 1, y: 0.7 },
        { x: 2, y: 0.45 },
      ],
      val: [
        { x: 1, y: null },
        { x: 2, y: 0.55 },
      ],
    });
    expect(accuracySeries(points)).toEqual([
      { x: 1, y: null },
      { x: 2, y: 0.75 },
    ]);
  });

  it("shows a layer's most recent job", () => {
    const old = job({ startedAt: '2026-01-01T00:00:00.000Z', status: 'done' });
    const recent = job({ startedAt: '2026-01-02T00:00:00.000Z', status: 'cancelled' });
    const otherLayer = job({ startedAt: '2026-01-03T00:00:00.000Z', layer: 1 });
    const otherRun = job({ startedAt: '2026-01-03T00:00:00.000Z', runId: OTHER });
    expect(latestJob([old, recent, otherLayer, otherRun], RUN, 0)).toBe(recent);
    expect(latestJob([old, recent, otherLayer, otherRun], RUN, 1)).toBe(otherLayer);
    expect(latestJob([old], RUN, 2)).toBeUndefined();
  });

  it("lists a layer's models newest first", () => {
    const model = (patch: Partial<ModelSummary>): ModelSummary => ({
      id: crypto.randomUUID(),
      name: 'RM0',
      notes: '',
      recipe: 'hashed words · layers 0..0 · seed 1 · 20% held out · majority vote · 5 × 32 MLP · fp32',
      kind: 'trained',
      runId: RUN,
      layer: 0,
      active: false,
      device: 'cpu',
      engineVersion: '1',
      createdAt: '2026-01-01T00:00:00.000Z',
      heldOut: null,
      trainComparisons: 0,
      judgments: 0,
      evaluators: 0,
      judgmentsBySource: { human: 0, simulated: 0, model: 0 },
      combine: 'majority',
      ...patch,
    });
    const a = model({ createdAt: '2026-01-01T00:00:00.000Z', active: true });
    const b = model({ createdAt: '2026-01-02T00:00:00.000Z' });
    const c = model({ layer: 1 });
    const d = model({ runId: OTHER });
    const e = model({ runId: null, layer: null });
    expect(layerModels([a, b, c, d, e], RUN, 0)).toEqual([b, a]);
  });

  it('counts the human judgments of layers 0..k', () => {
    const layers = [
      { index: 0, humanLabels: 5 },
      { index: 1, humanLabels: 3 },
      { index: 2, humanLabels: 0 },
    ];
    expect(judgmentsUpTo(layers, 0)).toBe(5);
    expect(judgmentsUpTo(layers, 1)).toBe(8);
    expect(judgmentsUpTo(layers, 2)).toBe(8);
  });

  it('turns the form into startTraining params the contract accepts', () => {
    const ok = validateTrainDraft(defaultTrainDraft);
    expect(ok).toEqual({ ok: true, value: { holdout: 0.2, seed: 1, device: 'auto', precision: 'fp32' } });
    if (!ok.ok) return;
    const parsed = contract.startTraining.params.safeParse({ runId: RUN, layer: 0, ...ok.value });
    expect(parsed.success).toBe(true);
    expect(validateTrainDraft({ holdoutPercent: '90', seed: '0', device: 'cuda', precision: 'fp32' })).toEqual({ ok: true, value: { holdout: 0.9, seed: 0, device: 'cuda', precision: 'fp32' } });
    const bf16 = validateTrainDraft({ holdoutPercent: '12.5', seed: '7', device: 'cpu', precision: 'bf16' });
    expect(bf16).toEqual({ ok: true, value: { holdout: 0.125, seed: 7, device: 'cpu', precision: 'bf16' } });
    expect(contract.startTraining.params.safeParse({ runId: RUN, layer: 0, ...(bf16.ok ? bf16.value : {}) }).success).toBe(true);
    expect(contract.startTraining.params.safeParse({ runId: RUN, layer: 0, precision: 'fp16' }).success).toBe(false);
  });

  it('names the bad fields', () => {
    expect(validateTrainDraft({ holdoutPercent: '95', seed: '1.5', device: 'auto', precision: 'fp32' })).toEqual({
      ok: false,
      errors: { holdoutPercent: 'The held-out share must be from 0 to 90 %.', seed: 'Enter a whole number.' },
    });
    expect(validateTrainDraft({ holdoutPercent: '', seed: '-1', device: 'auto', precision: 'fp32' })).toEqual({
      ok: false,
      errors: { holdoutPercent: 'Enter a share from 0 to 90 (%).', seed: `The seed must be from 0 to ${2 ** 31}.` },
    });
  });

  it('formats metrics and spots a missing-judgments error', () => {
    expect(percent(0.8123)).toBe('81.2%');
    expect(percent(null)).toBe('—');
    expect(decimal(0.51234)).toBe('0.512');
    expect(decimal(undefined)).toBe('—');
    expect(needsJudgments('training needs at least 2 comparisons with human judgments')).toBe(true);
    expect(needsJudgments('RM0 of this run is already training')).toBe(false);
    expect(needsJudgments(null)).toBe(false);
  });
});
