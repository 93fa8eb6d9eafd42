// A Parquet row group's page headers checked before hyparquet decodes it. hyparquet trusts each header's sizes and
// counts: one left out (a single corrupt byte can drop a field) puts its read offset at NaN, where a DataView reads
// byte 0 again and again, and a varint whose byte 0 has its high bit set is read for ever. Each column chunk's headers
// are read here first (the chunk's bytes are read twice; its headers are all that is parsed).
import { parquetHeader } from 'hyparquet/src/column.js';
import type { AsyncBuffer, PageHeader, RowGroup } from 'hyparquet';

const isCount = (x: unknown): boolean => Number.isSafeInteger(x) && (x as number) >= 0;

/** What is wrong with a page header that has `room` bytes of its column chunk after it, or null. */
function pageHeaderProblem(header: PageHeader, room: number): string | null {
  const { type, compressed_page_size: size, uncompressed_page_size: uncompressed } = header;
  if (!isCount(size) || size > room) return `a page of ${size} bytes where ${room} are left`;
  if (!isCount(uncompressed)) return `a page of ${uncompressed} bytes uncompressed`;
  const v2 = header.data_page_header_v2;
  const counts =
    type === 'DATA_PAGE' ? [header.data_page_header?.num_values]
    : type === 'DATA_PAGE_V2' ? [v2?.num_values, v2?.num_nulls, v2?.num_rows, v2?.definition_levels_byte_length, v2?.repetition_levels_byte_length]
    : type === 'DICTIONARY_PAGE' ? [header.dictionary_page_header?.num_values]
    : [];
  if (!counts.every(isCount)) return `a ${type} header without its counts`;
  if (v2 && type === 'DATA_PAGE_V2' && (v2.num_nulls > v2.num_values || v2.definition_levels_byte_length + v2.repetition_levels_byte_length > size)) {
    return 'a DATA_PAGE_V2 header whose counts disagree';
  }
  return null;
}

/** Reads every page header of the row group's column chunks (where hyparquet reads them: from the dictionary page, else
 *  the first data page, total_compressed_size bytes); throws an Error saying which column and what is wrong. */
export async function checkPageHeaders(file: AsyncBuffer, group: RowGroup): Promise<void> {
  for (const { meta_data: meta } of group.columns) {
    if (!meta) continue; // hyparquet refuses a chunk without metadata
    const column = meta.path_in_schema.join('.');
    const start = Number(meta.dictionary_page_offset || meta.data_page_offset);
    const end = start + Number(meta.total_compressed_size);
    if (!(isCount(start) && isCount(end) && start <= end && start <= file.byteLength)) throw new Error(`column ${column}: its chunk is said to span bytes ${start} to ${end}`);
    const view = new DataView(await file.slice(start, Math.min(end, file.byteLength)));
    const reader = { view, offset: 0 };
    while (reader.offset < view.byteLength - 1) {
      const header = parquetHeader(reader);
      const problem = pageHeaderProblem(header, view.byteLength - reader.offset);
      if (problem) throw new Error(`column ${column}: ${problem}`);
      reader.offset += header.compressed_page_size;
    }
  }
}
