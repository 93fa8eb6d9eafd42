// `rung filters list|delete`: the record browser's saved filters (what `rung assign --filter` draws from), listed with
// their filter in words and what they match now, or one deleted by name. Parsing and printing; the work is the contract's.
import type { Result } from '../api/contract';
import { UsageError, type ParsedCommand } from './args';
import type { Contract } from './contract-call';

const out = (line: string) => process.stdout.write(line.endsWith('\n') ? line : `${line}\n`);

/** One saved filter as `rung filters list` prints it: name, words, matches, who saved it when, the assignments drawn from it. */
export function filterLines(f: Result<'listRecordFilters'>[number]): string[] {
  const matches = f.matches === null ? 'matches: too many to count here' : `matches ${f.matches.toLocaleString('en-US')} comparison${f.matches === 1 ? '' : 's'} now`;
  const lines = [`${f.name}: ${f.words}`, `  ${matches}; saved by ${f.savedBy} on ${f.savedAt}`];
  if (f.assignments.length > 0) lines.push(`  assignments drawn from it: ${f.assignments.map((a) => `"${a}"`).join(', ')}`);
  return lines;
}

export async function runFilters(command: ParsedCommand, contract: Contract): Promise<void> {
  const [action, name] = command.positionals;
  const usage = `usage: ${command.spec.usage}`;
  if (action === 'list') {
    if (name !== undefined) throw new UsageError(`rung filters list takes no NAME\n${usage}`);
    const filters = await contract((call) => call('listRecordFilters', {}));
    if (command.values.json) return void out(JSON.stringify(filters, null, 2));
    if (filters.length === 0) return void out('no saved filters (save one in the Data page\'s record browser)');
    for (const f of filters) for (const line of filterLines(f)) out(line);
  } else if (action === 'delete') {
    if (name === undefined) throw new UsageError(`say which filter: rung filters delete NAME\n${usage}`);
    const result = await contract((call) => call('deleteRecordFilter', { name, actor: 'cli' }, { name: 'NAME' }));
    if (command.values.json) return void out(JSON.stringify(result, null, 2));
    const kept = result.assignments.length === 0 ? '' : `; ${result.assignments.map((a) => `"${a}"`).join(', ')} keep${result.assignments.length === 1 ? 's' : ''} the comparisons drawn from it`;
    out(`deleted saved filter "${name.trim()}"${kept}`);
  } else {
    throw new UsageError(`${action === undefined ? 'say what to do' : `unknown filters action "${action}"`}: list or delete\n${usage}`);
  }
}
