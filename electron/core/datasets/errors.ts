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

/** A refused import: `file:line: field: message`. Nothing of the file has been kept when it is thrown. */
export function importError(file: string, line: number | null, field: string | null, message: string): RungError {
  const where = line === null ? file : `${file}:${line}`;
  return new RungError('BAD_INPUT', field ? `${where}: ${field}: ${message}` : `${where}: ${message}`);
}
