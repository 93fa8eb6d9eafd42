// Test helper: Parquet files written by hyparquet-writer — string columns, 64-bit integer labels and TRL's
// conversational columns (a list of {role, content} structs, as Hugging Face datasets store them) — and a file's footer
// written again with changes (the lies a hostile file tells).
import { gzipSync } from 'node:zlib';
import { parquetWriteBuffer } from 'hyparquet-writer';
import { ByteWriter } from 'hyparquet-writer/src/bytewriter.js';
import { writeMetadata } from 'hyparquet-writer/src/metadata.js';
import { parquetMetadata, type FileMetaData, type SchemaElement } from 'hyparquet';

export type ParquetColumn = { name: string; kind: 'text' } | { name: string; kind: 'int64' } | { name: string; kind: 'messages' };

export interface ParquetWriteChoices {
  /** Rows per row group (default: all in one). */
  rowGroupSize?: number;
  codec?: 'SNAPPY' | 'GZIP';
}

function schemaOf(columns: ParquetColumn[]): SchemaElement[] {
  const text = (name: string): SchemaElement => ({ name, type: 'BYTE_ARRAY', converted_type: 'UTF8', repetition_type: 'OPTIONAL' });
  const schema: SchemaElement[] = [{ name: 'root', num_children: columns.length }];
  for (const column of columns) {
    if (column.kind === 'text') schema.push(text(column.name));
    else if (column.kind === 'int64') schema.push({ name: column.name, type: 'INT64', repetition_type: 'OPTIONAL' });
    else {
      schema.push(
        { name: column.name, repetition_type: 'OPTIONAL', converted_type: 'LIST', num_children: 1 },
        { name: 'list', repetition_type: 'REPEATED', num_children: 1 },
        { name: 'element', repetition_type: 'OPTIONAL', num_children: 2 },
        text('role'),
        text('content'),
      );
    }
  }
  return schema;
}

/** A Parquet file of `rows` (objects keyed by column name; an int64 column's values as numbers). */
export function parquetFile(columns: ParquetColumn[], rows: Record<string, unknown>[], choices: ParquetWriteChoices = {}): Buffer<ArrayBuffer> {
  const cell = (column: ParquetColumn, value: unknown) => {
    if (column.kind === 'int64' && typeof value === 'number') return BigInt(value);
    // text as bytes of this realm's Uint8Array: the writer's own TextEncoder gives another realm's under jsdom
    if (column.kind === 'text' && typeof value === 'string') return new Uint8Array(Buffer.from(value));
    return value ?? null;
  };
  const columnData = columns.map((column) => ({ name: column.name, data: rows.map((row) => cell(column, row[column.name])) }));
  const bytes = parquetWriteBuffer({
    schema: schemaOf(columns),
    columnData,
    codec: choices.codec ?? 'SNAPPY',
    compressors: { GZIP: (input: Uint8Array) => gzipSync(input) },
    ...(choices.rowGroupSize ? { rowGroupSize: choices.rowGroupSize } : {}),
  });
  return Buffer.from(bytes);
}

/** Where a file's footer (its thrift metadata) starts, read from the length before the closing PAR1. */
export const footerStart = (bytes: Buffer): number => bytes.length - 8 - bytes.readUInt32LE(bytes.length - 8);

/** The file with its footer parsed, changed by `change` and written again (statistics left out: they follow the types). */
export function withFooter(bytes: Buffer, change: (metadata: FileMetaData) => void): Buffer {
  const metadata = parquetMetadata(new Uint8Array(bytes).buffer);
  for (const group of metadata.row_groups) for (const chunk of group.columns) if (chunk.meta_data) delete chunk.meta_data.statistics;
  change(metadata);
  const writer = new ByteWriter();
  writeMetadata(writer, metadata);
  writer.appendUint32(0x31524150); // PAR1
  return Buffer.concat([bytes.subarray(0, footerStart(bytes)), Buffer.from(writer.getBuffer())]);
}
