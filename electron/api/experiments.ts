// The contract's methods for the oversight report (spread into contract.ts): run a preset of simulated ladders as a
// job with progress and cancel (the Experiments page; its files go beside the database), or to a folder of the
// caller's choosing (`rung experiment --out DIR`, command line only); list past reports and open one.
import { z } from 'zod';
import { device, numberRule, oneOf } from './rules';
import { count, id } from './schemas';

export const ExperimentPreset = oneOf(['quick', 'full']);
const seeds = numberRule('an integer from 2 to 100 (intervals over seeds need two)', { min: 2, max: 100, integer: true });
const scale = numberRule('an integer from 1 to 100', { min: 1, max: 100, integer: true });

export const Claim = z.object({
  id: z.enum(['cost-reduction', 'quality-gain', 'error-propagation', 'check-recall', 'deferral-coverage']),
  metric: z.string(),
  value: z.number().nullable(),
  ci: z.tuple([z.number(), z.number()]).nullable(),
  seeds: count,
  note: z.string(),
  details: z.record(z.string(), z.union([z.number(), z.tuple([z.number(), z.number()]), z.null()])).optional(),
});

const Condition = z.object({
  id: z.string(),
  label: z.string(),
  assistance: z.boolean(),
  rm0Bias: z.object({ kind: z.enum(['none', 'length', 'step-blind']), share: z.number() }),
  overtrust: z.number(),
  target: z.number(),
});

/** What a finished experiment says about itself (results.json without its per-run rows). */
export const ExperimentSummary = z.object({
  id: z.string(),
  preset: ExperimentPreset,
  scale: count,
  seeds: count,
  startedAt: z.string(),
  seconds: z.number(),
  conditions: z.array(Condition),
  claims: z.array(Claim),
});

export const ExperimentJob = z.object({
  id,
  status: z.enum(['running', 'done', 'failed', 'cancelled']),
  preset: ExperimentPreset,
  seeds: count,
  scale: count,
  stage: z.string(),
  /** Simulated runs finished, and in all (conditions × seeds). */
  done: count,
  total: count,
  startedAt: z.string(),
  finishedAt: z.string().nullable(),
  error: z.string().nullable(),
  /** The finished report's id (listExperiments, getExperiment). */
  experimentId: z.string().nullable(),
});

const runOptions = { preset: ExperimentPreset.default('quick'), seeds: seeds.optional(), scale: scale.optional(), device: device.optional() };

export const experimentMethods = {
  startExperiment: { params: z.object(runOptions).strict(), result: ExperimentJob },
  getExperimentJob: { params: z.object({ jobId: id }).strict(), result: ExperimentJob },
  listExperimentJobs: { params: z.object({}).strict(), result: z.array(ExperimentJob) },
  cancelExperiment: { params: z.object({ jobId: id }).strict(), result: ExperimentJob },
  listExperiments: {
    params: z.object({}).strict(),
    /** Newest first; a folder whose results.json cannot be read is listed apart, with why. */
    result: z.object({ experiments: z.array(ExperimentSummary), unreadable: z.array(z.object({ id: z.string(), reason: z.string() })) }),
  },
  getExperiment: { params: z.object({ id: z.string().min(1).max(200) }).strict(), result: z.object({ summary: ExperimentSummary, reportHtml: z.string() }) },
  /** Runs to the end and writes results.json, results.csv and report.html into `out` (the command line's). */
  runExperiment: { params: z.object({ ...runOptions, out: z.string().min(1) }).strict(), result: ExperimentSummary.extend({ outDir: z.string() }) },
} as const;
