// A run's rubric in the contract: the criteria a run may name (createRun), the rubric a queue item is judged under,
// and the per-criterion verdicts a submit carries. The judgment's own choice is its verdict on the first criterion.
import { z } from 'zod';
import { id } from './schemas';

export const MAX_CRITERIA = 8;
export const CRITERION_KEY_RULE = 'a key of 1 to 32 characters: a lower-case letter, then lower-case letters, digits, _ or -';

export const criterionKey = z.string().regex(/^[a-z][a-z0-9_-]{0,31}$/, CRITERION_KEY_RULE);

/** A criterion as createRun takes it: key (unique in the run), label, optional description. */
export const NewCriterion = z
  .object({
    key: criterionKey,
    label: z.string().trim().min(1, 'a label of 1 to 80 characters').max(80, 'a label of 1 to 80 characters'),
    description: z.string().trim().max(500, 'at most 500 characters').default(''),
  })
  .strict();

/** createRun's criteria: none (no rubric), or 1 to 8 with distinct keys, in the order they are judged. */
export const NewCriteria = z
  .array(NewCriterion)
  .max(MAX_CRITERIA, `at most ${MAX_CRITERIA} criteria`)
  .default([])
  .superRefine((criteria, ctx) => {
    const seen = new Set<string>();
    criteria.forEach((c, i) => {
      if (seen.has(c.key)) ctx.addIssue({ code: 'custom', path: [i, 'key'], message: `"${c.key}" is given twice: each criterion needs its own key` });
      seen.add(c.key);
    });
  });

export const Criterion = z.object({ key: z.string(), label: z.string(), description: z.string() });

/** The criteria a queue item is judged under, and the run they belong to; null on an item without a rubric. */
export const Rubric = z.object({ runId: id, criteria: z.array(Criterion).min(1) });

/** One criterion's verdict as submitJudgment takes it (and undo gives back as the draft). */
export const CriterionVerdict = z
  .object({
    criterion: criterionKey,
    choice: z.enum(['A', 'B', 'tie']),
    strength: z.number().int().min(1).max(3).optional(),
  })
  .strict();

/** What undo and change give back of a retracted verdict's criteria: the drafts of the new one. */
export const CriterionDraft = z.object({ criterion: z.string(), choice: z.enum(['A', 'B', 'tie']), strength: z.number().int().nullable() });
