// Parquet import sources (hyparquet): a file recognised by its magic bytes, read by byte ranges, its rows one row group
// at a time as the objects a JSONL line would give (column name → value; lists and structs as arrays and objects).
import { parquetMetadataAsync, parquetReadObjects, type AsyncBuffer, type FileMetaData, type ParquetParsers } from 'hyparquet';
import { compressors } from 'hyparquet-compressors';
import { importError } from './errors';
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

/** Reads the footer: a file that does not end in it (cut short), whose footer does not parse, or with a row group over
 *  `maxRowGroupBytes` is refused, naming the file. */
export async function openParquet(buffer: AsyncBuffer, file: string, maxRowGroupBytes = MAX_ROW_GROUP_BYTES): Promise<ParquetSource> {
  if (buffer.byteLength < 12 || !hasParquetMagic(new Uint8Array(await buffer.slice(buffer.byteLength - 4)))) {
    throw importError(file, null, null, 'not a valid Parquet file: it opens with PAR1 but does not end with it (the file is cut short?)');
  }
  let metadata: FileMetaData;
  try {
    metadata = await parquetMetadataAsync(buffer);
  } catch (error) {
    throw importError(file, null, null, `not a valid Parquet file: its footer cannot be read (${reason(error)})`);
  }
  const mib = (bytes: number) => `${(bytes / 2 ** 20).toFixed(1)} MiB`;
  for (const [index, group] of metadata.row_groups.entries()) {
    const bytes = Number(group.total_byte_size);
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

/** The file's rows in order, each with its number counted from 1; one row group is held in memory at a time, and only
 * its first rows are decoded when `rowLimit` ends the reading there (a preview). */
export async function* parquetRows({ metadata, buffer }: ParquetSource, file: string, rowLimit = Infinity): AsyncGenerator<{ line: number; obj: JsonObject }> {
  let groupStart = 0;
  for (const [index, group] of metadata.row_groups.entries()) {
    if (groupStart >= rowLimit) return;
    const groupEnd = Math.min(groupStart + Number(group.num_rows), rowLimit);
    let rows: Record<string, unknown>[];
    try {
      rows = await parquetReadObjects({ file: buffer, metadata, rowStart: groupStart, rowEnd: groupEnd, compressors, parsers });
    } catch (error) {
      throw importError(file, null, null, `not a valid Parquet file: row group ${index + 1} (rows ${groupStart + 1} to ${groupEnd}) cannot be read (${reason(error)})`);
    }
    for (const [i, row] of rows.entries()) {
      const line = groupStart + i + 1;
      let obj: JsonObject;
      try {
        // own keys even for a column named __proto__, as a JSON record's
        obj = Object.fromEntries(Object.entries(row).map(([column, value]) => [column, jsonValue(value, column)]));
      } catch (error) {
        if (error instanceof CellError) throw importError(file, line, error.path, error.message, 'row');
        throw error;
      }
      yield { line, obj };
    }
    groupStart = groupEnd;
  }
}
