// The contract's methods for assignments (spread into contract.ts): work from a run's layer, a dataset or a saved filter drawn for a set
// of evaluators with an overlap, quotas and a deadline; the list of assignments, the lab lead's progress per evaluator
// and the lab's overall agreement (α, κ) on an assignment's items or on everything here.
import { z } from 'zod';
import { layerIndex, must, numberRule, seed } from './rules';
import { savedFilterName } from './records';
import { count, id } from './schemas';

/** An evaluator as the user names them: their id or their name. */
const evaluatorRef = z.string().trim().min(1, 'must not be empty').max(200, 'must be at most 200 characters');
/** The most comparisons one evaluator is given. */
export const quota = numberRule('an integer ≥ 0', { min: 0, max: 10_000_000, integer: true });
export const overlap = numberRule('an integer ≥ 1 (each comparison judged by that many evaluators)', { min: 1, max: 1000, integer: true });

const ISO_DATE = /^\d{4}-\d{2}-\d{2}$/;
const ISO_DATE_TIME = /^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}(:\d{2}(\.\d{1,9})?)?(Z|[+-]\d{2}:\d{2})$/;
/** A calendar date or date and time in ISO 8601 that exists (not 2026-02-30): what `--deadline` takes. */
export const isIsoDeadline = (text: string): boolean => {
  if (!ISO_DATE.test(text) && !ISO_DATE_TIME.test(text)) return false;
  const date = text.slice(0, 10);
  const parsed = new Date(`${date}T00:00:00Z`);
  return !Number.isNaN(parsed.getTime()) && parsed.toISOString().slice(0, 10) === date && !Number.isNaN(new Date(ISO_DATE.test(text) ? `${text}T00:00:00Z` : text).getTime());
};
const deadlineMessage = must('an ISO 8601 date (2026-12-31) or date and time with its offset (2026-12-31T17:00:00Z)');
export const deadline = z.string(deadlineMessage).refine(isIsoDeadline, deadlineMessage);

export const AssignedEvaluator = z.object({
  evaluatorId: id,
  name: z.string(),
  quota: count.nullable(),
  assigned: count,
  /** Of the assigned items: shown without assistance (control trials), and shown again with sides swapped (position checks). */
  controlTrials: count,
  positionChecks: count,
});

export const Assignment = z.object({
  id,
  name: z.string(),
  runId: id.nullable(),
  runName: z.string().nullable(),
  layer: count.nullable(),
  datasetId: id.nullable(),
  datasetName: z.string().nullable(),
  /** The saved filter it was drawn from (its name then); its comparisons are those the filter matched at that time. */
  filterName: z.string().nullable(),
  overlap: count,
  seed: z.number().int(),
  controlShare: z.number(),
  positionCheckShare: z.number(),
  deadline: z.string().nullable(),
  /** Comparisons given to `overlap` evaluators each, and those of the source left out because the quotas ran out. */
  comparisons: count,
  unassigned: count,
  createdBy: z.string(),
  createdAt: z.string(),
  evaluators: z.array(AssignedEvaluator),
});

/** One evaluator's row of the lab lead's view. */
export const AssignmentProgressRow = z.object({
  evaluatorId: id,
  name: z.string(),
  assigned: count,
  /** Assigned items with a live verdict (A, B or tie); skipped ones are not done, and come back at the end of their queue. */
  done: count,
  skipped: count,
  remaining: count,
  medianSeconds: z.number().nonnegative().nullable(),
  /** Share of (this verdict, another person's verdict) pairs on the same done items that agree; null when none overlap yet. */
  agreement: z.number().min(0).max(1).nullable(),
  agreementPairs: count,
  /** When this evaluator's last results bundle was received; null when none has been. */
  lastBundleReceivedAt: z.string().nullable(),
});

export const AssignmentProgress = z.object({ assignment: Assignment, evaluators: z.array(AssignmentProgressRow) });

/** Pairs of evaluators need this many items in common for their κ to count in the lab's summary. */
export const LAB_KAPPA_MIN_SHARED = 10;

/** The lab's agreement (electron/core/metrics/lab-agreement.ts): each person's latest usable verdict, ties a category. */
export const LabAgreement = z.object({
  /** The assignment whose comparisons it covers; null: every comparison here. */
  assignmentId: id.nullable(),
  /** Krippendorff's α (nominal); null when there is not enough overlap (or one value throughout). */
  alpha: z.number().nullable(),
  /** Items with at least two people's verdicts, and the people who gave them: what the figures rest on. */
  items: count,
  evaluators: count,
  /** Cohen's κ over the pairs of people with at least minShared items in common; null when no pair has. */
  kappa: z.object({ pairs: count, mean: z.number(), min: z.number(), max: z.number() }).nullable(),
  minShared: count,
});

export const assignmentMethods = {
  /** Draws and stores an assignment (electron/core/assignments/plan.ts): from a run's layer (runId and layer), a dataset,
   *  or a saved filter of the record browser (`filter`, its name: the comparisons it matches now). */
  createAssignment: {
    params: z
      .object({
        runId: id.optional(),
        layer: layerIndex.optional(),
        datasetId: id.optional(),
        filter: savedFilterName.optional(),
        /** Evaluators by id or name, each once. */
        evaluators: z.array(evaluatorRef).min(1, 'must name at least one evaluator').max(1000),
        overlap: overlap.default(1),
        seed: seed.default(1),
        /** The most comparisons each evaluator gets (none: no limit); `quotas` sets it per evaluator (by the same id or name). */
        quota: quota.optional(),
        quotas: z.record(evaluatorRef, quota).optional(),
        deadline: deadline.optional(),
        /** Default: the run's name and layer, or the dataset's name. */
        name: z.string().trim().min(1).max(200).optional(),
        actor: z.string().trim().min(1).max(200).default('local user'),
      })
      .strict()
      .superRefine((p, ctx) => {
        const sources = [p.runId, p.datasetId, p.filter].filter((s) => s !== undefined).length;
        if (sources === 0) ctx.addIssue({ code: 'custom', path: ['runId'], message: 'give a run and its layer, a dataset, or a saved filter' });
        if (sources > 1) ctx.addIssue({ code: 'custom', path: [p.filter !== undefined ? 'filter' : 'datasetId'], message: 'give a run and its layer, a dataset, or a saved filter, not two' });
        if (p.runId !== undefined && p.layer === undefined) ctx.addIssue({ code: 'custom', path: ['layer'], message: 'is required with a run' });
        if (p.runId === undefined && p.layer !== undefined) ctx.addIssue({ code: 'custom', path: ['layer'], message: 'needs a run' });
        if (p.evaluators.length > 0 && p.overlap > p.evaluators.length) {
          ctx.addIssue({ code: 'custom', path: ['overlap'], message: `must be at most the number of evaluators (${p.evaluators.length}), got "${p.overlap}"` });
        }
      }),
    result: Assignment,
  },
  listAssignments: { params: z.object({}).strict(), result: z.array(Assignment) },
  getAssignmentProgress: { params: z.object({ assignmentId: id }).strict(), result: AssignmentProgress },
  /** The lab's α and κ summary on an assignment's comparisons, or (no assignmentId) on every comparison here. */
  getLabAgreement: {
    params: z
      .object({
        assignmentId: id.optional(),
        minShared: numberRule('an integer ≥ 1 (items two evaluators share)', { min: 1, max: 10_000_000, integer: true }).default(LAB_KAPPA_MIN_SHARED),
      })
      .strict(),
    result: LabAgreement,
  },
} as const;
