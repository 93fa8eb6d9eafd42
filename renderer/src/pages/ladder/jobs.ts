// Pure logic behind the Ladder page's training UI: which job a layer shows, the chart series from a job's
// points, the config form's checks and the display of metrics. Tested in tests/unit/ladder-train.test.ts.
import type { Result } from '../../../../electron/api/contract';
import type { XY } from './chart';

export type TrainingJob = Result<'getTrainingJob'>;
export type TrainingPoint = TrainingJob['points'][number];
export type ModelSummary = Result<'listModels'>[number];
export type Device = 'auto' | 'cpu' | 'cuda';

/**
 * How often a running job is asked for again beside the pushed updates (lib/events.ts): only to notice a job the
 * server lost (it restarted) or an event stream that dropped; the curves grow from the pushed updates.
 */
export const RESYNC_MS = 5_000;

/** The layer's most recent job (by start time), if any. */
export function latestJob(jobs: Iterable<TrainingJob>, runId: string, layer: number): TrainingJob | undefined {
  let best: TrainingJob | undefined;
  for (const job of jobs) {
    if (job.runId !== runId || job.layer !== layer) continue;
    if (!best || job.startedAt > best.startedAt || (job.startedAt === best.startedAt && job.status === 'running')) best = job;
  }
  return best;
}

/** One point per epoch (the last one reported for an epoch wins), in epoch order. */
export function epochPoints(points: readonly TrainingPoint[]): TrainingPoint[] {
  const byEpoch = new Map<number, TrainingPoint>();
  for (const p of points) byEpoch.set(p.epoch, p);
  return [...byEpoch.values()].sort((a, b) => a.epoch - b.epoch);
}

export function lossSeries(points: readonly TrainingPoint[]): { train: XY[]; val: XY[] } {
  const ps = epochPoints(points);
  return { train: ps.map((p) => ({ x: p.epoch, y: p.trainLoss })), val: ps.map((p) => ({ x: p.epoch, y: p.valLoss })) };
}

export function accuracySeries(points: readonly TrainingPoint[]): XY[] {
  return epochPoints(points).map((p) => ({ x: p.epoch, y: p.valAccuracy }));
}

/** Human judgments that RMk can learn from: those of layers 0..k. */
export function judgmentsUpTo(layers: readonly { index: number; humanLabels: number }[], k: number): number {
  return layers.filter((l) => l.index <= k).reduce((sum, l) => sum + l.humanLabels, 0);
}

export interface TrainDraft {
  /** Held-out share in percent, as typed. */
  holdoutPercent: string;
  seed: string;
  device: Device;
  precision: 'fp32' | 'bf16';
}

export const defaultTrainDraft: TrainDraft = { holdoutPercent: '20', seed: '1', device: 'auto', precision: 'fp32' };

export type TrainConfig = { holdout: number; seed: number; device: Device; precision: 'fp32' | 'bf16'; encoder?: string; criterion?: string } & Partial<import('./train-options').TrainOptions>;

/** The form's values as startTraining params, or a message per bad field. */
export function validateTrainDraft(d: TrainDraft): { ok: true; value: TrainConfig } | { ok: false; errors: Partial<Record<'holdoutPercent' | 'seed', string>> } {
  const errors: Partial<Record<'holdoutPercent' | 'seed', string>> = {};
  const holdout = Number(d.holdoutPercent.trim());
  if (d.holdoutPercent.trim() === '' || !Number.isFinite(holdout)) errors.holdoutPercent = 'Enter a share from 0 to 90 (%).';
  else if (holdout < 0 || holdout > 90) errors.holdoutPercent = 'The held-out share must be from 0 to 90 %.';
  const seed = Number(d.seed.trim());
  if (d.seed.trim() === '' || !Number.isInteger(seed)) errors.seed = 'Enter a whole number.';
  else if (seed < 0 || seed > 2 ** 31) errors.seed = `The seed must be from 0 to ${2 ** 31}.`;
  if (Object.keys(errors).length) return { ok: false, errors };
  return { ok: true, value: { holdout: Math.round(holdout * 10) / 1000, seed, device: d.device, precision: d.precision } };
}

/** 0.8123 → "81.2%"; null → "—". */
export function percent(v: number | null | undefined): string {
  return v === null || v === undefined || !Number.isFinite(v) ? '—' : `${(v * 100).toFixed(1)}%`;
}

/** 0.51234 → "0.512"; null → "—". */
export function decimal(v: number | null | undefined, digits = 3): string {
  return v === null || v === undefined || !Number.isFinite(v) ? '—' : v.toFixed(digits);
}

/** Whether an error message is about missing human judgments (so the UI can say where to get them). */
export function needsJudgments(message: string | null | undefined): boolean {
  return !!message && /judg/i.test(message) && /(at least|no |needs|without)/i.test(message);
}

/** The models of one layer of one run, newest first (the active one is marked, not moved). */
export function layerModels(models: readonly ModelSummary[], runId: string, layer: number): ModelSummary[] {
  return models.filter((m) => m.runId === runId && m.layer === layer).sort((a, b) => (a.createdAt < b.createdAt ? 1 : a.createdAt > b.createdAt ? -1 : 0));
}

export const statusLabel: Record<TrainingJob['status'], string> = {
  running: 'running',
  done: 'done',
  failed: 'failed',
  cancelled: 'cancelled',
};
