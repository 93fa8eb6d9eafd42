// The `rung` command: parses the command line, calls the contract's methods (contract-call.ts) and prints what they
// answer. Exit codes: 0 done, 1 refused or failed, 2 usage error (an option the contract refuses counts as one).
import { join } from 'node:path';
import type { ProgressEvent } from '../api/caller';
import { flagKinds } from '../api/checks';
import type { Result } from '../api/contract';
import { RungError } from '../api/errors';
import { writtenShare } from '../api/import-progress';
import { startServer } from '../server/http';
import { resolveDbPath } from '../core/paths';
import { startDomainHost } from '../core/host/domain-host';
import { commandHelp, commands, mainHelp, parseCommand, UsageError, type ParsedCommand } from './args';
import { CallRefused, withContract, type CommandParams, type Contract } from './contract-call';
import { startDesktop } from './desktop';
import { runModel, runScore, runTrain } from './engine-commands';
import { runBundle, runKeys } from './bundle-commands';
import { runFilters } from './filter-commands';
import { runEmbed, runEncoder } from './encoder-commands';
import { runMetrics } from './metrics-command';
import { runRun } from './run-commands';
import { runDataset } from './dataset-commands';
import { runGuidelines } from './guidelines-command';
import { runScores } from './scores-command';
import { runAssign } from './assign-command';
import { runRoute, runSimulate } from './ladder-commands';
import { runExperimentCommand } from './experiment-command';
import { refusalLines, text } from './options';
import pkg from '../../package.json';

const out = (line: string) => process.stdout.write(line.endsWith('\n') ? line : `${line}\n`);

/** Unexpected errors (INTERNAL): their details go to standard error. */
const logError = (message: string, error: unknown) => process.stderr.write(`${message}: ${(error as Error)?.stack ?? String(error)}\n`);

/** The command's calls on the database it names (--db). */
function contractOf(command: ParsedCommand, onProgress?: (event: ProgressEvent) => void): Contract {
  return (work) => withContract({ dbPath: text(command.values.db), onProgress, logError }, work);
}

/** The status line `rung import` keeps rewriting on a terminal. */
export function importProgressLine(file: string, p: NonNullable<Result<'getImportProgress'>>): string {
  const records = p.records.toLocaleString('en-US');
  if (p.phase === 'writing') return `${file}: writing ${records} records to the database…${writtenShare(p)}`;
  const mb = (bytes: number) => (bytes / 1e6).toFixed(1);
  const share = p.totalBytes > 0 ? ` (${Math.floor((100 * p.bytes) / p.totalBytes)}%)` : '';
  return `${file}: ${records} records read, ${mb(p.bytes)} of ${mb(p.totalBytes)} MB${share}`;
}

/** The option of each mapping field, for the contract's refusals. */
const MAPPING_OPTIONS: Record<string, string> = { 'mapping.prompt': 'prompt', 'mapping.a': 'a', 'mapping.b': 'b', 'mapping.label': 'label', 'mapping.labelValues': 'label-values' };

/** `rung import`'s column mapping, as typed (the contract checks it): with --format mapped or any mapping option. */
function mappingOf(command: ParsedCommand): CommandParams<'importDataset'>['mapping'] {
  const v = command.values;
  const fields = { prompt: text(v.prompt), a: text(v.a), b: text(v.b), label: text(v.label), labelValues: text(v['label-values']) };
  const given = Object.fromEntries(Object.entries(fields).filter(([, value]) => value !== undefined));
  return v.format === 'mapped' || Object.keys(given).length > 0 ? (given as CommandParams<'importDataset'>['mapping']) : undefined;
}

async function runImport(command: ParsedCommand): Promise<void> {
  const file = command.positionals[0];
  const tty = process.stderr.isTTY && !command.values.json;
  const onProgress = tty ? (event: ProgressEvent) => {
    if (event.kind === 'import') process.stderr.write(`\r\x1b[K${importProgressLine(file, event)}`);
  } : undefined;
  const summary = await contractOf(command, onProgress)(async (call) => {
    try {
      return await call('importDataset', { source: { kind: 'path', path: file }, format: text(command.values.format), mapping: mappingOf(command) }, MAPPING_OPTIONS);
    } finally {
      if (tty) process.stderr.write('\r\x1b[K');
    }
  });
  if (command.values.json) return void out(JSON.stringify(summary, null, 2));
  if (summary.alreadyImported) {
    out(`${file}: already imported as dataset "${summary.name}" (${summary.datasetId}); nothing added`);
  } else {
    const n = (x: number) => x.toLocaleString('en-US');
    out(
      `${file}: imported ${n(summary.records)} records${summary.recordsSkipped ? ` (${n(summary.recordsSkipped)} skipped)` : ''} as ${summary.format} dataset "${summary.name}": ` +
        `${n(summary.comparisonsAdded)} comparisons added (${n(summary.comparisonsExisting)} already present), ` +
        `${n(summary.judgmentsAdded)} judgments, ${n(summary.evaluatorsAdded)} new evaluators`,
    );
  }
  for (const warning of summary.warnings) process.stderr.write(`warning: ${warning}\n`);
}

