// PandaLM-style pairwise sets: `instruction`, `input`, `response1`, `response2`, and per-annotator labels
// `annotatorN` (0 tie, 1 response1 better, 2 response2 better). Each annotator becomes an evaluator of its own.
import { FieldError } from '../errors';
import { emptyRecord, freeForm, optionalText, requiredText, sourceId, type Choice } from '../record';
import type { ImportFormatReader } from './types';

const ANNOTATOR = /^annotator(\d+)$/;
const LABELS: Record<number, Choice> = { 0: 'tie', 1: 'A', 2: 'B' };

export const pandalm: ImportFormatReader = {
  name: 'pandalm',
  signature: 'instruction, response1, response2, annotator1..N',
  responseFields: ['response1', 'response2'],
  detect: (obj) => 'response1' in obj && 'response2' in obj && Object.keys(obj).some((k) => ANNOTATOR.test(k)),
  read(obj, context) {
    const scalarsAsText = (field: string, value: boolean | number) =>
      context.warn(field, `${typeof value} ${String(value)} read as the text "${String(value)}"`);
    const instruction = requiredText(obj, 'instruction');
    const input = optionalText(obj, 'input') ?? '';
    const prompt = input.trim() ? `${instruction}\n\n${input}` : instruction;
    const record = emptyRecord(prompt, requiredText(obj, 'response1', { scalarsAsText }), requiredText(obj, 'response2', { scalarsAsText }));

    const idx = obj.idx;
    const cmpKey = obj.cmp_key;
    if (idx !== undefined && idx !== null) record.sourceKey = sourceId(`${String(idx)}|${typeof cmpKey === 'string' ? cmpKey : ''}`, 'idx');
    const metadata: Record<string, unknown> = {};
    for (const key of ['idx', 'cmp_key', 'motivation_app']) if (obj[key] !== undefined) metadata[key] = freeForm(obj[key], key);
    record.metadata = Object.keys(metadata).length ? metadata : null;

    const annotators = Object.keys(obj)
      .map((k) => ANNOTATOR.exec(k))
      .filter((m): m is RegExpExecArray => m !== null)
      .sort((a, b) => Number(a[1]) - Number(b[1]));
    for (const match of annotators) {
      const field = match[0];
      const label = obj[field];
      if (label === null) continue; // this annotator did not label the record
      const choice = typeof label === 'number' ? LABELS[label] : undefined;
      if (!choice) throw new FieldError(field, `expected 0 (tie), 1 (response1) or 2 (response2), got ${JSON.stringify(label)}`);
      record.judgments.push({
        evaluator: `${context.datasetName} ${field}`,
        evaluatorKind: 'human',
        choice,
        strength: null,
        confidence: null,
        rationale: null,
      });
    }
    return record;
  },
};
