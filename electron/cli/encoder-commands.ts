// `rung encoder add|list|remove` and `rung embed`: register, list and remove pretrained encoder folders; print the
// pooled vector of each text of a JSONL file. Parsing and printing; the work is the contract's.
import { encoderFolderWords } from '../api/encoders';
import { UsageError, type ParsedCommand } from './args';
import type { Contract } from './contract-call';
import { text } from './options';

const out = (line: string) => process.stdout.write(line.endsWith('\n') ? line : `${line}\n`);
const mb = (bytes: number) => `${(bytes / 1e6).toFixed(1)} MB`;

export async function runEncoder(command: ParsedCommand, contract: Contract): Promise<void> {
  const [action, argument] = command.positionals;
  const v = command.values;
  const usage = `usage: ${command.spec.usage}`;
  if (action === 'add') {
    if (argument === undefined) throw new UsageError(`say which folder: rung encoder add DIR\n${usage}`);
    const e = await contract((call) => call('addEncoder', { path: argument, name: text(v.name), actor: 'cli' }, { path: 'DIR' }));
    if (v.json) return void out(JSON.stringify(e, null, 2));
    out(`added encoder "${e.name}": ${e.architecture}, ${e.hiddenSize} dimensions, vocabulary ${e.vocabSize}, ${e.maxPositions} positions, ${mb(e.bytes)}, checksum ${e.checksum}`);
  } else if (action === 'list') {
    if (argument !== undefined || v.name !== undefined) throw new UsageError(`rung encoder list takes no folder or --name\n${usage}`);
    const list = await contract((call) => call('listEncoders', {}));
    if (v.json) return void out(JSON.stringify(list, null, 2));
    if (list.length === 0) return void out('no encoders registered: add one with `rung encoder add DIR`');
    for (const e of list)
      out(`${e.name}  ${e.architecture}  dim ${e.hiddenSize}  vocab ${e.vocabSize}  positions ${e.maxPositions}  ${mb(e.bytes)}  cached ${e.cachedEmbeddings}  ${e.checksum.slice(0, 12)}  ${encoderFolderWords(e)}`);
  } else if (action === 'remove') {
    if (argument === undefined) throw new UsageError(`say which encoder: rung encoder remove NAME\n${usage}`);
    const r = await contract((call) => call('removeEncoder', { name: argument, actor: 'cli' }));
    if (v.json) return void out(JSON.stringify(r, null, 2));
    out(`removed encoder "${r.name}" (${r.embeddingsDeleted} cached embeddings deleted)`);
  } else {
    throw new UsageError(`${action === undefined ? 'say what to do' : `unknown encoder action "${action}"`}: add, list or remove\n${usage}`);
  }
}

/** Prints one line per text line of the file: its vector (numbers separated by spaces), or with --json {"text", "embedding"}. */
export async function runEmbed(command: ParsedCommand, contract: Contract): Promise<void> {
  const v = command.values;
  const encoder = text(v.encoder), file = text(v.file);
  if (encoder === undefined || file === undefined) throw new UsageError(`--encoder and --file are both needed\nusage: ${command.spec.usage}`);
  await contract((call) => call('embedFile', { encoder, path: file, json: v.json === true }, { path: 'file' }));
}
