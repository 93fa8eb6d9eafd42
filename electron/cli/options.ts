// Turning option text into contract params, and contract refusals back into lines that name the options.
import type { ApiError } from '../api/errors';
import { optionOf } from './contract-call';

/** A number option: its number, or the text itself when it is not one (the contract refuses it, naming the option). */
export function numeric(value: string | boolean | undefined): number | string | undefined {
  if (typeof value !== 'string') return undefined;
  const x = Number(value);
  return value.trim() === '' || Number.isNaN(x) ? value : x;
}

/** A text option. */
export const text = (value: string | boolean | undefined): string | undefined => (typeof value === 'string' ? value : undefined);

/** The lines that say why: one per refused field, as `--option must be …`; else the message itself. */
export function refusalLines(error: ApiError, overrides: Record<string, string>): string[] {
  if (!error.issues?.length) return [error.message];
  return error.issues.map((issue) => {
    const option = overrides[issue.path] ?? optionOf(issue.path.split('.')[0], overrides);
    if (!option) return `${issue.path}: ${issue.message}`;
    // An upper-case name is a positional argument's (ID, NEW_NAME), written as the usage line writes it.
    return /^[A-Z_]+$/.test(option) ? `${option}: ${issue.message}` : `--${option} ${issue.message}`;
  });
}
