// Rung's own JSONL: `prompt`, `response_a`, `response_b`, and optionally `id`, `layer`, `segments` {a,b},
// `embedding` {a,b}, `ground_truth` ("A"|"B"|"tie"), `metadata` {…} and `judgments` [{evaluator, choice, …}].
import { FieldError } from '../errors';
import {
  embedding,
  emptyRecord,
  optionalInt,
  optionalNumber,
  optionalText,
  requiredText,
  sourceId,
  freeForm,
  stringList,
  type Choice,
  type JsonObject,
} from '../record';
import type { ImportFormatReader } from './types';

const CHOICES: readonly Choice[] = ['A', 'B', 'tie', 'skip'];

function pairObject(obj: JsonObject, field: string): { a: unknown; b: unknown } | null {
  const value = obj[field];
  if (value === undefined || value === null) return null;
  if (typeof value !== 'object' || Array.isArray(value)) throw new FieldError(field, 'expected an object {"a": …, "b": …}');
  const pair = value as JsonObject;
  if (pair.a === undefined) throw new FieldError(`${field}.a`, 'missing');
  if (pair.b === undefined) throw new FieldError(`${field}.b`, 'missing');
  return { a: pair.a, b: pair.b };
}

export const rung: ImportFormatReader = {
  name: 'rung',
  signature: 'prompt, response_a, response_b',
  responseFields: ['response_a', 'response_b'],
  detect: (obj) => 'prompt' in obj && 'response_a' in obj && 'response_b' in obj,
  read(obj, context) {
    const record = emptyRecord(requiredText(obj, 'prompt'), requiredText(obj, 'response_a'), requiredText(obj, 'response_b'));
    const id = obj.id;
    if (id !== undefined && id !== null) {
      if (typeof id !== 'string' && typeof id !== 'number') throw new FieldError('id', 'expected a string or a number');
      record.sourceKey = sourceId(id, 'id');
    }
    record.layer = optionalInt(obj, 'layer', 0, 1000);

    const segments = pairObject(obj, 'segments');
    if (segments) {
      record.segmentsA = stringList(segments.a, 'segments.a');
      record.segmentsB = stringList(segments.b, 'segments.b');
    }
    const embeddings = pairObject(obj, 'embedding');
    if (embeddings) {
      record.embeddingA = embedding(embeddings.a, 'embedding.a', context.embeddingDim);
      record.embeddingB = embedding(embeddings.b, 'embedding.b', record.embeddingA.length);
    }

    const truth = obj.ground_truth;
    if (truth !== undefined && truth !== null) {
      if (truth !== 'A' && truth !== 'B' && truth !== 'tie') throw new FieldError('ground_truth', `expected "A", "B" or "tie", got ${JSON.stringify(truth)}`);
      record.groundTruth = truth;
    }
    const metadata = obj.metadata;
    if (metadata !== undefined && metadata !== null) {
      if (typeof metadata !== 'object' || Array.isArray(metadata)) throw new FieldError('metadata', 'expected an object');
      record.metadata = freeForm(metadata as Record<string, unknown>, 'metadata');
    }

    const judgments = obj.judgments;
    if (judgments !== undefined && judgments !== null) {
      if (!Array.isArray(judgments)) throw new FieldError('judgments', 'expected an array');
      judgments.forEach((raw, i) => {
        const field = `judgments[${i}]`;
        if (!raw || typeof raw !== 'object' || Array.isArray(raw)) throw new FieldError(field, 'expected an object');
        const j = raw as JsonObject;
        const evaluator = optionalText(j, 'evaluator');
        if (!evaluator || !evaluator.trim()) throw new FieldError(`${field}.evaluator`, 'missing');
        const kind = j.kind ?? 'human';
        if (kind !== 'human' && kind !== 'model') throw new FieldError(`${field}.kind`, `expected "human" or "model", got ${JSON.stringify(kind)}`);
        if (!CHOICES.includes(j.choice as Choice)) throw new FieldError(`${field}.choice`, `expected "A", "B", "tie" or "skip", got ${JSON.stringify(j.choice)}`);
        let extras: { strength: number | null; confidence: number | null; rationale: string | null };
        try {
          extras = { strength: optionalInt(j, 'strength', 1, 3), confidence: optionalNumber(j, 'confidence', 0, 1), rationale: optionalText(j, 'rationale') };
        } catch (error) {
          if (error instanceof FieldError) throw new FieldError(`${field}.${error.field}`, error.message);
          throw error;
        }
        record.judgments.push({ evaluator: evaluator.trim(), evaluatorKind: kind, choice: j.choice as Choice, ...extras });
      });
    }
    return record;
  },
};
