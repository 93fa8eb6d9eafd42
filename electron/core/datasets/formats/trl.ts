// TRL preference JSONL: `prompt`, `chosen`, `rejected`, as strings or as conversational message lists.
// Each record also yields one judgment (chosen ≻ rejected) by the dataset's own evaluator.
import { FieldError } from '../errors';
import { emptyRecord, orderPair, sourceLabel, type JsonObject } from '../record';
import type { ImportFormatReader } from './types';

/** Text of a TRL field: a string, or a list of {role, content} messages rendered as "role: content" blocks. */
export function conversationText(obj: JsonObject, field: string): string {
  const value = obj[field];
  if (value === undefined) throw new FieldError(field, 'missing');
  if (typeof value === 'string') return value;
  if (!Array.isArray(value)) throw new FieldError(field, `expected a string or a list of messages, got ${value === null ? 'null' : typeof value}`);
  return value
    .map((message, i) => {
      const m = message as JsonObject;
      if (!m || typeof m !== 'object' || typeof m.role !== 'string' || typeof m.content !== 'string') {
        throw new FieldError(`${field}[${i}]`, 'expected a message {"role": string, "content": string}');
      }
      return `${m.role}: ${m.content}`;
    })
    .join('\n\n');
}

export const trl: ImportFormatReader = {
  name: 'trl',
  signature: 'prompt, chosen, rejected',
  responseFields: ['chosen', 'rejected'],
  detect: (obj) => 'prompt' in obj && 'chosen' in obj && 'rejected' in obj,
  read(obj, context) {
    const prompt = conversationText(obj, 'prompt');
    const pair = orderPair(conversationText(obj, 'chosen'), conversationText(obj, 'rejected'));
    const record = emptyRecord(prompt, pair.responseA, pair.responseB);
    record.judgments.push(sourceLabel(context.datasetName, pair.winner));
    return record;
  },
};