async function runExport(command: ParsedCommand): Promise<void> {
  const v = command.values;
  if ((v.run === undefined) !== (v.criterion === undefined)) throw new UsageError('--run and --criterion go together: the criterion is a key of that run\'s rubric');
  await contractOf(command)(async (call) => {
    const runId = v.run === undefined ? undefined : (await call('findRun', { idOrName: text(v.run) })).id;
    return call('exportDataToFile', { format: text(v.format), datasetId: text(v.dataset), runId, criterion: text(v.criterion), path: text(v.out) }, { path: 'out' });
  });
}

async function runCheck(command: ParsedCommand): Promise<void> {
  const report = await contractOf(command)((call) => call('runChecks', {}));
  // Every kind of flag (a bundle merge's evaluator-conflict too), zero where nothing is open, so a clean database reads as such.
  const byKind = { ...Object.fromEntries(flagKinds.map((k) => [k, 0])), ...report.byKind };
  if (command.values.json) out(JSON.stringify({ ...report, byKind }, null, 2));
  else {
    out(`${report.added} new flag${report.added === 1 ? '' : 's'}; open flags by kind:`);
    for (const [kind, n] of Object.entries(byKind)) out(`  ${kind.padEnd(24)} ${n}`);
    for (const note of report.notes) out(`note: ${note}`);
  }
  for (const f of report.failed) process.stderr.write(`rung check: the ${f.kind} check failed: ${f.error}\n`);
  if (report.failed.length > 0) throw new RungError('CONFLICT', `${report.failed.length} check${report.failed.length === 1 ? '' : 's'} failed; the others' flags are recorded`);
}

async function runDemo(command: ParsedCommand): Promise<void> {
  const action = command.positionals[0];
  if (action === undefined && command.values.simulate) return runSimulate(command, logError);
  if (action === undefined) throw new UsageError(`say what to do: \`rung demo load\` or \`rung demo --simulate\`\nusage: ${command.spec.usage}`);
  if (action === 'load' && (command.values.simulate || command.values.scale !== undefined || command.values.device !== undefined)) {
    throw new UsageError(`--simulate, --scale and --device do not go with "load"\nusage: ${command.spec.usage}`);
  }
  if (action !== 'load') throw new UsageError(`unknown demo action "${command.positionals[0]}"\nusage: ${command.spec.usage}`);
  const summary = await contractOf(command)((call) => call('loadDemo', {}));
  if (command.values.json) return void out(JSON.stringify(summary, null, 2));
  out(
    summary.alreadyImported
      ? `The demo dataset is already loaded (${summary.records} comparisons).`
      : `Loaded the demo dataset: ${summary.comparisonsAdded} comparisons in layers 0–2, with ground truth.`,
  );
}

async function runStats(command: ParsedCommand): Promise<void> {
  const counts = await contractOf(command)((call) => call('getStats', {}));
  if (command.values.json) return void out(JSON.stringify(counts, null, 2));
  for (const [name, n] of Object.entries(counts)) out(`${name.padEnd(12)} ${n}`);
}

function parsePort(value: string | boolean | undefined): number {
  if (value === undefined) return 0;
  const port = Number(value);
  if (!Number.isInteger(port) || port < 0 || port > 65535) throw new UsageError(`--port must be an integer from 0 to 65535, got "${String(value)}"`);
  return port;
}

/** The command a person typed to start the server: npm's script when npm ran it, else `rung serve` / `rung start`. */
function startedBy(rungCommand: 'serve' | 'start'): string {
  const npmScript = process.env.npm_lifecycle_event;
  if (npmScript === 'start') return 'npm start';
  if (npmScript === 'serve') return 'npm run serve';
  return `rung ${rungCommand}`;
}

