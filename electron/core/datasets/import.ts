// Imports one dataset file: streams and validates every record into a staging file, then copies it into the store
// (in short transactions, the dataset marked complete by the last: db/dataset-import.ts). Any bad record refuses the
// whole file with `file:line: field: message` (`file:row N: …` for a Parquet file's row), before anything is written to
// the store. A Parquet file's rows go through the same format readers as JSON records.
import { tmpdir } from 'node:os';
import { dirname } from 'node:path';
import type { Store } from '../store';
import { RungError } from '../../api/errors';
import type { ImportFormat, Result } from '../../api/contract';
import { copyStagedDataset, datasetIdByHash, type CopyCounts } from '../db/dataset-import';
import { uuidFromHash } from '../ids';
import { FieldError, importError, placeOf, type RecordUnit } from './errors';
import { detectFormat, formatByName, formats, type ImportFormatReader } from './formats';
import { mappedFormat } from './formats/mapped';
import type { ColumnMapping } from '../../api/import-mapping';
import type { JsonObject } from './record';
import { BLANK_INPUT_LIMIT, jsonArrayElements, jsonLines, tooMuchBlank, type RawRecord } from './records';
import { parquetRows } from './parquet';
import { datasetNameOf, openSource, type ImportInput, type OpenedSource } from './source';
import { Staging } from './staging';
import { ensureRoomForImport, type FreeBytes } from './disk-space';
import { parseStrictJson, StrictJsonError } from '../strict-json';

export interface ImportOptions {
  format?: ImportFormat | 'auto';
  /** With format mapped: which fields hold the prompt, the responses and the label. */
  mapping?: ColumnMapping;
  /** Who is importing, for the audit log. */
  actor?: string;
  /** Told how far the import is, about 5 times a second while reading and once when writing to the store starts. */
  onProgress?: (progress: ImportProgress) => void;
  /** Bytes of blank input without a record after which reading stops (default BLANK_INPUT_LIMIT). */
  blankInputLimit?: number;
  /** A Parquet file's largest row group in uncompressed bytes (default MAX_ROW_GROUP_BYTES). */
  maxRowGroupBytes?: number;
  /** How much disk is free at a folder (default: fs.statfs), asked before anything is written. */
  freeBytes?: FreeBytes;
  /** How long each of the copy's transactions waits in all for another writer before the import fails with BUSY
   *  (default COPY_BUSY_DEADLINE_MS). */
  busyDeadlineMs?: number;
}

/** Where an import stands: the contract's getImportProgress value (records read, raw bytes read of the source's size). */
export type ImportProgress = NonNullable<Result<'getImportProgress'>>;

const PROGRESS_MS = 200;

/** What an import did: the contract's importDataset result. */
export type ImportSummary = Result<'importDataset'>;

const MAX_WARNINGS = 100;

/** Picks the record splitter from the first meaningful byte: `[` is a JSON array, anything else JSONL. */
export async function* records(chunks: AsyncIterable<Uint8Array>, file: string, blankLimit: number): AsyncGenerator<RawRecord> {
  const iterator = chunks[Symbol.asyncIterator]();
  const buffered: Uint8Array[] = [];
  let bufferedBytes = 0;
  let firstByte: number | undefined;
  while (firstByte === undefined) {
    if (bufferedBytes > blankLimit) throw tooMuchBlank(file, 1, blankLimit);
    const next = await iterator.next();
    if (next.done) break;
    buffered.push(next.value);
    bufferedBytes += next.value.length;
    firstByte = next.value.find((b) => !(b === 0x20 || b === 0x09 || b === 0x0a || b === 0x0d || b === 0xef || b === 0xbb || b === 0xbf));
  }
  const replay = (async function* () {
    yield* buffered;
    for (;;) {
      const next = await iterator.next();
      if (next.done) return;
      yield next.value;
    }
  })();
  yield* firstByte === 0x5b ? jsonArrayElements(replay, file, blankLimit) : jsonLines(replay, file, blankLimit);
}

