// The `rung` command's commands: import, export, stats, serve and start. Exit codes: 0 done, 1 refused or failed, 2 usage error.
import { createWriteStream } from 'node:fs';
import { join } from 'node:path';
import { once } from 'node:events';
import { importFormats, exportFormats, type ImportFormat } from '../api/contract';
import { RungError } from '../api/errors';
import { exportLines } from '../core/datasets/export';
import { importDataset, type ImportProgress } from '../core/datasets/import';
import { runChecks } from '../core/checks/run';
import { checkSettings } from '../core/checks/settings';
import { checkAfterImport } from '../core/checks/triggers';
import { countRows } from '../core/db/stats';
import { loadDemo } from '../core/demo';
import { resolveDbPath } from '../core/paths';
import { startDomainHost } from '../core/host/domain-host';
import { openStore, type Store } from '../core/store';
import { startServer } from '../server/http';
import { commandHelp, commands, mainHelp, parseCommand, UsageError, type ParsedCommand } from './args';
import { startDesktop } from './desktop';
import { runScore, runTrain } from './engine-commands';
import { runMetrics } from './metrics-command';
import { runRoute, runSimulate } from './ladder-commands';
import pkg from '../../package.json';

const out = (text: string) => process.stdout.write(text.endsWith('\n') ? text : `${text}\n`);

function openCommandStore(command: ParsedCommand): Store {
  const path = resolveDbPath(command.values.db as string | undefined);
  try {
    return openStore(path);
  } catch (error) {
    if (error instanceof RungError) throw error;
    throw new RungError('CONFLICT', `cannot open the database ${path}: ${(error as Error).message}`);
  }
}

function withStore<T>(command: ParsedCommand, work: (store: Store) => Promise<T> | T): Promise<T> {
  const store = openCommandStore(command);
  return Promise.resolve()
    .then(() => work(store))
    .finally(() => store.close());
}

/** The status line `rung import` keeps rewriting on a terminal. */
export function importProgressLine(file: string, p: ImportProgress): string {
  const records = p.records.toLocaleString('en-US');
  if (p.phase === 'writing') return `${file}: writing ${records} records to the database…`;
  const mb = (bytes: number) => (bytes / 1e6).toFixed(1);
  const share = p.totalBytes > 0 ? ` (${Math.floor((100 * p.bytes) / p.totalBytes)}%)` : '';
  return `${file}: ${records} records read, ${mb(p.bytes)} of ${mb(p.totalBytes)} MB${share}`;
}

async function runImport(command: ParsedCommand): Promise<void> {
  const format = (command.values.format as string | undefined) ?? 'auto';
  if (format !== 'auto' && !(importFormats as readonly string[]).includes(format)) {
    throw new UsageError(`unknown format "${format}"; expected auto, ${importFormats.join(', ')}`);
  }
  const file = command.positionals[0];
  const tty = process.stderr.isTTY && !command.values.json;
  const onProgress = tty ? (p: ImportProgress) => process.stderr.write(`\r\x1b[K${importProgressLine(file, p)}`) : undefined;
  const summary = await withStore(command, async (store) => {
    try {
      return checkAfterImport(store, await importDataset(store, { path: file }, { format: format as ImportFormat | 'auto', actor: 'cli', onProgress }), 'cli');
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
  const format = (command.values.format as string | undefined) ?? 'trl-jsonl';
  if (!(exportFormats as readonly string[]).includes(format)) throw new UsageError(`unknown export format "${format}"; expected ${exportFormats.join(' or ')}`);
  await withStore(command, async (store) => {
    const datasetId = command.values.dataset as string | undefined;
    if (datasetId && !store.db.prepare('SELECT 1 FROM datasets WHERE id = ?').get(datasetId)) throw new RungError('NOT_FOUND', `no dataset with id ${datasetId}`);
    const target = command.values.out ? createWriteStream(command.values.out as string) : process.stdout;
    for (const line of exportLines(store, format as 'trl-jsonl' | 'judgments-csv', datasetId)) {
      if (!target.write(line)) await once(target, 'drain');
    }
    if (target !== process.stdout) {
      target.end();
      await once(target, 'finish');
    }
  });
}

async function runCheck(command: ParsedCommand): Promise<void> {
  const report = await withStore(command, (store) => runChecks(store, 'cli'));
  // Every kind of check, zero where nothing is open, so a clean database reads as such.
  const byKind = { ...Object.fromEntries(checkSettings.kinds.map((k) => [k, 0])), ...report.byKind };
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
  if (action === undefined && command.values.simulate) return runSimulate(command);
  if (action === undefined) throw new UsageError(`say what to do: \`rung demo load\` or \`rung demo --simulate\`\nusage: ${command.spec.usage}`);
  if (action === 'load' && (command.values.simulate || command.values.scale !== undefined || command.values.device !== undefined)) {
    throw new UsageError(`--simulate, --scale and --device do not go with "load"\nusage: ${command.spec.usage}`);
  }
  if (action !== 'load') throw new UsageError(`unknown demo action "${command.positionals[0]}"\nusage: ${command.spec.usage}`);
  const summary = await withStore(command, async (store) => checkAfterImport(store, await loadDemo(store, 'cli'), 'cli'));
  if (command.values.json) return void out(JSON.stringify(summary, null, 2));
  out(
    summary.alreadyImported
      ? `The demo dataset is already loaded (${summary.records} comparisons).`
      : `Loaded the demo dataset: ${summary.comparisonsAdded} comparisons in layers 0–2, with ground truth.`,
  );
}

async function runStats(command: ParsedCommand): Promise<void> {
  const counts = await withStore(command, (store) => countRows(store.db));
  if (command.values.json) return void out(JSON.stringify(counts, null, 2));
  for (const [name, n] of Object.entries(counts)) out(`${name.padEnd(12)} ${n}`);
}

function parsePort(value: string | boolean | undefined): number {
  if (value === undefined) return 0;
  const port = Number(value);
  if (!Number.isInteger(port) || port < 0 || port > 65535) throw new UsageError(`--port must be an integer from 0 to 65535, got "${String(value)}"`);
  return port;
}

async function runServe(command: ParsedCommand): Promise<void> {
  const port = parsePort(command.values.port);
  const host = await startDomainHost({ dbPath: resolveDbPath(command.values.db as string | undefined), mode: 'browser', version: pkg.version });
  let server;
  try {
    server = await startServer({ call: host.call, port, rendererDir: join(__dirname, '..', 'renderer') });
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
    fallbackToBrowser: () => runServe({ ...command, spec: commands.serve }),
    log: (line: string) => out(line),
  });
}

const runners: Record<string, (command: ParsedCommand) => Promise<void>> = {
  import: runImport,
  export: runExport,
  stats: runStats,
  demo: runDemo,
  check: runCheck,
  train: (command) => runTrain(command, withStore),
  score: (command) => runScore(command, withStore),
  metrics: (command) => runMetrics(command, withStore),
  route: (command) => runRoute(command, withStore),
  serve: runServe,
  start: runStart,
};

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
    if (error instanceof RungError) {
      process.stderr.write(`rung ${name}: ${error.message}\n`);
      return 1;
    }
    process.stderr.write(`rung ${name}: ${(error as Error)?.stack ?? String(error)}\n`);
    return 1;
  }
}
