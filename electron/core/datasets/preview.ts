// The start of a file to import, for a column mapping: its first records' fields and values as short text. Reads only
// as far as those records (and one more), with the import's own record splitter and strict parse, so a file the import
// would refuse there is refused with the same `file:line` message. A Parquet file is read by its footer and first row
// group, so it is previewed only whole (by path, or uploaded whole).
import { closeSync, openSync, readSync } from 'node:fs';
import { basename } from 'node:path';
import type { Result } from '../../api/contract';
import { PREVIEW_HEAD_BYTES } from '../../api/limits';
import { importError } from './errors';
import { sourceObjects } from './import';
import { hasParquetMagic } from './parquet';
import type { JsonObject } from './record';
import { BLANK_INPUT_LIMIT } from './records';
import { openSource, type ImportInput } from './source';

export type ImportPreview = Result<'previewImport'>;
type Cell = NonNullable<ImportPreview['records'][number]['cells'][number]>;

/** Characters of a value shown in a preview cell. */
export const PREVIEW_CHARS = 200;

function shortText(text: string): string {
  if (text.length <= PREVIEW_CHARS) return text;
  const cut = text.slice(0, PREVIEW_CHARS - 1);
  // never end on half a surrogate pair
  const high = cut.charCodeAt(cut.length - 1);
  return `${high >= 0xd800 && high <= 0xdbff ? cut.slice(0, -1) : cut}…`;
}

function cellOf(value: unknown): Cell {
  const text = shortText(typeof value === 'string' ? value : JSON.stringify(value));
  const scalar = value === null || typeof value === 'number' || typeof value === 'boolean' || (typeof value === 'string' && value.length <= PREVIEW_CHARS);
  return scalar ? { text, value: value as Cell['value'] } : { text };
}

export interface PreviewOptions {
  records: number;
  /** The input is only the file's first bytes: its last record may be cut off (and a gzip stream end early), so it is not shown. */
  partial: boolean;
}

type Shown = { line: number; obj: JsonObject };

/** An input's first bytes, enough for a magic number (none when its file cannot be read: opening it says why). */
function headOf(input: ImportInput): Uint8Array {
  if ('bytes' in input) return input.bytes;
  let fd: number | undefined;
  try {
    fd = openSync(input.path, 'r');
    const head = Buffer.alloc(4);
    return head.subarray(0, readSync(fd, head, 0, head.length, 0));
  } catch {
    return new Uint8Array(0);
  } finally {
    if (fd !== undefined) closeSync(fd);
  }
}

export async function previewImport(input: ImportInput, options: PreviewOptions): Promise<ImportPreview> {
  if (options.partial && hasParquetMagic(headOf(input))) {
    const name = 'bytes' in input ? input.fileName : (input.name ?? input.path);
    throw importError(basename(name), null, null, `a Parquet file keeps its footer at its end, so only a whole file can be previewed, not its first ${PREVIEW_HEAD_BYTES / 1024} KiB; use the desktop app or \`rung import FILE --format mapped …\``);
  }
  const source = await openSource(input);
  const file = source.fileName;
  // one record past those shown, as the loop below reads
  const { unit, objects: raws } = sourceObjects(source, BLANK_INPUT_LIMIT, options.records + 1);
  const objects: Shown[] = [];
  const take = (shown: Shown) => objects.push(shown);
  try {
    // Each record is shown once the reader has gone past it. In a partial input, a record that ends the input may be a
    // JSONL line cut short, so it is not shown; a failure past a record is the input's cut end (a gzip stream, an array).
    let held: Shown | null = null;
    while (objects.length < options.records) {
      let next: IteratorResult<Shown>;
      try {
        next = await raws.next();
      } catch (error) {
        if (!options.partial) throw error;
        if (held) take(held);
        break;
      }
      if (next.done) {
        if (held && !options.partial) take(held);
        break;
      }
      if (held) take(held);
      held = next.value;
    }
  } finally {
    await raws.return(undefined);
    source.close();
  }
  if (objects.length === 0) {
    throw importError(file, null, null, options.partial ? `its first ${PREVIEW_HEAD_BYTES / 1024} KiB hold no whole record` : 'the file holds no records');
  }
  const fields: string[] = [];
  const known = new Set<string>();
  for (const { obj } of objects) {
    for (const field of Object.keys(obj)) {
      if (!known.has(field)) fields.push(field);
      known.add(field);
    }
  }
  return {
    fileName: file,
    unit,
    fields,
    records: objects.map(({ line, obj }) => ({ line, cells: fields.map((field) => (Object.hasOwn(obj, field) ? cellOf(obj[field]) : null)) })),
  };
}
