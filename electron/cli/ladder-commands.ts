// `rung route` (deferral of a layer's pending comparisons) and `rung demo --simulate` (the recursive loop on the
// demo ladder with simulated evaluators, one table row per layer).
import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { getQueueStatus, routeLayer } from '../core/ladder/routing';
import { DEFAULT_SIMULATION_SCALE, runSimulation, type SimulationRow } from '../core/ladder/simulation';
import { DEFAULT_SIMULATED } from '../core/ladder/simulate';
import { openStore, type Store } from '../core/store';
import { resolveDbPath } from '../core/paths';
import { UsageError, type ParsedCommand } from './args';
import { deviceOption, engineErrors, numberOption, resolveRun } from './engine-commands';

const out = (text: string) => process.stdout.write(text.endsWith('\n') ? text : `${text}\n`);
const pct = (x: number | null | undefined) => (x === null || x === undefined ? 'n/a' : `${(x * 100).toFixed(1)}%`);
type WithStore = <T>(c: ParsedCommand, work: (store: Store) => Promise<T> | T) => Promise<T>;

const openShare = (x: number) => x > 0 && x < 1;

export async function runRoute(command: ParsedCommand, withStore: WithStore): Promise<void> {
  const v = command.values;
  if (v.run === undefined || v.layer === undefined) throw new UsageError(`--run and --layer are required\nusage: ${command.spec.usage}`);
  const layer = numberOption(v.layer, 'layer', 0, (x) => Number.isInteger(x) && x >= 0 && x <= 1000, 'a layer index (0, 1, …)');
  const target = numberOption(v.target, 'target', 0.05, openShare, 'a number between 0 and 1');
  const confidence = numberOption(v.confidence, 'confidence', 0.95, openShare, 'a number between 0 and 1');
  const auditShare = numberOption(v.audit, 'audit', 0.05, (x) => x >= 0 && x <= 1, 'a number from 0 to 1');
  const seed = numberOption(v.seed, 'seed', 1, (x) => Number.isInteger(x) && x >= 0 && x <= 2 ** 31, 'a non-negative integer');
  const { result, status } = await withStore(command, (store) =>
    engineErrors(async () => {
      const runId = resolveRun(store, v.run as string);
      const result = await routeLayer(store, {
        runId,
        layer,
        modelId: v.model as string | undefined,
        target,
        confidence,
        auditShare,
        seed,
        actor: 'cli',
        includeSimulated: v['include-simulated'] ? true : undefined,
      });
      return { result, status: getQueueStatus(store, { runId, layer }) };
    }),
  );
  if (v.json) return void out(JSON.stringify({ ...result, status }, null, 2));
  out(`routed ${result.pending} pending comparisons of layer ${layer} with ${result.modelName}:`);
  if (result.threshold === null) {
    out(`  no threshold certifies an auto-label error ≤ ${pct(target)} at ${pct(confidence)} confidence on ${result.calibrationPairs} held-out pairs: all go to people`);
  } else {
    out(
      `  threshold ${result.threshold.toFixed(3)}: ${result.coveredPairs} of ${result.calibrationPairs} held-out pairs at or above it, ${result.coveredErrors} wrong; ` +
        `error ≤ ${pct(result.errorBound)} at ${pct(confidence)} confidence`,
    );
  }
  out(`  auto-labelled ${result.autoLabelled} (of which ${result.audit} also audited by people), ${result.human} to the human queue`);
  out(`layer ${layer} now: ${status.waitingForHumans} waiting for people, ${status.autoLabelled} auto-labelled, ${status.inAudit} in audit, ${status.humanLabelsSaved} human labels saved`);
}

/** The database a simulation writes to: --db (must be new or empty), else a new temporary one (never $RUNG_DB or the user's). */
function simulationDbPath(command: ParsedCommand): string {
  if (command.values.db) return resolveDbPath(command.values.db as string);
  return join(mkdtempSync(join(tmpdir(), 'rung-simulation-')), 'rung.db');
}

const cell = (x: number | null, width: number) => pct(x).padStart(width);

function table(rows: SimulationRow[]): string[] {
  const header = 'layer  comparisons  human acc  assisted acc  unassisted acc  RM acc  threshold  auto-labelled  audits  audited error (bound)  human labels  saved';
  const lines = [header];
  for (const r of rows) {
    const audited = r.auditedAutoLabelError === null ? 'n/a' : `${pct(r.auditedAutoLabelError)} (≤ ${pct(r.auditedAutoLabelErrorBound)})`;
    lines.push(
      [
        String(r.layer).padStart(5),
        String(r.comparisons).padStart(11),
        cell(r.humanAccuracy, 9),
        cell(r.assistedAccuracy, 12),
        cell(r.unassistedAccuracy, 14),
        cell(r.rmAccuracy, 6),
        (r.threshold === null ? 'none' : r.threshold.toFixed(3)).padStart(9),
        String(r.autoLabelled).padStart(13),
        String(r.audits).padStart(6),
        audited.padStart(21),
        String(r.humanLabels).padStart(12),
        String(r.humanLabelsSaved).padStart(5),
      ].join('  '),
    );
  }
  return lines;
}

export async function runSimulate(command: ParsedCommand): Promise<void> {
  const v = command.values;
  const scale = numberOption(v.scale, 'scale', DEFAULT_SIMULATION_SCALE, (x) => Number.isInteger(x) && x >= 1 && x <= 100, 'an integer from 1 to 100');
  const unit = (name: string, fallback: number) => numberOption(v[name], name, fallback, (x) => x >= 0 && x <= 1, 'a number from 0 to 1');
  const open = (name: string, fallback: number) => numberOption(v[name], name, fallback, (x) => x > 0 && x < 1, 'a number between 0 and 1 (exclusive)');
  const params = {
    baseError: unit('base-error', DEFAULT_SIMULATED.baseError),
    errorPerStep: unit('error-per-step', DEFAULT_SIMULATED.errorPerStep),
    assistedWrongStepFactor: unit('assisted-factor', DEFAULT_SIMULATED.assistedWrongStepFactor),
  };
  const round = { target: open('target', 0.05), confidence: open('confidence', 0.95), auditShare: unit('audit', 0.05) };
  const device = deviceOption(v.device);
  const path = simulationDbPath(command);
  const store = openStore(path);
  const tty = process.stderr.isTTY && !v.json;
  let report;
  try {
    report = await engineErrors(() =>
      runSimulation(store, {
        scale,
        ...round,
        evaluators: [1, 2, 3].map((seed) => ({ ...params, seed })),
        device,
        actor: 'cli', onStage: tty ? (message) => process.stderr.write(`${message}\n`) : undefined }),
    );
  } finally {
    store.close();
  }
  if (v.json) return void out(JSON.stringify({ dbPath: path, ...report }, null, 2));
  out(`Simulated the demo ladder at scale ${scale} with ${report.simulatedEvaluators.length} simulated evaluators (target ${pct(report.target)} error at ${pct(report.confidence)} confidence, ${pct(report.auditShare)} audited):`);
  out('');
  for (const line of table(report.rows)) out(line);
  out('');
  out('human / assisted / unassisted acc: simulated verdicts against the demo\'s ground truth — all, with assistance shown, on control trials (nothing shown);');
  out('RM acc: RMk on its held-out comparisons against the simulated consensus; saved: auto-labels nobody had to check (auto-labelled minus audits).');
  out(`Everything is in ${path} (simulated evaluators are marked as such); open it with \`rung serve --db ${path}\`.`);
}
