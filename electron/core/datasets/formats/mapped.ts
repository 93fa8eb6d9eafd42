// Any pairwise file, read through a column mapping: the named fields hold the prompt and responses A and B (strings or
// {role, content} message lists, as TRL's), and the label field's values mean A, B or tie, a judgment by the dataset's
// source-labels evaluator (without a label field the comparisons come unjudged). Never chosen by auto detection.
import { labelValueText, type ColumnMapping, type LabelChoice } from '../../../api/import-mapping';
import { FieldError } from '../errors';
import { emptyRecord, sourceLabel } from '../record';
import { conversationText } from './trl';
import type { ImportFormatReader } from './types';

/** A label cell's key: its JSON text, so 1 and "1" stay apart. */
const keyOf = (value: unknown): string | null =>
  value === null || typeof value === 'string' || typeof value === 'number' || typeof value === 'boolean' ? labelValueText(value) : null;

export function mappedFormat(mapping: ColumnMapping): ImportFormatReader {
  const choices = new Map<string, LabelChoice>((mapping.labelValues ?? []).map(({ value, choice }) => [labelValueText(value), choice]));
  const expected = [...choices.keys()].join(', ');
  return {
    name: 'mapped',
    signature: `${mapping.prompt}, ${mapping.a}, ${mapping.b}${mapping.label === undefined ? '' : `, ${mapping.label}`} (mapped)`,
    responseFields: [mapping.a, mapping.b],
    detect: () => false,
    read(obj, context) {
      const record = emptyRecord(conversationText(obj, mapping.prompt), conversationText(obj, mapping.a), conversationText(obj, mapping.b));
      if (mapping.label === undefined) return record;
      const value = obj[mapping.label];
      if (value === undefined) throw new FieldError(mapping.label, 'missing');
      const key = keyOf(value);
      const choice = key === null ? undefined : choices.get(key);
      if (!choice) throw new FieldError(mapping.label, `unexpected value ${key ?? (Array.isArray(value) ? 'an array' : 'an object')} (expected one of ${expected})`);
      record.judgments.push(sourceLabel(context.datasetName, choice));
      return record;
    },
  };
}
