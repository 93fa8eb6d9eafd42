// `rung experiment`: parses the options, runs the contract's runExperiment (no database of the user's is touched:
// each simulated run has its own) and prints the claims with their intervals and readings.
import type { ProgressEvent } from '../api/caller';
import { UsageError, type ParsedCommand } from './args';
import { IN_MEMORY, withContract } from './contract-call';
import { numeric, text } from './options';

const out = (line: string) => process.stdout.write(`${line}\n`);
const pct = (x: number | null) => (x === null ? 'n/a' : `${(x * 100).toFixed(1)}%`);

export async function runExperimentCommand(command: ParsedCommand, logError: (message: string, error: unknown) => void): Promise<void> {
  const v = command.values;
  if (v.out === undefined) throw new UsageError(`--out DIR is required: the folder the report goes to\nusage: ${command.spec.usage}`);
  const onProgress = process.stderr.isTTY && !v.json ? (event: ProgressEvent) => void (event.kind === 'stage' && process.stderr.write(`\r\x1b[K${event.message}`)) : undefined;
  const result = await withContract({ dbPath: IN_MEMORY, onProgress, logError }, (call) =>
    call('runExperiment', { preset: text(v.preset), seeds: numeric(v.seeds), scale: numeric(v.scale), device: text(v.device), out: text(v.out) }),
  );
  if (onProgress) process.stderr.write('\r\x1b[K');
  if (v.json) return void out(JSON.stringify(result, null, 2));
  out(`Oversight report, preset ${result.preset}: ${result.conditions.length} conditions × ${result.seeds} seeds at scale ${result.scale}, ${Math.round(result.seconds)} s.`);
  out('');
  out(`${'claim'.padEnd(18)} ${'value'.padStart(7)}  ${'95% CI'.padEnd(17)} reading`);
  for (const c of result.claims) out(`${c.id.padEnd(18)} ${pct(c.value).padStart(7)}  ${(c.ci ? `${pct(c.ci[0])} to ${pct(c.ci[1])}` : 'n/a').padEnd(17)} ${c.note}`);
  out('');
  out(`Wrote results.json, results.csv and report.html to ${result.outDir}`);
}
