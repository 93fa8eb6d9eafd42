// What an import format provides: a detector for auto mode and a reader from one JSON object to a record.
import type { ComparisonRecord, JsonObject } from '../record';

export interface FormatContext {
  /** Name of the dataset being imported (from the file name); imported evaluators are named after it. */
  datasetName: string;
  /** Records a non-fatal note about this record's field (e.g. a boolean read as text). */
  warn: (field: string, message: string) => void;
  /** Embedding length established by the first embedding in the file, or null. */
  embeddingDim: number | null;
}

export interface ImportFormatReader {
  readonly name: 'trl' | 'hh-rlhf' | 'pandalm' | 'llmbar' | 'rung' | 'mapped';
  /** The fields that identify the format, for messages. */
  readonly signature: string;
  /** The fields holding the two responses, for messages about the pair. */
  readonly responseFields: readonly [string, string];
  detect(obj: JsonObject): boolean;
  read(obj: JsonObject, context: FormatContext): ComparisonRecord;
}