export function parseRecord(raw: RawRecord, file: string): JsonObject {
  let value: unknown;
  try {
    value = parseStrictJson(raw.text.charCodeAt(0) === 0xfeff ? raw.text.slice(1) : raw.text);
  } catch (error) {
    if (error instanceof StrictJsonError) throw importError(file, raw.line + error.line - 1, error.path || null, error.message);
    throw error;
  }
  if (!value || typeof value !== 'object' || Array.isArray(value)) {
    const kind = value === null ? 'null' : Array.isArray(value) ? 'an array' : typeof value === 'string' ? 'a string' : typeof value === 'number' ? 'a number' : String(value);
    throw importError(file, raw.line, null, `expected a JSON object, got ${kind}`);
  }
  return value as JsonObject;
}

/** A source's records as objects, each with its line (its row, counted from 1, in a Parquet file), and which of the two
 * it counts. JSON records are split off one by one as they are asked for; a Parquet file's are decoded a row group at a
 * time, so a reader that stops early (a preview) says where: `rowLimit`. */
export function sourceObjects(
  source: OpenedSource,
  blankLimit: number,
  rowLimit = Infinity,
): { unit: RecordUnit; objects: AsyncGenerator<{ line: number; obj: JsonObject }> } {
  const file = source.fileName;
  if (source.parquet) return { unit: 'row', objects: parquetRows(source.parquet, file, rowLimit) };
  return {
    unit: 'line',
    objects: (async function* () {
      for await (const raw of records(source.chunks, file, blankLimit)) yield { line: raw.line, obj: parseRecord(raw, file) };
    })(),
  };
}

/** The reader a named format gives (a mapped one built from its mapping); null for auto detection. */
function readerOf({ format, mapping }: ImportOptions): ImportFormatReader | null {
  if (format === 'mapped') {
    if (!mapping) throw new Error('format mapped without a mapping'); // the contract refuses it first
    return mappedFormat(mapping);
  }
  return format && format !== 'auto' ? formatByName(format) : null;
}

