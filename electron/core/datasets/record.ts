// The normalized comparison record every import format produces, and the checks for its fields.
import { FieldError } from './errors';

export type Choice = 'A' | 'B' | 'tie' | 'skip';

export interface ImportedJudgment {
  evaluator: string;
  evaluatorKind: 'human' | 'model';
  /** The evaluator is the dataset's own label (gold or source labels), not a person: no relabel is asked of it. */
  labelSource?: boolean;
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

/** A refused value as a message shows it: JSON, except a number JSON cannot write (JSON.stringify makes it "null"). */
const shown = (value: unknown): string => (typeof value === 'number' && !Number.isFinite(value) ? `${value} (not a finite number)` : JSON.stringify(value));

/** Bounds on a free-form field (metadata): nesting depth, and characters as JSON. */
export const MAX_FREE_FORM_DEPTH = 32;
export const MAX_FREE_FORM_CHARS = 64 * 1024;
/** Characters of a record's own id (its source key). */
export const MAX_ID_CHARS = 1000;

/** How deep a JSON value nests (a scalar is 0, `{}` is 1), measured without recursion. */
function depthOf(value: unknown): number {
  let deepest = 0;
  const pending: [unknown, number][] = [[value, 0]];
  while (pending.length > 0) {
    const [item, depth] = pending.pop()!;
    if (item === null || typeof item !== 'object') continue;
    deepest = Math.max(deepest, depth + 1);
    for (const child of Object.values(item)) pending.push([child, depth + 1]);
  }
  return deepest;
}

/** A free-form value kept as JSON (metadata): refused when nested or sized over the bounds. */
export function freeForm<T>(value: T, field: string): T {
  const depth = depthOf(value);
  if (depth > MAX_FREE_FORM_DEPTH) throw new FieldError(field, `nested ${depth} levels deep; at most ${MAX_FREE_FORM_DEPTH} are accepted`);
  const chars = JSON.stringify(value).length;
  if (chars > MAX_FREE_FORM_CHARS) throw new FieldError(field, `${chars} characters as JSON; at most ${MAX_FREE_FORM_CHARS} are accepted`);
  return value;
}

/** A record's own id as text, refused over MAX_ID_CHARS. */
export function sourceId(value: string | number, field: string): string {
  const text = String(value);
  if (text.length > MAX_ID_CHARS) throw new FieldError(field, `${text.length} characters; at most ${MAX_ID_CHARS} are accepted`);
  return text;
}

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
  if (typeof value !== 'number' || !Number.isInteger(value)) throw new FieldError(field, `expected an integer, got ${shown(value)}`);
  if (value < min || value > max) throw new FieldError(field, `must be between ${min} and ${max}, got ${value}`);
  return value;
}

export function optionalNumber(obj: JsonObject, field: string, min: number, max: number): number | null {
  const value = obj[field];
  if (value === undefined || value === null) return null;
  if (typeof value !== 'number' || !Number.isFinite(value)) throw new FieldError(field, `expected a number, got ${shown(value)}`);
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
    if (typeof x !== 'number' || !Number.isFinite(x)) throw new FieldError(`${field}[${i}]`, `expected a finite number, got ${shown(x)}`);
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

/** The judgment a preference file's own label makes (chosen ≻ rejected, or a mapped label's tie), by the dataset's source-labels evaluator. */
export function sourceLabel(datasetName: string, winner: 'A' | 'B' | 'tie'): ImportedJudgment {
  return { evaluator: `${datasetName} (source labels)`, evaluatorKind: 'human', labelSource: true, choice: winner, strength: null, confidence: null, rationale: null };
}
