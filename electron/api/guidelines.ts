// The contract's methods for guidelines (spread into contract.ts): the Markdown a researcher writes for a dataset or a
// run's layer, read on the Compare page beside the comparison (both, labelled, when both apply) and written on the
// Data and Ladder pages or with `rung guidelines set`.
import { z } from 'zod';
import { layerIndex } from './rules';
import { id } from './schemas';

/** The most a dataset's or layer's guidelines may hold: 64 KiB of UTF-8. */
export const MAX_GUIDELINES_BYTES = 65_536;

const utf8Bytes = (text: string): number => new TextEncoder().encode(text).length;

/** Guidelines' Markdown: at most MAX_GUIDELINES_BYTES as UTF-8 (empty: none). */
const guidelinesText = z.string().superRefine((text, ctx) => {
  const bytes = utf8Bytes(text);
  if (bytes > MAX_GUIDELINES_BYTES) ctx.addIssue({ code: 'custom', message: `must be at most ${MAX_GUIDELINES_BYTES} bytes (64 KiB) of UTF-8 text, got ${bytes} bytes` });
});

export const Guidelines = z.object({
  scope: z.enum(['dataset', 'layer']),
  /** How the Compare page names them: `Dataset maths`, `Run Pilot · layer 1 (steps)`. */
  label: z.string(),
  datasetId: id.nullable(),
  runId: id.nullable(),
  layer: z.number().int().nonnegative().nullable(),
  text: z.string(),
  writtenBy: z.string(),
  writtenAt: z.string(),
});

const target = { datasetId: id.optional(), runId: id.optional(), layer: layerIndex.optional() };
const layerNeedsRun = (p: { runId?: string; layer?: number }) => (p.runId === undefined) === (p.layer === undefined);

export const guidelinesMethods = {
  /** The guidelines that apply: a dataset's, a run's layer's, or both (dataset first); none written (or emptied): left out. */
  getGuidelines: {
    params: z
      .object(target)
      .strict()
      .refine(layerNeedsRun, { message: 'give runId and layer together', path: ['layer'] })
      .refine((p) => p.datasetId !== undefined || p.runId !== undefined, { message: 'give datasetId, or runId and layer', path: ['datasetId'] }),
    result: z.array(Guidelines),
  },
  /** Writes one dataset's or one layer's guidelines (audited with the old and new text); empty text removes them. */
  setGuidelines: {
    params: z
      .object({ ...target, text: guidelinesText, /** Who writes them (`cli` from the command line). */ actor: z.string().trim().min(1).max(200).default('local user') })
      .strict()
      .refine(layerNeedsRun, { message: 'give runId and layer together', path: ['layer'] })
      .refine((p) => (p.datasetId !== undefined) !== (p.runId !== undefined), { message: 'give exactly one of datasetId, or runId and layer', path: ['datasetId'] }),
    result: Guidelines,
  },
} as const;
