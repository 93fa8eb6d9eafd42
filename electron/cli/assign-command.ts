// `rung assign --run RUN --layer K | --dataset DATASET | --filter NAME, --evaluator NAME... [--overlap N] [--seed S] [--quota N]
// [--quota-for NAME=N]... [--deadline ISO] [--out DIR] [--json]`: draws an assignment through the contract (createAssignment), prints who got
// what and, with --out, writes each evaluator's work bundle (exportWorkBundle with the assignment) into DIR.
import { existsSync, mkdirSync, statSync } from 'node:fs';
import { join, resolve } from 'node:path';
import type { Result } from '../api/contract';
import { fileSafeName } from '../core/paths';
import { UsageError, type ParsedCommand } from './args';
import type { Contract } from './contract-call';
import { numeric, text } from './options';
import { datasetResolver } from './run-commands';

const out = (line: string) => process.stdout.write(line.endsWith('\n') ? line : `${line}\n`);
const plural = (n: number, one: string, many = `${one}s`) => `${n} ${n === 1 ? one : many}`;

/** The assignment as `rung assign` prints it: its source and draw, then one line per evaluator. */
export function assignmentLines(a: Result<'createAssignment'>): string[] {
  const lines = [
    `assignment "${a.name}" (${a.id}): ${plural(a.comparisons, 'comparison')}, each judged by ${a.overlap} of ${plural(a.evaluators.length, 'evaluator')} (seed ${a.seed})` +
      (a.deadline ? `, deadline ${a.deadline}` : ''),
  ];
  const width = Math.max(...a.evaluators.map((e) => e.name.length));
  for (const e of a.evaluators) {
    lines.push(
      `  ${e.name.padEnd(width)}  ${plural(e.assigned, 'comparison')} (${plural(e.controlTrials, 'control trial')}, ${plural(e.positionChecks, 'position check')})` +
        (e.quota === null ? '' : `, quota ${e.quota}`),
    );
  }
  if (a.unassigned > 0) lines.push(`  ${plural(a.unassigned, 'comparison')} left out: the quotas ran out`);
  return lines;
}

/** `--quota-for NAME=N` (repeatable) as createAssignment's quotas: each NAME one of the --evaluator names, once (the contract checks N). */
function parseQuotasFor(given: string[] | undefined, evaluators: readonly string[]): Record<string, number | string> | undefined {
  if (!given || given.length === 0) return undefined;
  const quotas = new Map<string, number | string>();
  for (const entry of given) {
    const at = entry.lastIndexOf('=');
    const name = entry.slice(0, at).trim();
    const value = entry.slice(at + 1).trim();
    if (at < 0 || name === '' || value === '') throw new UsageError(`--quota-for must be NAME=N, an --evaluator's name and their quota (e.g. Ada=20), got "${entry}"`);
    if (!evaluators.includes(name)) throw new UsageError(`--quota-for ${entry}: "${name}" is not one of the --evaluator names (${evaluators.join(', ')})`);
    if (quotas.has(name)) throw new UsageError(`--quota-for ${entry}: "${name}" has a quota already; give each evaluator's once`);
    quotas.set(name, numeric(value)!);
  }
  return Object.fromEntries(quotas);
}

export async function runAssign(command: ParsedCommand, contract: Contract): Promise<void> {
  const v = command.values;
  const evaluators = (v.evaluator as unknown as string[] | undefined) ?? [];
  if (evaluators.length === 0) throw new UsageError(`give at least one --evaluator NAME\nusage: ${command.spec.usage}`);
  const quotas = parseQuotasFor(v['quota-for'] as unknown as string[] | undefined, evaluators);
  if ([v.run, v.dataset, v.filter].filter((s) => s !== undefined).length !== 1) {
    throw new UsageError(`give --run RUN with --layer K, --dataset DATASET, or --filter NAME (one of them)\nusage: ${command.spec.usage}`);
  }
  if (v.run !== undefined && v.layer === undefined) throw new UsageError(`--layer is required with --run\nusage: ${command.spec.usage}`);
  if (v.run === undefined && v.layer !== undefined) throw new UsageError(`--layer goes with --run, not with --${v.dataset !== undefined ? 'dataset' : 'filter'}\nusage: ${command.spec.usage}`);
  const outDir = v.out === undefined ? null : resolve(text(v.out)!);
  if (outDir !== null && existsSync(outDir) && !statSync(outDir).isDirectory()) throw new UsageError(`--out ${outDir}: not a folder`);
  const { assignment, bundles } = await contract(async (call) => {
    const source =
      v.run !== undefined
        ? { runId: (await call('findRun', { idOrName: text(v.run) })).id, layer: numeric(v.layer) }
        : v.filter !== undefined
          ? { filter: text(v.filter) }
          : { datasetId: datasetIdOf(await call('listDatasets', {}), text(v.dataset)!) };
    const assignment = await call('createAssignment', {
      ...source,
      evaluators,
      overlap: numeric(v.overlap),
      seed: numeric(v.seed),
      quota: numeric(v.quota),
      quotas,
      deadline: text(v.deadline),
      actor: 'cli',
    }, { quotas: 'quota-for' });
    if (outDir === null) return { assignment, bundles: [] };
    mkdirSync(outDir, { recursive: true });
    // A run layer's bundle names its layer and carries the run; a filter's or a dataset's names the assignment and carries no run.
    const ofRun = 'runId' in source;
    const bundles = [];
    for (const e of assignment.evaluators.filter((e) => e.assigned > 0)) {
      const path = freshPath(outDir, `work-${fileSafeName(e.name, 'evaluator')}-${ofRun ? `layer${source.layer}` : fileSafeName(assignment.name, 'assignment')}`);
      bundles.push(await call('exportWorkBundle', { ...(ofRun ? { runId: source.runId, layer: source.layer } : {}), evaluatorId: e.evaluatorId, assignmentId: assignment.id, path }));
    }
    return { assignment, bundles };
  });
  if (v.json) return void out(JSON.stringify(outDir === null ? assignment : { ...assignment, bundles }, null, 2));
  for (const line of assignmentLines(assignment)) out(line);
  for (const b of bundles) out(`wrote ${b.fileName}: work bundle for ${b.evaluator.name}, ${plural(b.counts.comparisons ?? 0, 'comparison')}, ${b.bytes} bytes`);
}

/** `stem`.rungbundle in `dir`, or stem-2, stem-3, … when taken: a bundle written earlier is never overwritten. */
function freshPath(dir: string, stem: string): string {
  for (let n = 1; ; n++) {
    const path = join(dir, `${stem}${n === 1 ? '' : `-${n}`}.rungbundle`);
    if (!existsSync(path)) return path;
  }
}

function datasetIdOf(datasets: Result<'listDatasets'>, nameOrId: string): string {
  const found = datasetResolver(datasets)(nameOrId);
  if (!found.ok) throw new UsageError(`--dataset ${found.message}`);
  return found.value;
}
