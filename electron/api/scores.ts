// The contract's methods for a lab's own model's scores (spread into contract.ts): `rung scores import` stores them as
// an external model that assistance, routing, the checks and the layer metrics use like one Rung trained.
import { z } from 'zod';
import { count, id } from './schemas';
import { layerIndex } from './rules';
import { FileSource } from './file-source';

export const scoresMethods = {
  /**
   * Imports a JSONL file of rewards (one comparison per line, by comparison_id or by prompt, response_a and
   * response_b; reward_a, reward_b, optionally std_a and std_b) as an external model named `name`: with runId and layer
   * the layer's active model, else the database's. All or nothing; skipUnmatched leaves out lines whose comparison is
   * not stored, and counts them. The file: a path (`rung`), a file picked in the desktop app, or an upload (a browser);
   * a refusal names it by its path, or an upload by its own file name.
   */
  importScores: {
    params: z
      .object({
        source: FileSource,
        name: z.string().trim().min(1).max(200),
        runId: id.optional(),
        layer: layerIndex.optional(),
        skipUnmatched: z.boolean().default(false),
        /** Who imports them, for the audit log (`cli` from the command line). */
        actor: z.string().trim().min(1).max(200).default('local user'),
      })
      .strict()
      .refine((p) => (p.runId === undefined) === (p.layer === undefined), { message: 'give runId and layer together', path: ['layer'] }),
    result: z.object({
      modelId: id,
      name: z.string(),
      runId: id.nullable(),
      layer: count.nullable(),
      /** Non-blank lines read, comparisons scored (a line names one, or by its texts each stored one it matches), lines skipped. */
      lines: count,
      scores: count,
      unmatched: count,
      source: z.object({ file: z.string(), sha256: z.string() }),
    }),
  },
} as const;
