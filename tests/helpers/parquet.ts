// Test helper: Parquet files written by hyparquet-writer — string columns, 64-bit integer labels and TRL's
// conversational columns (a list of {role, content} structs, as Hugging Face datasets store them).
import { gzipSync } from 'node:zlib';
import { parquetWriteBuffer } from 'hyparquet-writer';
import type { SchemaElement } from 'hyparquet';

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
