// Parquet import sources (hyparquet): a file recognised by its magic bytes, read by byte ranges, its rows one row group
// at a time as the objects a JSONL line would give (column name → value; lists and structs as arrays and objects).
import { parquetMetadataAsync, parquetRead, parquetSchema, type AsyncBuffer, type DecodedArray, type FileMetaData, type ParquetParsers, type SchemaTree } from 'hyparquet';
import { compressors } from 'hyparquet-compressors';
import { importError } from './errors';
import { checkPageHeaders } from './parquet-pages';
import type { JsonObject } from './record';
import { parseStrictJson, StrictJsonError } from '../strict-json';

/** The four bytes that open and close every Parquet file. */
const MAGIC = [0x50, 0x41, 0x52, 0x31]; // "PAR1"

/** Whether bytes open (or, given the file's last bytes, close) a Parquet file. */
export const hasParquetMagic = (bytes: Uint8Array): boolean => bytes.length >= 4 && MAGIC.every((b, i) => bytes[i] === b);

export interface ParquetSource {
  metadata: FileMetaData;
  buffer: AsyncBuffer;
  /** Sum of the row groups' uncompressed sizes, for the disk-space check. */
  uncompressedSize: number;
}

const reason = (error: unknown): string => (error instanceof Error ? error.message : String(error));

/** A row group is decoded whole; one declaring more uncompressed bytes than this is refused before anything is read
 *  (its rows as objects take a few times that in memory; a crafted file could otherwise ask for any amount). */
export const MAX_ROW_GROUP_BYTES = 512 * 2 ** 20;

/** A column, or a field of a struct column, named twice among its siblings: its path (`a.b`), or null. Rows are
 *  objects keyed by name, so one would hide the other (as a JSON record's repeated key, refused there too). */
function repeatedName(node: SchemaTree): string | null {
  const seen = new Set<string>();
  for (const child of node.children) {
    if (seen.has(child.element.name)) return child.path.join('.');
    seen.add(child.element.name);
    const inner = repeatedName(child);
    if (inner) return inner;
  }
  return null;
}

/** Reads the footer: a file that does not end in it (cut short), whose footer does not parse, that names a column
 *  twice, whose row groups state a row count that is not a count, or with a row group over `maxRowGroupBytes` is
 *  refused, naming the file. */
export async function openParquet(buffer: AsyncBuffer, file: string, maxRowGroupBytes = MAX_ROW_GROUP_BYTES): Promise<ParquetSource> {
  if (buffer.byteLength < 12 || !hasParquetMagic(new Uint8Array(await buffer.slice(buffer.byteLength - 4)))) {
    throw importError(file, null, null, 'not a valid Parquet file: it opens with PAR1 but does not end with it (the file is cut short?)');
  }
  let metadata: FileMetaData;
  let schema: SchemaTree;
  try {
    metadata = await parquetMetadataAsync(buffer);
    schema = parquetSchema(metadata);
  } catch (error) {
    throw importError(file, null, null, `not a valid Parquet file: its footer cannot be read (${reason(error)})`);
  }
  const repeated = repeatedName(schema);
  if (repeated) throw importError(file, null, null, `not a valid Parquet file: it has two columns named ${JSON.stringify(repeated)}`);
  const mib = (bytes: number) => `${(bytes / 2 ** 20).toFixed(1)} MiB`;
  for (const [index, group] of metadata.row_groups.entries()) {
    const rows = Number(group.num_rows);
    const bytes = Number(group.total_byte_size);
    // a row group of no rows is not read: one whose columns say they hold values would lose them without a word
    const holdsValues = rows === 0 && group.columns.some((chunk) => Number(chunk.meta_data?.num_values) > 0);
    if (!(Number.isSafeInteger(rows) && rows >= 0) || holdsValues || bytes < 0) {
      throw importError(file, null, null, `not a valid Parquet file: row group ${index + 1} states ${group.num_rows} rows of ${group.total_byte_size} bytes${holdsValues ? ', yet its columns hold values' : ''}`);
    }
    if (!(bytes <= maxRowGroupBytes)) {
      throw importError(file, null, null, `row group ${index + 1} holds ${mib(bytes)} uncompressed, more than the ${mib(maxRowGroupBytes)} an import reads at once: write the file with smaller row groups (e.g. pyarrow's row_group_size)`);
    }
  }
  const uncompressedSize = metadata.row_groups.reduce((sum, group) => sum + Number(group.total_byte_size), 0);
  return { metadata, buffer, uncompressedSize };
}

/** A cell JSON cannot hold, at its path within the row. */
class CellError extends Error {
  constructor(
    readonly path: string,
    message: string,
  ) {
    super(message);
  }
}

/** A text cell that cannot be read as its JSON record would be (invalid UTF-8, JSON the strict parse refuses): refused where it is met. */
class BadCell {
  constructor(
    readonly message: string,
    /** Where within the cell's JSON, if there. */
    readonly within = '',
  ) {}
}

