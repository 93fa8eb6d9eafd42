// The contract's methods for the Data page's record browser: a filtered, keyset-paged list of comparisons and one
// comparison with every judgment, flag and active model's score on it (spread into contract.ts).
import { z } from 'zod';
import { count, id } from './schemas';
import { FlagStatus, JudgmentRow } from './flags';

export const verdictFilters = ['A', 'B', 'tie', 'skip', 'none'] as const;

export const RecordRow = z.object({
  id,
  /** The dataset that brought it first (null for comparisons of no dataset). */
  datasetId: id.nullable(),
  layer: z.number().int().nullable(),
  promptExcerpt: z.string(),
  responseAExcerpt: z.string(),
  responseBExcerpt: z.string(),
  /** Live judgments (undone ones aside) and open flags on it. */
  judgments: count,
  openFlags: count,
});

const ModelScore = z.object({
  modelId: z.string(),
  modelName: z.string(),
  /** The run and layer the model is active for; null for a model trained outside a run. */
  run: z.string().nullable(),
  layer: z.number().int().nullable(),
  /** null when the model cannot score this comparison (an embedding model without the texts' embeddings), or failed. */
  rewardA: z.number().nullable(),
  rewardB: z.number().nullable(),
  pA: z.number().nullable(),
  note: z.string().nullable(),
});

export const ComparisonRecord = z.object({
  id,
  prompt: z.string(),
  responseA: z.string(),
  responseB: z.string(),
  groundTruth: z.enum(['A', 'B', 'tie']).nullable(),
  /** The data's own layer field. */
  layer: z.number().int().nullable(),
  metadata: z.string().nullable(),
  createdAt: z.string(),
  datasets: z.array(z.object({ id, name: z.string() })),
  /** The run layers it is a member of. */
  layers: z.array(z.object({ runId: id, run: z.string(), layer: z.number().int(), name: z.string() })),
  /** Every judgment on it, oldest first; an undone one has retractedAt set. */
  judgments: z.array(JudgmentRow),
  flags: z.array(z.object({ id, kind: z.string(), status: FlagStatus, severity: z.number(), notes: z.string(), createdAt: z.string() })),
  /** The active models' scores; empty with modelNote saying why when there is none. */
  modelScores: z.array(ModelScore),
  modelNote: z.string().nullable(),
});

/** The record browser's filters: what listComparisons takes besides its paging, and what a saved filter keeps. */
const RecordFilterFields = z.object({
  /** Case-insensitive (ASCII letters) substring of the prompt or either response. */
  text: z.string().trim().min(1, 'search text must not be empty').max(500).optional(),
  datasetId: id.optional(),
  /** With layer: the run's layer (its members); alone: in any of the run's layers. */
  runId: id.optional(),
  /** Without runId: the data's own layer field. */
  layer: z.number().int().nonnegative().optional(),
  metadataKey: z
    .string()
    .regex(/^[A-Za-z_][A-Za-z0-9_]{0,63}$/, 'metadata key must be a plain identifier (letters, digits and _)')
    .optional(),
  metadataValue: z.string().max(500).optional(),
  /** Judged by this evaluator (a live judgment); with verdict, their verdict. */
  evaluatorId: id.optional(),
  /** The evaluator's (else anyone's) live verdict; none: no live verdict. */
  verdict: z.enum(verdictFilters, { error: () => 'verdict must be A, B, tie, skip or none' }).optional(),
});
const metadataPaired = { message: 'a metadata filter needs both a key and a value', path: ['metadataValue'] };
const pairedMetadata = (p: { metadataKey?: string; metadataValue?: string }) => (p.metadataKey === undefined) === (p.metadataValue === undefined);
/** A filter as saved: the filter fields alone. */
export const RecordFilterParams = RecordFilterFields.strict().refine(pairedMetadata, metadataPaired);
export type RecordFilterParams = z.infer<typeof RecordFilterParams>;
/** A saved filter's name: what the Data page shows and `rung assign --filter` takes. */
export const savedFilterName = z.string().trim().min(1, 'must not be empty').max(100, 'must be at most 100 characters');

export const SavedFilter = z.object({ name: z.string(), filter: RecordFilterParams, savedBy: z.string(), savedAt: z.string() });
/** A saved filter as listed: with its filter in words, what it matches now, and the assignments drawn from it. */
export const ListedFilter = SavedFilter.extend({
  /** The filter in plain words ("text contains "sum"; in dataset "study""), naming what it names. */
  words: z.string(),
  /** Comparisons it matches now; null when they are too many to count cheaply, or what it names is gone. */
  matches: count.nullable(),
  /** Assignments drawn from a filter of this name: they keep their comparisons when it is deleted. */
  assignments: z.array(z.string()),
});

export const recordMethods = {
  listComparisons: {
    params: RecordFilterFields.extend({
      /** nextCursor of the previous page. */
      cursor: z.string().regex(/^\d{1,19}$/, 'expected the nextCursor of a previous page').optional(),
      limit: z.number().int().min(1).max(200).default(50),
    })
      .strict()
      .refine(pairedMetadata, metadataPaired),
    result: z.object({
      rows: z.array(RecordRow),
      /** Pass it back for the next page; null when the search has reached the end. */
      nextCursor: z.string().nullable(),
      /** Comparisons this call examined (within a budget of rows and time): the client sums them for "searched N of M". */
      examined: count,
      /** How many comparisons the search walks in all (first page only; null on later pages). */
      scope: count.nullable(),
      /** Every comparison walked matches (an index serves every filter): scope is then the number of matches. */
      exact: z.boolean(),
    }),
  },
  getComparison: { params: z.object({ id }).strict(), result: ComparisonRecord },
  /** Saves the record browser's filter under a name (the dataset, run, layer and evaluator it names must exist); a name
   *  taken is refused (CONFLICT) unless `replace`. An assignment can then draw from it (createAssignment's `filter`). */
  saveRecordFilter: {
    params: z.object({ name: savedFilterName, filter: RecordFilterParams, replace: z.boolean().default(false), actor: z.string().trim().min(1).max(200).default('local user') }).strict(),
    result: SavedFilter,
  },
  /** The saved filters, by name, each in words with what it matches now and the assignments drawn from it. */
  listRecordFilters: { params: z.object({}).strict(), result: z.array(ListedFilter) },
  /** Deletes a saved filter; the assignments drawn from it (named in the result) keep their comparisons, frozen when drawn. */
  deleteRecordFilter: {
    params: z.object({ name: savedFilterName, actor: z.string().trim().min(1).max(200).default('local user') }).strict(),
    result: z.object({ deleted: z.literal(true), assignments: z.array(z.string()) }),
  },
} as const;
