// `rung train` and `rung score`: train a reward model on the human judgments in the database and store it;
// score the database's comparisons with a stored model.
import { RungError } from '../api/errors';
import { EngineUnavailableError, type Device } from '../core/engine';
import { loadComparisons } from '../core/ladder/training-data';
import { loadModel } from '../core/engine/model-store';
import { pairMetrics } from '../core/engine/metrics';
import { scoreComparisons } from '../core/engine/pipeline';
import { runChecksAfter } from '../core/checks/triggers';
import { trainRung } from '../core/ladder/train-rung';
import { importDataset } from '../core/datasets/import';
import { openStore, type Store } from '../core/store';
import { UsageError, type ParsedCommand } from './args';

const out = (text: string) => process.stdout.write(text.endsWith('\n') ? text : `${text}\n`);
const pct = (x: number | null) => (x === null ? 'n/a' : `${(x * 100).toFixed(1)}%`);
const num = (x: number | null) => (x === null ? 'n/a' : x.toFixed(3));

export function numberOption(value: string | boolean | undefined, name: string, fallback: number, check: (x: number) => boolean, expected: string): number {
  if (value === undefined) return fallback;
  const x = Number(value);
  if (typeof value !== 'string' || value.trim() === '' || !check(x)) throw new UsageError(`--${name} must be ${expected}, got "${String(value)}"`);
  return x;
}

/** --device: auto (default), cpu or cuda. */
export function deviceOption(value: string | boolean | undefined): Device {
  const device = (value as string | undefined) ?? 'auto';
  if (device !== 'auto' && device !== 'cpu' && device !== 'cuda') throw new UsageError(`--device must be auto, cpu or cuda, got "${device}"`);
  return device;
}

/** --precision: fp32 (default) or bf16. */
function precisionOption(value: string | boolean | undefined): 'fp32' | 'bf16' {
  const precision = (value as string | undefined) ?? 'fp32';
  if (precision !== 'fp32' && precision !== 'bf16') throw new UsageError(`--precision must be fp32 or bf16, got "${precision}"`);
  return precision;
}

export function engineErrors<T>(work: () => Promise<T>): Promise<T> {
  return work().catch((error: unknown) => {
    if (error instanceof RungError) throw error;
    if (error instanceof EngineUnavailableError || error instanceof Error) throw new RungError('CONFLICT', error.message);
    throw error;
  });
}

/** `--layer-weight I=W` (repeatable) as a weight per layer 0..k, 1 where not given. */
function parseLayerWeights(given: string[] | undefined, layer: number | undefined): number[] | undefined {
  if (!given || given.length === 0) return undefined;
  if (layer === undefined) throw new UsageError('--layer-weight needs --run and --layer');
  const weights = Array.from({ length: layer + 1 }, () => 1);
  for (const entry of given) {
    const m = /^(\d+)=(.+)$/.exec(entry.trim());
    const w = m ? Number(m[2]) : NaN;
    if (!m || m[2].trim() === '' || !Number.isFinite(w) || w < 0) throw new UsageError(`--layer-weight must be LAYER=WEIGHT with a weight ≥ 0 (e.g. 0=0.5), got "${entry}"`);
    const i = Number(m[1]);
    if (i > layer) throw new UsageError(`--layer-weight ${entry}: RM${layer} trains on layers 0–${layer} only`);
    weights[i] = w;
  }
  return weights;
}

export async function runTrain(command: ParsedCommand, withStore: <T>(c: ParsedCommand, work: (store: Store) => Promise<T> | T) => Promise<T>): Promise<void> {
  const v = command.values;
  const holdout = numberOption(v.holdout, 'holdout', 0.2, (x) => x >= 0 && x < 1, 'a number from 0 to below 1');
  const folds = v.folds === undefined ? undefined : numberOption(v.folds, 'folds', 0, (x) => Number.isInteger(x) && x >= 2 && x <= 20, 'an integer from 2 to 20');
  const seed = numberOption(v.seed, 'seed', 1, (x) => Number.isInteger(x) && x >= 0 && x <= Number.MAX_SAFE_INTEGER, 'a non-negative integer');
  const device = deviceOption(v.device);
  const precision = precisionOption(v.precision);
  const runRef = v.run as string | undefined;
  const layer = v.layer === undefined ? undefined : numberOption(v.layer, 'layer', 0, (x) => Number.isInteger(x) && x >= 0 && x <= 1000, 'a layer index (0, 1, …)');
  if ((runRef === undefined) !== (layer === undefined)) throw new UsageError('--run and --layer go together');
  const layerWeights = parseLayerWeights(v['layer-weight'] as unknown as string[] | undefined, layer);
  const combine = (v.combine as string | undefined) ?? 'majority';
  if (combine !== 'majority' && combine !== 'reliability') throw new UsageError(`--combine must be majority or reliability, got "${combine}"`);
  const tty = process.stderr.isTTY && !v.json;
  const summary = await withStore(command, (store) =>
    engineErrors(async () => {
      const runId = runRef === undefined ? undefined : resolveRun(store, runRef);
      const result = await trainRung(store, {
        runId,
        layer,
        holdout,
        folds,
        seed,
        device,
        precision,
        layerWeights,
        combine,
        includeSimulated: v['include-simulated'] === true,
        includeModelJudgments: v['include-model-judgments'] === true,
        actor: 'cli',
        onProgress: tty
          ? (stage, p) => process.stderr.write(`\r\x1b[K${stage}: epoch ${p.epoch} step ${p.step} train loss ${p.trainLoss.toFixed(4)}${p.valAccuracy === null ? '' : ` val acc ${pct(p.valAccuracy)}`}`)
          : undefined,
      });
      if (tty) process.stderr.write('\r\x1b[K');
      await runChecksAfter(store, 'training', 'cli'); // the consistency checks after a training: never throws, failures are audited
      return { ...result, metrics: result.heldOut };
    }),
  );
  const m = summary.metrics;
  if (v.json) {
    return void out(
      JSON.stringify(
        {
          modelId: summary.modelId,
          device: summary.device,
          input: summary.input,
          trainComparisons: summary.trainComparisons,
          holdoutComparisons: summary.holdoutComparisons,
          judgmentsBySource: summary.judgmentsBySource,
          accuracy: m?.accuracy ?? null,
          logLoss: m?.logLoss ?? null,
          ece: m?.ece ?? null,
          lengthBaselineAccuracy: m?.lengthBaselineAccuracy ?? null,
          crossValidation: summary.crossValidation,
          epochsRun: summary.epochsRun,
          bestEpoch: summary.bestEpoch,
        },
        null,
        2,
      ),
    );
  }
  out(`model ${summary.modelId} (${summary.input} features, ${summary.device}): trained on ${summary.trainComparisons} comparisons, ${summary.holdoutComparisons} held out (whole prompts)`);
  const by = summary.judgmentsBySource;
  out(`judgments used: ${by.human} human, ${by.simulated} simulated, ${by.model} model`);
  if (m) out(`held out: accuracy ${pct(m.accuracy)}  logLoss ${num(m.logLoss)}  ece ${num(m.ece)}  lengthBaselineAccuracy ${pct(m.lengthBaselineAccuracy)}`);
  const cv = summary.crossValidation;
  if (cv) out(`${cv.folds}-fold CV by prompt: accuracy ${pct(cv.accuracy)}  logLoss ${num(cv.logLoss)}  lengthBaselineAccuracy ${pct(cv.lengthBaselineAccuracy)}`);
}

