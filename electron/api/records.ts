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

export const recordMethods = {
  listComparisons: {
    params: z
      .object({
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
        /** nextCursor of the previous page. */
        cursor: z.string().regex(/^\d{1,19}$/, 'expected the nextCursor of a previous page').optional(),
        limit: z.number().int().min(1).max(200).default(50),
      })
      .strict()
      .refine((p) => (p.metadataKey === undefined) === (p.metadataValue === undefined), {
        message: 'a metadata filter needs both a key and a value',
        path: ['metadataValue'],
      }),
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
} as const;