export async function importDataset(store: Store, input: ImportInput, options: ImportOptions = {}): Promise<ImportSummary> {
  const source = await openSource(input, options.maxRowGroupBytes);
  const file = source.fileName;
  const name = datasetNameOf(file);
  const places = [{ dir: tmpdir(), what: 'the staging copy' }, ...(store.path === ':memory:' ? [] : [{ dir: dirname(store.path), what: 'the database' }])];
  try {
    ensureRoomForImport(file, source.uncompressedSize, places, options.freeBytes);
  } catch (error) {
    source.close();
    throw error;
  }
  const staging = new Staging(store.nativeBinding);
  try {
    let reader: ImportFormatReader | null = readerOf(options);
    const warnings: string[] = [];
    let warningCount = 0;
    let embeddingDim: number | null = null;
    let skipped = 0;
    let lastProgress = performance.now();
    const progress = (phase: ImportProgress['phase']) =>
      options.onProgress?.({ phase, records: staging.records, bytes: source.rawBytesRead(), totalBytes: source.rawSize });

    const { unit, objects } = sourceObjects(source, options.blankInputLimit ?? BLANK_INPUT_LIMIT);
    for await (const { line, obj } of objects) {
      if (!reader) {
        reader = detectFormat(obj);
        if (!reader) {
          const expected = formats.map((f) => `${f.name} (${f.signature})`).join('; ');
          throw importError(file, line, null, `cannot detect the format from fields [${Object.keys(obj).join(', ')}]; expected one of: ${expected}`, unit);
        }
      }
      const context = {
        datasetName: name,
        embeddingDim,
        warn: (field: string, message: string) => {
          warningCount++;
          if (warnings.length < MAX_WARNINGS) warnings.push(`${placeOf(file, line, unit)}: ${field}: ${message}`);
        },
      };
      let record;
      try {
        record = reader.read(obj, context);
      } catch (error) {
        if (error instanceof FieldError) throw importError(file, line, error.field, error.message, unit);
        throw error;
      }
      if (record.responseA === record.responseB) {
        // a response compared with itself tells nothing and would waste an evaluator's time (HH-RLHF has such pairs)
        skipped++;
        context.warn(reader.responseFields[1], `the same text as ${reader.responseFields[0]}: nothing to compare; record skipped`);
        continue;
      }
      if (record.embeddingA) embeddingDim = record.embeddingA.length;
      staging.add(record, line);
      if (options.onProgress && staging.records % 1000 === 0 && performance.now() - lastProgress >= PROGRESS_MS) {
        lastProgress = performance.now();
        progress('reading');
      }
    }
    staging.flush();
    await source.readToEnd();
    // (with --format given, reader is set before any record is read)
    if (!reader || staging.records + skipped === 0) throw importError(file, null, null, 'the file holds no records');
    if (staging.records === 0) throw importError(file, null, null, `each of its ${skipped} records compares a response with itself: nothing to import`);
    progress('writing');
    // one turn of the event loop before the copy's first transaction, so a progress request already waiting sees "writing"
    if (options.onProgress) await new Promise((resolve) => setImmediate(resolve));
    if (warningCount > warnings.length) warnings.push(`… and ${warningCount - warnings.length} more warnings`);
    const writing = (written: number) => {
      if (performance.now() - lastProgress < PROGRESS_MS && written < staging.records) return;
      lastProgress = performance.now();
      options.onProgress?.({ phase: 'writing', records: staging.records, bytes: source.rawBytesRead(), totalBytes: source.rawSize, written });
    };
    return await apply(store, staging, writing, {
      name,
      fileName: file,
      format: reader.name,
      mapping: options.mapping,
      contentHash: source.rawSha256(),
      actor: options.actor ?? 'local user',
      warnings,
      skipped,
      busyDeadlineMs: options.busyDeadlineMs,
    });
  } finally {
    staging.dispose();
    source.close();
  }
}

interface ApplyInfo {
  name: string;
  fileName: string;
  format: ImportFormat;
  /** With format mapped: the mapping it was read with, kept in the audit log. */
  mapping?: ColumnMapping;
  contentHash: string;
  actor: string;
  warnings: string[];
  /** Records read but not staged (see recordsSkipped). */
  skipped: number;
  busyDeadlineMs?: number;
}

/** Copies the staged records into the store; content-derived ids make it idempotent. */
async function apply(store: Store, staging: Staging, onRecordsCopied: (records: number) => void, info: ApplyInfo): Promise<ImportSummary> {
  const db = store.db;
  const existing = datasetIdByHash(db, info.contentHash);
  const base = {
    name: info.name,
    format: info.format,
    records: staging.records + info.skipped,
    recordsSkipped: info.skipped,
    warnings: info.warnings,
  };
  if (existing) {
    return { ...base, datasetId: existing, alreadyImported: true, comparisonsAdded: 0, comparisonsExisting: staging.records, judgmentsAdded: 0, evaluatorsAdded: 0 };
  }
  const datasetId = uuidFromHash(info.contentHash);
  staging.file.close();
  let counts: CopyCounts;
  try {
    counts = await copyStagedDataset(db, staging.file.path, {
      id: datasetId,
      name: info.name,
      format: info.format,
      fileName: info.fileName,
      contentHash: info.contentHash,
      records: staging.records,
      actor: info.actor,
      auditDetails: { file: info.fileName, format: info.format, ...(info.format === 'mapped' ? { mapping: info.mapping } : {}), records: staging.records, recordsSkipped: info.skipped },
    }, onRecordsCopied, info.busyDeadlineMs);
  } catch (error) {
    if (error instanceof RungError) throw error;
    throw new RungError('INTERNAL', `${info.fileName}: import failed while writing to the database: ${(error as Error).message}`);
  }
  return { ...base, datasetId, alreadyImported: false, ...counts, comparisonsExisting: staging.records - counts.comparisonsAdded };
}
