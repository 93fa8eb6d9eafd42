// The import formats and `--format auto` detection from the first record's fields.
import type { JsonObject } from '../record';
import { hhRlhf } from './hh-rlhf';
import { llmbar } from './llmbar';
import { pandalm } from './pandalm';
import { rung } from './rung';
import { trl } from './trl';
import type { ImportFormatReader } from './types';

export type { FormatContext, ImportFormatReader } from './types';

/** Most specific first: detection takes the first match. */
export const formats: readonly ImportFormatReader[] = [rung, pandalm, llmbar, trl, hhRlhf];

export function formatByName(name: ImportFormatReader['name']): ImportFormatReader {
  const found = formats.find((f) => f.name === name);
  if (!found) throw new Error(`unknown format ${name}`);
  return found;
}

export function detectFormat(obj: JsonObject): ImportFormatReader | null {
  return formats.find((f) => f.detect(obj)) ?? null;
}