const utf8 = new TextDecoder('utf-8', { fatal: true });
const textOf = (bytes: Uint8Array): string | BadCell => {
  try {
    return utf8.decode(bytes);
  } catch {
    return new BadCell('invalid UTF-8 text');
  }
};

/** Text and JSON columns read as strictly as a JSON record's values (hyparquet's own would replace bad bytes and keep a duplicate key's last value). */
const parsers: Partial<ParquetParsers> = {
  stringFromBytes: (bytes) => bytes && textOf(bytes),
  jsonFromBytes: (bytes) => {
    if (!bytes) return bytes;
    const text = textOf(bytes);
    if (text instanceof BadCell) return text;
    try {
      return parseStrictJson(text);
    } catch (error) {
      if (error instanceof StrictJsonError) return new BadCell(error.message, error.path);
      throw error;
    }
  },
};

/** A cell as JSON would hold it; a value JSON cannot (a 64-bit integer beyond 2^53, a float that is not finite, bytes) is refused. */
function jsonValue(value: unknown, path: string): unknown {
  if (value === undefined) return null;
  if (value instanceof BadCell) throw new CellError(!value.within ? path : value.within.startsWith('[') ? `${path}${value.within}` : `${path}.${value.within}`, value.message);
  if (typeof value === 'bigint') {
    if (value > BigInt(Number.MAX_SAFE_INTEGER) || value < BigInt(Number.MIN_SAFE_INTEGER)) throw new CellError(path, `integer ${value} is beyond 2^53 and cannot be read exactly`);
    return Number(value);
  }
  if (typeof value === 'number' && !Number.isFinite(value)) throw new CellError(path, `${value} (not a finite number)`);
  if (value instanceof Date) return value.toISOString();
  if (value instanceof Uint8Array) throw new CellError(path, 'binary data, not text');
  if (Array.isArray(value)) return value.map((item, i) => jsonValue(item, `${path}[${i}]`));
  if (value !== null && typeof value === 'object') return Object.fromEntries(Object.entries(value).map(([key, item]) => [key, jsonValue(item, `${path}.${key}`)]));
  return value;
}

/** A row group's first `count` rows, column by column in the schema's order (each column's values decoded by hyparquet,
 *  lists and structs assembled). hyparquet's own rows would be as many as the row group states, whatever its columns
 *  hold (a file stating 2^31 rows would make that many objects); here a column that holds fewer values than asked,
 *  or, read whole, more than the row group states, refuses the file. */
async function readColumns({ metadata, buffer }: ParquetSource, file: string, index: number, groupStart: number, count: number): Promise<[string, DecodedArray][]> {
  const group = metadata.row_groups[index];
  const where = `row group ${index + 1} (rows ${groupStart + 1} to ${groupStart + count})`;
  const chunks = new Map<string, DecodedArray[]>(); // each column's, in row order from the group's start
  try {
    await checkPageHeaders(buffer, group);
    await parquetRead({
      file: buffer,
      metadata,
      rowStart: groupStart,
      rowEnd: groupStart + count,
      compressors,
      parsers,
      onChunk: ({ columnName, columnData }) => chunks.set(columnName, [...(chunks.get(columnName) ?? []), columnData]),
    });
  } catch (error) {
    throw importError(file, null, null, `not a valid Parquet file: ${where} cannot be read (${reason(error)})`);
  }
  const whole = count === Number(group.num_rows);
  return parquetSchema(metadata).children.map(({ element: { name } }): [string, DecodedArray] => {
    const list = chunks.get(name) ?? [];
    const held = list.reduce((sum, values) => sum + values.length, 0);
    const column = `not a valid Parquet file: ${where}: column ${JSON.stringify(name)}`;
    if (held < count) throw importError(file, null, null, `${column} has values for only ${held} of the ${group.num_rows} rows the row group states`);
    if (whole && held > count) throw importError(file, null, null, `${column} has ${held} values, more than the ${group.num_rows} rows the row group states`);
    return [name, list.length === 1 ? list[0] : list.flatMap((values) => Array.from(values as ArrayLike<unknown>))];
  });
}

/** The file's rows in order, each with its number counted from 1; one row group is held in memory at a time, and only
 * its first rows are decoded when `rowLimit` ends the reading there (a preview). */
export async function* parquetRows(source: ParquetSource, file: string, rowLimit = Infinity): AsyncGenerator<{ line: number; obj: JsonObject }> {
  let groupStart = 0;
  for (const [index, group] of source.metadata.row_groups.entries()) {
    if (groupStart >= rowLimit) return;
    const count = Math.min(Number(group.num_rows), rowLimit - groupStart);
    const columns = count > 0 ? await readColumns(source, file, index, groupStart, count) : [];
    for (let i = 0; i < count; i++) {
      const line = groupStart + i + 1;
      let obj: JsonObject;
      try {
        // own keys even for a column named __proto__, as a JSON record's
        obj = Object.fromEntries(columns.map(([column, values]) => [column, jsonValue(values[i], column)]));
      } catch (error) {
        if (error instanceof CellError) throw importError(file, line, error.path, error.message, 'row');
        throw error;
      }
      yield { line, obj };
    }
    groupStart += count;
  }
}