async function runServe(command: ParsedCommand, rungCommand: 'serve' | 'start' = 'serve'): Promise<void> {
  const port = parsePort(command.values.port);
  // The served app's domain runs on worker threads (core/host): this thread only answers HTTP.
  const host = await startDomainHost({ dbPath: resolveDbPath(text(command.values.db)), mode: 'browser', version: pkg.version });
  let server;
  try {
    server = await startServer({ call: host.call, subscribe: host.onEvent, port, rendererDir: join(__dirname, '..', 'renderer'), startedBy: startedBy(rungCommand) });
  } catch (error) {
    await host.close();
    throw new RungError('CONFLICT', `cannot listen on 127.0.0.1:${port}: ${(error as Error).message}`);
  }
  out(`Rung is serving ${host.dbPath}`);
  out(`Open ${server.url}`);
  const stop = async () => {
    await server.close();
    await host.close();
    process.exit(0);
  };
  process.once('SIGINT', stop);
  process.once('SIGTERM', stop);
}

async function runStart(command: ParsedCommand): Promise<void> {
  await startDesktop({
    dbPath: command.values.db as string | undefined,
    fallbackToBrowser: () => runServe({ ...command, spec: commands.serve }, 'start'),
    log: (line: string) => out(line),
  });
}

const runners: Record<string, (command: ParsedCommand) => Promise<void>> = {
  import: runImport,
  export: runExport,
  stats: runStats,
  demo: runDemo,
  check: runCheck,
  train: (command) => runTrain(command, contractOf(command, trainingProgress(command))),
  score: (command) => runScore(command, contractOf(command)),
  model: (command) => runModel(command, contractOf(command)),
  metrics: (command) => runMetrics(command, contractOf(command)),
  route: (command) => runRoute(command, contractOf(command)),
  run: (command) => runRun(command, contractOf(command)),
  dataset: (command) => runDataset(command, contractOf(command)),
  assign: (command) => runAssign(command, contractOf(command)),
  experiment: (command) => runExperimentCommand(command, logError),
  serve: runServe,
  start: runStart,
  encoder: (command) => runEncoder(command, contractOf(command)),
  embed: (command) => runEmbed(command, contractOf(command, encodingProgress())),
  bundle: (command) => runBundle(command, contractOf(command)),
  guidelines: (command) => runGuidelines(command, contractOf(command)),
  scores: (command) => runScores(command, contractOf(command)),
  keys: (command) => runKeys(command, contractOf(command)),
  filters: (command) => runFilters(command, contractOf(command)),
};

/** On a terminal, the encoding's progress on one rewritten line of standard error (cleared when done). */
function encodingProgress() {
  if (!process.stderr.isTTY) return undefined;
  return (event: ProgressEvent) => {
    if (event.kind === 'encoding') process.stderr.write(event.encoded === event.toEncode ? '\r\x1b[K' : `\r\x1b[Kencoding: ${event.encoded} of ${event.toEncode} texts`);
  };
}

/** On a terminal (and without --json), the training's progress on one rewritten line of standard error. */
function trainingProgress(command: ParsedCommand) {
  if (!process.stderr.isTTY || command.values.json) return undefined;
  const pct = (x: number) => `${(x * 100).toFixed(1)}%`;
  return (event: ProgressEvent) => {
    if (event.kind === 'stage') process.stderr.write(`\r\x1b[K${event.message}`);
    else if (event.kind === 'training')
      process.stderr.write(`\r\x1b[K${event.stage}: epoch ${event.epoch} step ${event.step} train loss ${event.trainLoss.toFixed(4)}${event.valAccuracy === null ? '' : ` val acc ${pct(event.valAccuracy)}`}`);
  };
}

export async function main(argv: string[]): Promise<number> {
  const [name, ...rest] = argv;
  if (name === undefined || name === '-h' || name === '--help' || name === 'help') {
    const topic = name === 'help' ? rest[0] : undefined;
    if (topic && commands[topic]) out(commandHelp(commands[topic]));
    else out(mainHelp());
    return 0;
  }
  if (name === '-v' || name === '--version') {
    out(pkg.version);
    return 0;
  }
  const spec = commands[name];
  if (!spec) {
    process.stderr.write(`rung: unknown command "${name}"\n\n${mainHelp()}\n`);
    return 2;
  }
  try {
    const command = parseCommand(spec, rest);
    if (command.values.help) {
      out(commandHelp(spec));
      return 0;
    }
    await runners[name](command);
    return 0;
  } catch (error) {
    if (error instanceof UsageError) {
      process.stderr.write(`rung ${name}: ${error.message}\n`);
      return 2;
    }
    if (error instanceof CallRefused) {
      for (const line of refusalLines(error.error, error.options)) process.stderr.write(`rung ${name}: ${line}\n`);
      return error.error.code === 'INVALID_PARAMS' ? 2 : 1;
    }
    if (error instanceof RungError) {
      process.stderr.write(`rung ${name}: ${error.message}\n`);
      return 1;
    }
    process.stderr.write(`rung ${name}: ${(error as Error)?.stack ?? String(error)}\n`);
    return 1;
  }
}
