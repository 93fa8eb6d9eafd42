// `rung experiment`: runs a preset's conditions once per seed, each in a fresh temporary database (the simulated
// ladder of `rung demo --simulate`), then writes results.json, results.csv and report.html into the output folder —
// all three or none (a cancelled or failed experiment leaves the folder as it was).
import { existsSync, mkdirSync, mkdtempSync, readdirSync, renameSync, rmSync, statSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { RungError } from '../../api/errors';
import type { Device } from '../engine';
import { runSimulation } from '../ladder/simulation';
import { nowIso } from '../ids';
import { openStore } from '../store';
import { computeClaims, type Claim } from './claims';
import { PRESETS, type Condition, type PresetName } from './presets';
import { reportHtml } from './report-html';
import { resultsCsv } from './results-csv';
import { summarize, type RunSummary } from './run-summary';

/** The experiment stopped at a cancel, between two runs. */
export class ExperimentCancelled extends Error {
  constructor(message: string) {
    super(message);
    this.name = 'ExperimentCancelled';
  }
}

export const EXPERIMENT_FILES = ['results.json', 'results.csv', 'report.html'] as const;

export interface ExperimentOptions {
  preset: PresetName;
  /** Seeds to run each condition with (default the preset's); at least 2, for intervals over seeds. */
  seeds?: number;
  /** Times the demo's comparisons per layer (default the preset's). */
  scale?: number;
  /** The folder to write into: created if missing; refused if it holds an experiment's files. */
  outDir: string;
  device?: Device;
  /** better-sqlite3's binding for this runtime (the desktop app's), as openStore takes it. */
  nativeBinding?: string;
  signal?: AbortSignal;
  /** Progress: a stage's message, the runs finished and the runs in all. */
  onProgress?: (message: string, done: number, total: number) => void;
}

export interface ExperimentResult {
  version: 1;
  preset: PresetName;
  scale: number;
  seeds: number;
  startedAt: string;
  finishedAt: string;
  seconds: number;
  conditions: Condition[];
  claims: Claim[];
  runs: RunSummary[];
  /** Where the three files are. */
  outDir: string;
}

/** The folder, created if missing (then true); refused when it is a file or already holds an experiment. */
function prepareOutDir(outDir: string): boolean {
  if (!existsSync(outDir)) {
    mkdirSync(outDir, { recursive: true });
    return true;
  }
  if (!statSync(outDir).isDirectory()) throw new RungError('INVALID_PARAMS', `out: ${outDir} is a file, not a folder`);
  const taken = EXPERIMENT_FILES.filter((f) => readdirSync(outDir).includes(f));
  if (taken.length > 0) throw new RungError('CONFLICT', `out: ${outDir} already holds an experiment (${taken.join(', ')}): choose another folder`);
  return false;
}

/** One condition at one seed in a database of its own, removed afterwards. */
async function runOnce(condition: Condition, seed: number, scale: number, options: ExperimentOptions, onStage: (message: string) => void): Promise<RunSummary> {
  const folder = mkdtempSync(join(tmpdir(), 'rung-experiment-'));
  const started = performance.now();
  const store = openStore(join(folder, 'run.db'), { nativeBinding: options.nativeBinding });
  try {
    const report = await runSimulation(store, {
      scale,
      seed,
      target: condition.target,
      device: options.device ?? 'auto',
      rm0Bias: condition.rm0Bias,
      assistance: condition.assistance,
      // Three evaluators per run, their own seeds at each experiment seed (seed 1: the demo's 1, 2, 3).
      evaluators: [0, 1, 2].map((i) => ({ seed: 3 * (seed - 1) + i + 1, overtrust: condition.overtrust })),
      actor: 'experiment',
      onStage,
    });
    return summarize(condition, seed, (performance.now() - started) / 1000, report);
  } finally {
    store.close();
    rmSync(folder, { recursive: true, force: true });
  }
}

/** Writes the three files through temporary names, then renames them: all of them appear, or none. */
function writeFiles(outDir: string, contents: Record<(typeof EXPERIMENT_FILES)[number], string>): void {
  const staged = EXPERIMENT_FILES.map((name) => {
    const temporary = join(outDir, `.${name}.partial`);
    writeFileSync(temporary, contents[name]);
    return [temporary, join(outDir, name)] as const;
  });
  for (const [temporary, final] of staged) renameSync(temporary, final);
}

export async function runExperiment(options: ExperimentOptions): Promise<ExperimentResult> {
  const preset = PRESETS[options.preset];
  const seeds = options.seeds ?? preset.seeds;
  const scale = options.scale ?? preset.scale;
  if (!Number.isInteger(seeds) || seeds < 2 || seeds > 100) throw new RungError('INVALID_PARAMS', `seeds must be an integer from 2 to 100 (intervals over seeds need two), got ${seeds}`);
  const created = prepareOutDir(options.outDir);
  try {
    return await runAndWrite(options, seeds, scale);
  } catch (error) {
    if (created) rmSync(options.outDir, { recursive: true, force: true }); // a folder this experiment made leaves with it
    throw error;
  }
}

async function runAndWrite(options: ExperimentOptions, seeds: number, scale: number): Promise<ExperimentResult> {
  const preset = PRESETS[options.preset];
  const startedAt = nowIso();
  const started = performance.now();
  const total = seeds * preset.conditions.length;
  const progress = options.onProgress ?? (() => undefined);
  const runs: RunSummary[] = [];
  for (let seed = 1; seed <= seeds; seed++) {
    for (const condition of preset.conditions) {
      if (options.signal?.aborted) throw new ExperimentCancelled(`cancelled after ${runs.length} of ${total} runs; nothing was written`);
      const label = `seed ${seed}, ${condition.label}`;
      progress(`${label}: starting`, runs.length, total);
      runs.push(await runOnce(condition, seed, scale, options, (message) => progress(`${label}: ${message}`, runs.length, total)));
    }
  }
  const claims = computeClaims(runs);
  const result: ExperimentResult = {
    version: 1,
    preset: options.preset,
    scale,
    seeds,
    startedAt,
    finishedAt: nowIso(),
    seconds: (performance.now() - started) / 1000,
    conditions: preset.conditions,
    claims,
    runs,
    outDir: options.outDir,
  };
  progress('writing the report', total, total);
  writeFiles(options.outDir, {
    'results.json': `${JSON.stringify(result, null, 2)}\n`,
    'results.csv': resultsCsv(runs),
    'report.html': reportHtml({ ...result, conditions: preset.conditions }),
  });
  return result;
}
