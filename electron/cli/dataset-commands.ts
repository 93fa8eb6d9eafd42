// `rung dataset list [--json]`, `rung dataset rename ID_OR_NAME NEW_NAME [--json]` and `rung dataset delete ID_OR_NAME
// [--with-judgments] [--yes]`: the Data page's datasets table in a terminal, its rename and its delete, through the
// contract like every other command.
import type { Result } from '../api/contract';
import { deletionPlanWords } from '../api/deletion-words';
import { UsageError, type ParsedCommand } from './args';
import type { Contract } from './contract-call';
import { datasetResolver } from './run-commands';

type Dataset = Result<'listDatasets'>[number];

const out = (line: string) => process.stdout.write(line.endsWith('\n') ? line : `${line}\n`);

const counted = (n: number, what: string) => `${n} ${what}${n === 1 ? '' : 's'}`;

function printDataset(d: Dataset): void {
  const unfinished = d.complete ? '' : ' — copy not finished (import the file again)';
  out(`${d.id}  "${d.name}" (${d.format}, ${d.fileName}): ${counted(d.comparisons, 'comparison')}, ${counted(d.judgments, 'imported judgment')}, ${counted(d.appVerdicts, 'verdict')} in Rung, imported ${d.importedAt}${unfinished}`);
}

export async function runDataset(command: ParsedCommand, contract: Contract): Promise<void> {
  const [action, nameOrId, newName] = command.positionals;
  if (action === 'list') {
    if (nameOrId !== undefined) throw new UsageError(`rung dataset list takes no other argument\nusage: ${command.spec.usage}`);
    const datasets = await contract((call) => call('listDatasets', {}));
    if (command.values.json) return void out(JSON.stringify(datasets, null, 2));
    if (datasets.length === 0) return void out('no datasets yet: rung import FILE');
    for (const d of datasets) printDataset(d);
    return;
  }
  if (action === 'delete') {
    if (nameOrId === undefined || newName !== undefined) throw new UsageError(`give the dataset to delete (its id or name), and nothing else\nusage: ${command.spec.usage}`);
    return deleteDataset(command, contract, nameOrId);
  }
  if (action !== 'rename') throw new UsageError(`rung dataset takes list, rename or delete, got "${action}"\nusage: ${command.spec.usage}`);
  if (nameOrId === undefined || newName === undefined) throw new UsageError(`give the dataset (its id or name) and its new name\nusage: ${command.spec.usage}`);
  const renamed = await contract(async (call) => {
    const found = datasetResolver(await call('listDatasets', {}))(nameOrId);
    if (!found.ok) throw new UsageError(found.message);
    return call('renameDataset', { datasetId: found.value, name: newName }, { name: 'NEW_NAME' });
  });
  if (command.values.json) return void out(JSON.stringify(renamed, null, 2));
  printDataset(renamed);
}

/** Without --yes: the plan, and a usage error saying to add it. With it: the deletion (the contract's refusal as any other). */
async function deleteDataset(command: ParsedCommand, contract: Contract, nameOrId: string): Promise<void> {
  const yes = command.values.yes === true;
  const withJudgments = command.values['with-judgments'] === true;
  const done = await contract(async (call) => {
    const found = datasetResolver(await call('listDatasets', {}))(nameOrId);
    if (!found.ok) throw new UsageError(found.message);
    if (yes) return call('deleteDataset', { datasetId: found.value, withJudgments }, { withJudgments: 'with-judgments' });
    const plan = await call('datasetDeletionPlan', { datasetId: found.value });
    if (command.values.json) out(JSON.stringify(plan, null, 2));
    else for (const line of [`deleting dataset "${plan.name}" (${plan.fileName}):`, ...deletionPlanWords(plan)]) out(line);
    const also = plan.otherVerdicts > 0 && !withJudgments ? ' and --with-judgments' : '';
    throw new UsageError(`nothing deleted: add --yes${also} to delete it`);
  });
  if (command.values.json) return void out(JSON.stringify(done, null, 2));
  out(
    `deleted: ${counted(done.comparisons, 'comparison')}, ${counted(done.judgments, 'judgment')}, ${counted(done.flags, 'flag')}, ` +
      `${counted(done.prompts, 'prompt')}, ${counted(done.responses, 'response')}; ${counted(done.keptComparisons, 'shared comparison')} kept with the other datasets`,
  );
}
