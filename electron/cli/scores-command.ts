// `rung scores import FILE --name NAME [--run RUN --layer K] [--skip-unmatched] [--db PATH] [--json]`: a lab's own
// reward model's scores (JSONL, see README "Scores from a lab's own models") become an external model, through the contract.
import { UsageError, type ParsedCommand } from './args';
import type { Contract } from './contract-call';
import { numeric, text } from './options';

const out = (line: string) => process.stdout.write(line.endsWith('\n') ? line : `${line}\n`);

export async function runScores(command: ParsedCommand, contract: Contract): Promise<void> {
  const v = command.values;
  const [action, file] = command.positionals;
  const usage = `\nusage: ${command.spec.usage}`;
  if (action !== 'import') throw new UsageError(`${action === undefined ? 'say what to do' : `unknown scores action "${action}"`}: import${usage}`);
  if (file === undefined) throw new UsageError(`the scores file is required${usage}`);
  if (v.name === undefined) throw new UsageError(`--name NAME is required: the name the model goes by in Rung${usage}`);
  if ((v.run === undefined) !== (v.layer === undefined)) throw new UsageError(`--run and --layer go together: the model becomes that layer's active model${usage}`);
  const summary = await contract(async (call) => {
    const runId = v.run === undefined ? undefined : (await call('findRun', { idOrName: text(v.run) })).id;
    return call('importScores', { source: { kind: 'path', path: file }, name: text(v.name), runId, layer: numeric(v.layer), skipUnmatched: v['skip-unmatched'] === true }, { source: 'FILE' });
  });
  if (v.json) return void out(JSON.stringify(summary, null, 2));
  const where = summary.layer === null ? "the database's active model (outside any run)" : `the active model of layer ${summary.layer} of run ${text(v.run)}`;
  const skipped = summary.unmatched ? `; ${summary.unmatched} line${summary.unmatched === 1 ? '' : 's'} skipped (no such comparison stored)` : '';
  out(`${file}: ${summary.scores} comparison${summary.scores === 1 ? '' : 's'} scored by external model "${summary.name}" (${summary.modelId}), now ${where}${skipped}`);
}
