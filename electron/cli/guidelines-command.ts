// `rung guidelines show|set (--dataset DATASET | --run RUN --layer K) [--file FILE.md] [--json]`: prints a dataset's or
// a run layer's guidelines (the Markdown as written), or stores a Markdown file as them, through the contract.
import { readFileSync } from 'node:fs';
import { RungError } from '../api/errors';
import { UsageError, type ParsedCommand } from './args';
import type { Contract } from './contract-call';
import { numeric, text } from './options';
import { datasetResolver } from './run-commands';

const out = (line: string) => process.stdout.write(line.endsWith('\n') ? line : `${line}\n`);

/** The file's text; a file that cannot be read is refused naming it. */
function readMarkdown(path: string): string {
  try {
    return readFileSync(path, 'utf8');
  } catch (error) {
    throw new RungError('BAD_INPUT', `--file ${path}: cannot read it (${(error as NodeJS.ErrnoException).code ?? (error as Error).message})`);
  }
}

export async function runGuidelines(command: ParsedCommand, contract: Contract): Promise<void> {
  const v = command.values;
  const [action] = command.positionals;
  const usage = `\nusage: ${command.spec.usage}`;
  if (action !== 'show' && action !== 'set') throw new UsageError(`rung guidelines takes show or set, got "${action ?? ''}"${usage}`);
  if ((v.run === undefined) === (v.dataset === undefined)) throw new UsageError(`give --dataset DATASET, or --run RUN with --layer K${usage}`);
  if ((v.run === undefined) !== (v.layer === undefined)) throw new UsageError(`--layer goes with --run${usage}`);
  if (action === 'set' && v.file === undefined) throw new UsageError(`rung guidelines set needs --file FILE.md${usage}`);
  if (action === 'show' && v.file !== undefined) throw new UsageError(`--file goes with set${usage}`);
  const markdown = action === 'set' ? readMarkdown(text(v.file)!) : undefined;
  const found = await contract(async (call) => {
    let target;
    if (v.dataset !== undefined) {
      const dataset = datasetResolver(await call('listDatasets', {}))(text(v.dataset)!);
      if (!dataset.ok) throw new UsageError(dataset.message);
      target = { datasetId: dataset.value };
    } else target = { runId: (await call('findRun', { idOrName: text(v.run) })).id, layer: numeric(v.layer) };
    return markdown === undefined ? call('getGuidelines', target) : [await call('setGuidelines', { ...target, text: markdown })];
  });
  if (v.json) return void out(JSON.stringify(markdown === undefined ? found : found[0], null, 2));
  if (markdown !== undefined) {
    const g = found[0];
    return void out(g.text.trim() === '' ? `removed the guidelines of ${g.label}` : `stored the guidelines of ${g.label}: ${Buffer.byteLength(g.text)} bytes, by ${g.writtenBy} at ${g.writtenAt}`);
  }
  if (found.length === 0) return void process.stderr.write(`no guidelines written for this ${v.dataset !== undefined ? 'dataset' : 'layer'} (rung guidelines set … --file FILE.md)\n`);
  out(found[0].text);
}