/** The comparisons of a dataset file (any import format), read through an in-memory database; nothing is stored. */
/** A run by id or by name. */
export function resolveRun(store: Store, ref: string): string {
  const row = store.db.prepare('SELECT id FROM runs WHERE id = ? OR name = ?').get(ref, ref) as { id: string } | undefined;
  if (!row) throw new RungError('NOT_FOUND', `no run with id or name "${ref}"`);
  return row.id;
}

async function comparisonsOfFile(path: string) {
  const scratch = openStore(':memory:');
  try {
    await importDataset(scratch, { path }, { format: 'auto', actor: 'cli' });
    return loadComparisons(scratch.db, { judgedOnly: false });
  } finally {
    scratch.close();
  }
}

export async function runScore(command: ParsedCommand, withStore: <T>(c: ParsedCommand, work: (store: Store) => Promise<T> | T) => Promise<T>): Promise<void> {
  const v = command.values;
  const precision = precisionOption(v.precision);
  const report = await withStore(command, (store) =>
    engineErrors(async () => {
      const stored = loadModel(store.db, v.model as string | undefined);
      if (!stored) throw new RungError('NOT_FOUND', v.model ? `no model with id ${v.model}` : 'no model in this database: run `rung train` first');
      const datasetId = v.dataset as string | undefined;
      if (datasetId && !store.db.prepare('SELECT 1 FROM datasets WHERE id = ?').get(datasetId)) throw new RungError('NOT_FOUND', `no dataset with id ${datasetId}`);
      const table = v.file ? await comparisonsOfFile(v.file as string) : loadComparisons(store.db, { judgedOnly: false, datasetId });
      if (table.comparisonIds.length === 0) throw new RungError('NOT_FOUND', 'no comparisons to score');
      const s = await scoreComparisons(table, stored.model, { precision });
      const judged = Uint32Array.from(table.target.keys()).filter((i) => !Number.isNaN(table.target[i]));
      const agreement = pairMetrics(
        Array.from(judged, (i) => s.prob[i]),
        Array.from(judged, (i) => table.target[i]),
        Array.from(judged, (i) => table.responses[table.a[i]].length),
        Array.from(judged, (i) => table.responses[table.b[i]].length),
      );
      return { modelId: stored.id, table, s, agreement };
    }),
  );
  const { table, s, agreement } = report;
  const rows = table.comparisonIds.map((id, i) => ({
    id,
    probA: s.prob[i],
    spread: s.spread[i],
    rewardA: s.rewardA[i],
    rewardB: s.rewardB[i],
    stdA: s.stdA[i],
    stdB: s.stdB[i],
    consensus: Number.isNaN(table.target[i]) ? null : table.target[i],
  }));
  if (v.json) return void out(JSON.stringify({ modelId: report.modelId, precision: s.precision, comparisons: rows, agreementWithHumans: agreement }, null, 2));
  out(`comparison                             P(A≻B)  spread  reward A (±std)     reward B (±std)`);
  for (const r of rows)
    out(`${r.id}  ${r.probA.toFixed(3)}   ${r.spread.toFixed(3)}  ${r.rewardA.toFixed(3).padStart(7)} (±${r.stdA.toFixed(3)})  ${r.rewardB.toFixed(3).padStart(7)} (±${r.stdB.toFixed(3)})`);
  out(`scored ${rows.length} comparisons with model ${report.modelId} (${s.precision}); agreement with human consensus on ${agreement.decided} decided comparisons (training ones included): ${pct(agreement.accuracy)}`);
}
