// Words for an import's progress that the Data page and `rung import` both print.
import type { Result } from './contract';

/** " 120,000 written (60%)" once the copy into the database has reported, else nothing. */
export function writtenShare(progress: NonNullable<Result<'getImportProgress'>>): string {
  if (progress.written === undefined || progress.records === 0) return '';
  return ` ${progress.written.toLocaleString('en-US')} written (${Math.floor((100 * progress.written) / progress.records)}%)`;
}
