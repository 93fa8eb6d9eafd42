// `rung route` (deferral of a layer's pending comparisons, or with --list the comparisons it routed) and `rung demo
// --simulate` (the recursive loop on the demo ladder with simulated evaluators, one table row per layer): parsing and
// printing; the work is the contract's.
import { existsSync, mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { ProgressEvent } from '../api/caller';
import type { Result } from '../api/contract';
import { resolveDbPath } from '../core/paths';
import { calibrationScopeText, routedCriterionText } from '../api/queue';
import { UsageError, type ParsedCommand } from './args';
import { withContract, type Contract } from './contract-call';
import { numeric, text } from './options';

const out = (line: string) => process.stdout.write(line.endsWith('\n') ? line : `${line}\n`);
const pct = (x: number | null | undefined) => (x === null || x === undefined ? 'n/a' : `${(x * 100).toFixed(1)}%`);

/** `rung route --list`: one page of the layer's routed comparisons. */
async function listRouted(command: ParsedCommand, contract: Contract): Promise<void> {
  const v = command.values;
  const routingOnly = ['target', 'confidence', 'audit', 'model', 'seed', 'include-simulated', 'calibrate-on'].filter((o) => v[o] !== undefined);
  if (routingOnly.length > 0) throw new UsageError(`--list routes nothing: ${routingOnly.map((o) => `--${o}`).join(', ')} do not go with it\nusage: ${command.spec.usage}`);
  const page = await contract(async (call) => {
    const runId = (await call('findRun', { idOrName: text(v.run) })).id;
    return call('listRoutedItems', { runId, layer: numeric(v.layer), route: text(v.route), offset: numeric(v.offset), limit: numeric(v.limit) });
  });
  if (v.json) return void out(JSON.stringify(page, null, 2));
  const { counts } = page;
  const routed = counts.auto + counts.audit + counts.human;
  const only = v.route === undefined ? '' : `; ${page.total} routed ${text(v.route)}`;
  out(`${routed} routed (${counts.auto} auto-labelled, ${counts.audit} audited, ${counts.human} to people)${only}; showing ${page.items.length}, most confident first:`);
  out('confidence  P(A)   threshold  route  auto  status              answers           prompt');
  for (const item of page.items) {
    const answers = item.answers.map((a) => `${a.evaluator}: ${a.choice}`).join('; ') || '—';
    const agrees = item.auditAgrees === null ? '' : item.auditAgrees ? ' (agrees)' : ' (disagrees)';
    out(
      [
        pct(Math.max(item.pA, 1 - item.pA)).padStart(10),
        item.pA.toFixed(3).padStart(5),
        (item.threshold === null ? 'none' : item.threshold.toFixed(3)).padStart(9),
        item.route.padEnd(5),
        (item.autoLabel ?? '—').padEnd(4),
        `${item.status}${agrees}`.padEnd(18),
        answers.slice(0, 16).padEnd(16),
        item.prompt.replace(/\s+/g, ' ').slice(0, 60),
      ].join('  '),
    );
  }
}

export async function runRoute(command: ParsedCommand, contract: Contract): Promise<void> {
  const v = command.values;
  if (v.run === undefined || v.layer === undefined) throw new UsageError(`--run and --layer are required\nusage: ${command.spec.usage}`);
  if (v.list) return listRouted(command, contract);
  const listOnly = ['route', 'offset', 'limit'].filter((o) => v[o] !== undefined);
  if (listOnly.length > 0) throw new UsageError(`${listOnly.map((o) => `--${o}`).join(', ')} go only with --list\nusage: ${command.spec.usage}`);
  const { result, status } = await contract(async (call) => {
    const runId = (await call('findRun', { idOrName: text(v.run) })).id;
    const result = await call('routeLayer', {
      runId,
      layer: numeric(v.layer),
      modelId: text(v.model),
      target: numeric(v.target),
      confidence: numeric(v.confidence),
      auditShare: numeric(v.audit),
      seed: numeric(v.seed),
      actor: 'cli',
      includeSimulated: v['include-simulated'] ? true : undefined,
      calibrateOn: text(v['calibrate-on']),
    });
    return { result, status: await call('getQueueStatus', { runId, layer: result.layer }) };
  });
  if (v.json) return void out(JSON.stringify({ ...result, status }, null, 2));
  const layer = result.layer;
  out(`routed ${result.pending} pending comparisons of layer ${layer} with ${result.modelName}:`);
  if (result.threshold === null) {
    out(
      `  no threshold certifies an auto-label error ≤ ${pct(result.target)} at ${pct(result.confidence)} confidence on ${result.calibrationPairs} held-out pairs ${calibrationScopeText(result)}${routedCriterionText(result)} ` +
        `(this target needs at least ${result.calibrationPairsNeeded}; the smallest target they certify: ${pct(result.smallestCertifiableTarget)}): all go to people`,
    );
  } else {
    out(
      `  threshold ${result.threshold.toFixed(3)}: ${result.coveredPairs} of ${result.calibrationPairs} held-out pairs ${calibrationScopeText(result)}${routedCriterionText(result)} at or above it, ${result.coveredErrors} wrong; ` +
        `error ≤ ${pct(result.errorBound)} at ${pct(result.confidence)} confidence`,
    );
  }
  out(`  auto-labelled ${result.autoLabelled} (of which ${result.audit} also audited by people), ${result.human} to the human queue`);
  out(`layer ${layer} now: ${status.waitingForHumans} waiting for people, ${status.autoLabelled} auto-labelled, ${status.inAudit} in audit, ${status.humanLabelsSaved} human labels saved`);
}

/** The database a simulation writes to: --db (must be new or empty), else a new temporary one (never $RUNG_DB or the user's). */
function simulationDbPath(command: ParsedCommand): { path: string; temporaryFolder: string | null } {
  if (command.values.db) return { path: resolveDbPath(text(command.values.db)), temporaryFolder: null };
  const folder = mkdtempSync(join(tmpdir(), 'rung-simulation-'));
  return { path: join(folder, 'rung.db'), temporaryFolder: folder };
}

const cell = (x: number | null, width: number) => pct(x).padStart(width);

function table(rows: Result<'simulateDemo'>['rows']): string[] {
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
        (r.threshold === null ? `none, ≥ ${pct(r.smallestCertifiableTarget)}` : r.threshold.toFixed(3)).padStart(9),
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

const share = (s: { rate: number | null; of: number }, width: number) => `${pct(s.rate)} of ${s.of}`.padStart(width);

/** Against the ground truth, and (with a planted bias) how far it reaches: what only a simulation knows. */
function truthTable(report: Result<'simulateDemo'>): string[] {
  const lines = ['Against the ground truth (a simulation knows it; a lab does not):', 'layer  RM acc            assisted acc      unassisted acc    auto-label error  label acc         wrong labels flagged'];
  for (const r of report.rows) {
    const t = r.truth;
    lines.push([String(r.layer).padStart(5), share(t.rmGroundTruthAccuracy, 16), share(t.assistedGroundTruthAccuracy, 16), share(t.unassistedGroundTruthAccuracy, 16), share(t.autoLabelGroundTruthError, 16), share(t.labelGroundTruthAccuracy, 16), `${t.checks.flaggedWrongLabels} of ${t.checks.wrongLabels}`.padStart(20)].join('  '));
  }
  const planted = report.rm0Bias.kind;
  if (planted === 'none') return lines;
  lines.push('', `RM0's planted bias (${report.rm0Bias.kind}, deciding ${pct(report.rm0Bias.share)} of the seed items it can touch): the share of each kind of label that takes the bias's side where it is wrong`);
  lines.push('layer  items  seed labels       RMk (untrained)   assisted          unassisted        auto-labels       labels');
  for (const r of report.rows) {
    const b = r.truth.bias[planted];
    lines.push([String(r.layer).padStart(5), String(b.items).padStart(5), ...[b.seedLabels, b.rm, b.assistedVerdicts, b.unassistedVerdicts, b.autoLabels, b.labels].map((x) => share(x, 16))].join('  '));
  }
  return lines;
}

/** Removes a database this command created (with its WAL and shared-memory files, or its temporary folder). */
function removeDatabase(path: string, temporaryFolder: string | null): void {
  if (temporaryFolder) return rmSync(temporaryFolder, { recursive: true, force: true });
  for (const suffix of ['', '-wal', '-shm']) rmSync(`${path}${suffix}`, { force: true });
}

export async function runSimulate(command: ParsedCommand, logError: (message: string, error: unknown) => void): Promise<void> {
  const v = command.values;
  const { path, temporaryFolder } = simulationDbPath(command);
  const existed = existsSync(path);
  const tty = process.stderr.isTTY && !v.json;
  const onProgress = tty ? (event: ProgressEvent) => void (event.kind === 'stage' && process.stderr.write(`${event.message}\n`)) : undefined;
  let report;
  try {
    report = await withContract({ dbPath: path, onProgress, logError }, (call) =>
      call('simulateDemo', {
        scale: numeric(v.scale),
        baseError: numeric(v['base-error']),
        errorPerStep: numeric(v['error-per-step']),
        assistedFactor: numeric(v['assisted-factor']),
        overtrust: numeric(v.overtrust),
        rm0Bias: text(v['rm0-bias']),
        rm0BiasShare: numeric(v['rm0-bias-share']),
        target: numeric(v.target),
        confidence: numeric(v.confidence),
        auditShare: numeric(v.audit),
        device: text(v.device),
      }),
    );
  } catch (error) {
    if (!existed) removeDatabase(path, temporaryFolder); // a refused or failed simulation leaves no new database behind
    throw error;
  }
  const scale = report.scale;
  if (v.json) return void out(JSON.stringify({ dbPath: path, ...report }, null, 2));
  out(`Simulated the demo ladder at scale ${scale} with ${report.simulatedEvaluators.length} simulated evaluators (target ${pct(report.target)} error at ${pct(report.confidence)} confidence, ${pct(report.auditShare)} audited):`);
  out('');
  for (const line of table(report.rows)) out(line);
  out('');
  out('human / assisted / unassisted acc: simulated verdicts against the demo\'s ground truth — all, with assistance shown, on control trials (nothing shown);');
  out('RM acc: RMk on its held-out comparisons of layer k against the simulated consensus; threshold "none, ≥ x%": nothing certified, x% the smallest target its held-out pairs certify; saved: auto-labels nobody had to check (auto-labelled minus audits).');
  out('');
  for (const line of truthTable(report)) out(line);
  out(`Everything is in ${path} (simulated evaluators are marked as such); open it with \`rung serve --db ${path}\`.`);
}
