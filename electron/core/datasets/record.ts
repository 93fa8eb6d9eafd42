// The normalized comparison record every import format produces, and the checks for its fields.
import { FieldError } from './errors';

export type Choice = 'A' | 'B' | 'tie' | 'skip';

export interface ImportedJudgment {
  evaluator: string;
  evaluatorKind: 'human' | 'model';
  choice: Choice;
  strength: number | null;
  confidence: number | null;
  rationale: string | null;
}

export interface ComparisonRecord {
  prompt: string;
  responseA: string;
  responseB: string;
  /** The record's own identity in its source (e.g. PandaLM's idx): two records with equal texts but different keys stay two comparisons. */
  sourceKey: string | null;
  layer: number | null;
  segmentsA: string[] | null;
  segmentsB: string[] | null;
  embeddingA: Float32Array | null;
  embeddingB: Float32Array | null;
  groundTruth: 'A' | 'B' | 'tie' | null;
  metadata: Record<string, unknown> | null;
  judgments: ImportedJudgment[];
}

export type JsonObject = Record<string, unknown>;

const typeName = (value: unknown): string => (value === null ? 'null' : Array.isArray(value) ? 'array' : typeof value);

export interface TextOptions {
  /** Read a JSON boolean or number as its text (some public sets store an answer like "True" as a boolean); a warning is recorded. */
  scalarsAsText?: (field: string, value: boolean | number) => void;
}

export function requiredText(obj: JsonObject, field: string, options: TextOptions = {}): string {
  const value = obj[field];
  if (value === undefined) throw new FieldError(field, 'missing');
  if (typeof value === 'string') return value;
  if ((typeof value === 'boolean' || typeof value === 'number') && options.scalarsAsText) {
    options.scalarsAsText(field, value);
    return String(value);
  }
  throw new FieldError(field, `expected a string, got ${typeName(value)}`);
}

export function optionalText(obj: JsonObject, field: string): string | null {
  const value = obj[field];
  if (value === undefined || value === null) return null;
  if (typeof value !== 'string') throw new FieldError(field, `expected a string, got ${typeName(value)}`);
  return value;
}

export function optionalInt(obj: JsonObject, field: string, min: number, max: number): number | null {
  const value = obj[field];
  if (value === undefined || value === null) return null;
  if (typeof value !== 'number' || !Number.isInteger(value)) throw new FieldError(field, `expected an integer, got ${JSON.stringify(value)}`);
  if (value < min || value > max) throw new FieldError(field, `must be between ${min} and ${max}, got ${value}`);
  return value;
}

export function optionalNumber(obj: JsonObject, field: string, min: number, max: number): number | null {
  const value = obj[field];
  if (value === undefined || value === null) return null;
  if (typeof value !== 'number' || !Number.isFinite(value)) throw new FieldError(field, `expected a number, got ${JSON.stringify(value)}`);
  if (value < min || value > max) throw new FieldError(field, `must be between ${min} and ${max}, got ${value}`);
  return value;
}

export function stringList(value: unknown, field: string): string[] {
  if (!Array.isArray(value)) throw new FieldError(field, `expected an array of strings, got ${typeName(value)}`);
  value.forEach((item, i) => {
    if (typeof item !== 'string') throw new FieldError(`${field}[${i}]`, `expected a string, got ${typeName(item)}`);
  });
  return value as string[];
}

/** A dense embedding: a non-empty array of finite numbers, of the length the file established. */
export function embedding(value: unknown, field: string, expectedDim: number | null): Float32Array {
  if (!Array.isArray(value) || value.length === 0) throw new FieldError(field, `expected a non-empty array of numbers, got ${typeName(value)}`);
  if (expectedDim !== null && value.length !== expectedDim) {
    throw new FieldError(field, `has ${value.length} dimensions, expected ${expectedDim} like the rest of the file`);
  }
  const out = new Float32Array(value.length);
  for (let i = 0; i < value.length; i++) {
    const x = value[i];
    if (typeof x !== 'number' || !Number.isFinite(x)) throw new FieldError(`${field}[${i}]`, `expected a finite number, got ${JSON.stringify(x)}`);
    out[i] = x;
  }
  return out;
}

export function emptyRecord(prompt: string, responseA: string, responseB: string): ComparisonRecord {
  return {
    prompt,
    responseA,
    responseB,
    sourceKey: null,
    layer: null,
    segmentsA: null,
    segmentsB: null,
    embeddingA: null,
    embeddingB: null,
    groundTruth: null,
    metadata: null,
    judgments: [],
  };
}

/**
 * Puts a preferred/rejected pair in a fixed, content-derived order, so A is not always the preferred one
 * (a model must not learn position) and re-imports give the same comparison. Returns which side won.
 */
export function orderPair(preferred: string, rejected: string): { responseA: string; responseB: string; winner: 'A' | 'B' } {
  return preferred <= rejected
    ? { responseA: preferred, responseB: rejected, winner: 'A' }
    : { responseA: rejected, responseB: preferred, winner: 'B' };
}

/** The judgment a preference file's own label makes (chosen ≻ rejected), by the dataset's source-labels evaluator. */
export function sourceLabel(datasetName: string, winner: 'A' | 'B'): ImportedJudgment {
  return { evaluator: `${datasetName} (source labels)`, evaluatorKind: 'human', choice: winner, strength: null, confidence: null, rationale: null };
}
