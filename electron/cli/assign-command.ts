// `rung assign --run RUN --layer K | --dataset DATASET, --evaluator NAME... [--overlap N] [--seed S] [--quota N]
// [--deadline ISO] [--json]`: draws an assignment through the contract (createAssignment) and prints who got what.
import type { Result } from '../api/contract';
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

export async function runAssign(command: ParsedCommand, contract: Contract): Promise<void> {
  const v = command.values;
  const evaluators = (v.evaluator as unknown as string[] | undefined) ?? [];
  if (evaluators.length === 0) throw new UsageError(`give at least one --evaluator NAME\nusage: ${command.spec.usage}`);
  if ((v.run === undefined) === (v.dataset === undefined)) throw new UsageError(`give --run RUN with --layer K, or --dataset DATASET\nusage: ${command.spec.usage}`);
  if (v.run !== undefined && v.layer === undefined) throw new UsageError(`--layer is required with --run\nusage: ${command.spec.usage}`);
  if (v.dataset !== undefined && v.layer !== undefined) throw new UsageError(`--layer goes with --run, not with --dataset\nusage: ${command.spec.usage}`);
  const assignment = await contract(async (call) => {
    const source =
      v.run !== undefined
        ? { runId: (await call('findRun', { idOrName: text(v.run) })).id, layer: numeric(v.layer) }
        : { datasetId: datasetIdOf(await call('listDatasets', {}), text(v.dataset)!) };
    return call('createAssignment', {
      ...source,
      evaluators,
      overlap: numeric(v.overlap),
      seed: numeric(v.seed),
      quota: numeric(v.quota),
      deadline: text(v.deadline),
      actor: 'cli',
    });
  });
  if (v.json) return void out(JSON.stringify(assignment, null, 2));
  for (const line of assignmentLines(assignment)) out(line);
}

function datasetIdOf(datasets: Result<'listDatasets'>, nameOrId: string): string {
  const found = datasetResolver(datasets)(nameOrId);
  if (!found.ok) throw new UsageError(`--dataset ${found.message}`);
  return found.value;
}
