// Errors raised while reading a dataset file, always rendered as `file:line: field: what is wrong`.
import { RungError } from '../../api/errors';

/** A problem with one field of one record; the reader adds file and line. */
export class FieldError extends Error {
  constructor(
    readonly field: string,
    message: string,
  ) {
    super(message);
    this.name = 'FieldError';
  }
}

/** What a record's number counts: a line of a JSON file, or a row of a Parquet file (written `file:row N`). */
export type RecordUnit = 'line' | 'row';

/** Where a record is, as messages name it: `file:12` for a line, `file:row 12` for a Parquet row. */
export const placeOf = (file: string, line: number, unit: RecordUnit = 'line'): string => (unit === 'row' ? `${file}:row ${line}` : `${file}:${line}`);

/** A refused import: `file:line: field: message` (`file:row N: …` for a Parquet row). Nothing of the file has been kept when it is thrown. */
export function importError(file: string, line: number | null, field: string | null, message: string, unit: RecordUnit = 'line'): RungError {
  const where = line === null ? file : placeOf(file, line, unit);
  return new RungError('BAD_INPUT', field ? `${where}: ${field}: ${message}` : `${where}: ${message}`);
}
