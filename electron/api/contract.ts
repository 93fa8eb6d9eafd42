// THE API contract: every method once, with zod schemas for its params and result.
// Both transports (Electron IPC and browser-mode HTTP) serve exactly this; TS types are inferred from it.
import { z } from 'zod';
import type { Caller } from './caller';
import { oneOf, shownValue } from './rules';
import { count, id } from './schemas';
import { AssistanceShown, SubJudgment } from './assist';
import { CriterionDraft, CriterionVerdict, Rubric, criterionKey } from './rubrics';
import { checkMethods } from './checks';
import { bundleMethods } from './bundles';
import { encoderMethods } from './encoders';
import { assignmentMethods } from './assignments';
import { flagMethods } from './flags';
import { ladderMethods, trainingMethods } from './ladder';
import { metricsMethods } from './metrics';
import { queueMethods } from './queue';
import { reportMethods } from './reports';
import { simulationMethods } from './simulation';
import { experimentMethods } from './experiments';
import { recordMethods } from './records';
import { guidelinesMethods } from './guidelines';
import { scoresMethods } from './scores';
import type { MethodName } from './methods';
import { checkFormatMapping, ColumnMapping, withCompleteMapping } from './import-mapping';

const isoTime = z.string();

/** `mapped`: any pairwise file, its fields named by a column mapping (import-mapping.ts); never detected by auto. */
export const importFormats = ['trl', 'hh-rlhf', 'pandalm', 'llmbar', 'rung', 'mapped'] as const;
export const ImportFormat = z.enum(importFormats);
export type ImportFormat = z.infer<typeof ImportFormat>;
export const exportFormats = ['trl-jsonl', 'judgments-csv'] as const;
const ExportFormat = oneOf(exportFormats);
/** The format of a file to import: one of importFormats, or auto (detected from the first record). */
const ImportFormatChoice = z.enum(['auto', ...importFormats], {
  error: (issue) => `must be auto, ${importFormats.slice(0, -1).join(', ')} or ${importFormats[importFormats.length - 1]}: unknown format "${shownValue(issue.input)}"`,
});

export const Choice = z.enum(['A', 'B', 'tie', 'skip']);
export const Side = z.enum(['A', 'B']);

import { FileSource, UploadSource } from './file-source';

/** What the reward-model engine offers here: whether it loaded (else why not), a usable GPU, and AMX BF16. */
export const EngineSummary = z.object({
  available: z.boolean(),
  reason: z.string(),
  cuda: z.boolean(),
  bf16: z.boolean(),
  bf16Reason: z.string(),
});

export const AppInfo = z.object({
  name: z.string(),
  version: z.string(),
  mode: z.enum(['desktop', 'browser']),
  dbPath: z.string(),
  importFormats: z.array(ImportFormat),
  engine: EngineSummary,
});

export const Stats = z.object({
  comparisons: count,
  judgments: count,
  evaluators: count,
  models: count,
  flags: count,
  datasets: count,
  prompts: count,
  responses: count,
  runs: count,
});

export const Dataset = z.object({
  id,
  name: z.string(),
  format: ImportFormat,
  fileName: z.string(),
  contentHash: z.string(),
  comparisons: count,
  /** Standing judgments the file brought (imported annotators' and its own labels). */
  judgments: count,
  /** Standing verdicts (A, B or tie; position-check repeats aside) people gave in Rung on the dataset's comparisons. */
  appVerdicts: count,
  importedAt: isoTime,
  /** False while the import's copy runs, or when it was cut short (importing the same file again finishes it). */
  complete: z.boolean(),
});

/** What deleting a dataset would remove (datasetDeletionPlan), and what a deletion removed (deleteDataset). */
export const DatasetDeletionPlan = z.object({
  datasetId: id,
  name: z.string(),
  fileName: z.string(),
  /** Comparisons only this dataset holds: they go, with everything on them. */
  comparisons: count,
  /** Judgments the file brought. */
  importedJudgments: count,
  /** Verdicts not imported with it (given in Rung, by models, merged from bundles) on the comparisons that go, and by how many evaluators. */
  otherVerdicts: count,
  otherEvaluators: count,
  /** Comparisons it brought first that another dataset also holds: they stay, with that dataset. */
  keptComparisons: count,
  flags: count,
  /** Runs whose layers lose members, with how many of their comparisons go. */
  runs: z.array(z.object({ id, name: z.string(), comparisons: count })),
});

export const DatasetDeletion = z.object({
  comparisons: count,
  judgments: count,
  keptComparisons: count,
  flags: count,
  prompts: count,
  responses: count,
});

/** Where an import reads its file from: a path, a file picked in the desktop app, or an upload (file-source.ts). */
export const ImportSource = FileSource;

/** A file to preview: as an import's source, or an upload of only its first bytes (`partial`: the file goes on). */
const ImportPreviewSource = z.discriminatedUnion('kind', [
  ImportSource.options[0],
  ImportSource.options[1],
  /** `partial`: the upload is the file's start only (limits.ts PREVIEW_HEAD_BYTES): a record it cuts off (the last one) is not shown. */
  UploadSource.extend({ partial: z.boolean().default(false) }).strict(),
]);

/** One cell of a preview: the value as short text, and the value itself when it is a scalar a label could hold. */
const PreviewCell = z.object({ text: z.string(), value: z.union([z.string(), z.number(), z.boolean(), z.null()]).optional() });

export const ImportPreview = z.object({
  fileName: z.string(),
  /** What each record's number counts: a line of a JSON file, or a row of a Parquet file. */
  unit: z.enum(['line', 'row']),
  /** Every field of the records shown, in the order they first appear. */
  fields: z.array(z.string()),
  /** Per record: its line (or row) and one cell per field (null where the record lacks the field). */
  records: z.array(z.object({ line: count, cells: z.array(PreviewCell.nullable()) })),
});

export const ImportSummary = z.object({
  datasetId: id,
  name: z.string(),
  format: ImportFormat,
  alreadyImported: z.boolean(),
  records: count,
  /** Records left out with a warning (their two responses are the same text: nothing to compare). */
  recordsSkipped: count,
  comparisonsAdded: count,
  comparisonsExisting: count,
  judgmentsAdded: count,
  evaluatorsAdded: count,
  warnings: z.array(z.string()),
});

/** How far an import is (getImportProgress): records read and validated, raw bytes read of the source's size. */
export const ImportProgress = z.object({
  phase: z.enum(['reading', 'writing']),
  records: count,
  bytes: count,
  totalBytes: count,
  /** While writing: how many of the records are in the database so far. */
  written: count.optional(),
});

export const Evaluator = z.object({
  id,
  name: z.string(),
  kind: z.enum(['human', 'model']),
  domains: z.array(z.string()),
  source: z.string().nullable(),
  /** A simulated evaluator: stands in for a person in demos and tests, always marked as such. */
  simulated: z.boolean(),
  /** An imported label (a dataset's gold or source labels), not a person: no relabel can be requested of it. */
  labelSource: z.boolean(),
  judgments: count,
  /** When this evaluator last gave a verdict in the app (undone ones aside); null if never. */
  lastJudgedAt: isoTime.nullable().optional(),
  createdAt: isoTime,
});

export const ComparisonView = z.object({
  id,
  datasetId: id.nullable(),
  layer: z.number().int().nullable(),
  prompt: z.string(),
  responseA: z.string(),
  responseB: z.string(),
});

const Strength = z.number().int().min(1).max(3);

export const QueueItem = z.object({
  comparison: ComparisonView,
  /** Which response is shown on the left (stable while the comparison is pending for this evaluator). */
  leftSide: Side,
  /** new: not judged yet; relabel: a researcher asked for it to be judged again; returned: back after an undo;
   *  position-check: judged before, now shown with sides swapped. */
  kind: z.enum(['new', 'relabel', 'returned', 'position-check']),
  /** For a position check: the judgment it repeats; pass it back as submitJudgment's repeatOf. */
  repeatOf: id.nullable(),
  /** For a relabel: who asked for it and their reason (may be empty); else null. */
  relabel: z.object({ requestedBy: z.string(), reason: z.string() }).nullable(),
  /** RM(k-1)'s assistance when the queue is filtered by a run and a layer k ≥ 1 (a control trial shows none); else null. */
  assistance: AssistanceShown.nullable(),
  /** The criteria to judge it on: the run filter's run's, else the earliest-created run with criteria holding it; null when none. */
  rubric: Rubric.nullable(),
});

/** One of an evaluator's standing verdicts as the Compare page's review shows it (listOwnVerdicts). */
export const OwnVerdict = z.object({
  judgmentId: id,
  comparison: ComparisonView,
  /** The response shown on the left when it was judged. */
  leftSide: Side,
  choice: Choice,
  strength: z.number().int().nullable(),
  rationale: z.string().nullable(),
  durationMs: z.number().int().nullable(),
  /** The evaluator's segment marks, each with its segment's text (empty when the assistance stored is unreadable). */
  marks: z.array(z.object({ side: Side, segment: count, verdict: z.enum(['correct', 'wrong', 'unsure']), text: z.string() })),
  /** Its verdict on each criterion of the rubric it was judged under, in the rubric's order (the first is choice and
   *  strength), with the criterion's label; empty for a verdict without a rubric and a skip. */
  criteria: z.array(CriterionDraft.extend({ label: z.string() })),
  createdAt: isoTime,
  /** Why retractJudgment would refuse to change it (its exact message); null when it can be changed. */
  changeRefusal: z.string().nullable(),
});

const QueueFilter = {
  /** Only this run's comparisons; `layer` is then the run's layer index (by its entry rule). */
  runId: id.optional(),
  datasetId: id.optional(),
  /** Without runId: the data's own layer field. */
  layer: z.number().int().nonnegative().optional(),
};

export const Progress = z.object({
  doneToday: count,
  skippedToday: count,
  remaining: count,
  medianSeconds: z.number().nonnegative().nullable(),
});

export const Settings = z.object({
  positionCheckShare: z.number().min(0).max(0.5),
  /** Share of comparisons at assisted layers (k ≥ 1) shown without assistance, as control trials. */
  controlShare: z.number().min(0).max(1),
});

export const contract = {
  ...flagMethods,
  ...checkMethods,
  ...ladderMethods,
  ...trainingMethods,
  ...metricsMethods,
  ...queueMethods,
  ...simulationMethods,
  ...experimentMethods,
  ...reportMethods,
  ...encoderMethods,
  ...assignmentMethods,
  ...bundleMethods,
  ...recordMethods,
  ...guidelinesMethods,
  ...scoresMethods,
  getAppInfo: { params: z.object({}).strict(), result: AppInfo },
  getStats: { params: z.object({}).strict(), result: Stats },
  listDatasets: { params: z.object({}).strict(), result: z.array(Dataset) },
  renameDataset: {
    params: z
      .object({ datasetId: id, name: z.string().trim().min(1).max(200), /** Who renames it, for the audit log (`cli` from the command line). */ actor: z.string().trim().min(1).max(200).default('local user') })
      .strict(),
    result: Dataset,
  },
  datasetDeletionPlan: { params: z.object({ datasetId: id }).strict(), result: DatasetDeletionPlan },
  /** Deletes a dataset (audited); refused with CONFLICT while verdicts not imported with it sit on its comparisons, unless withJudgments. */
  deleteDataset: {
    params: z
      .object({
        datasetId: id,
        /** Delete the verdicts others gave on the comparisons that go, too. */
        withJudgments: z.boolean().default(false),
        /** Who deletes it, for the audit log (`cli` from the command line). */
        actor: z.string().trim().min(1).max(200).default('local user'),
      })
      .strict(),
    result: DatasetDeletion,
  },
  importDataset: {
    params: z
      .object({
        source: ImportSource,
        format: ImportFormatChoice.default('auto'),
        /** With format mapped (and only then): the fields that hold the prompt, the responses and the label. */
        mapping: ColumnMapping.optional(),
        /** Client-generated id under which getImportProgress reports this import while it runs. */
        progressId: id.optional(),
      })
      .strict()
      .superRefine(checkFormatMapping)
      .transform(withCompleteMapping),
    result: ImportSummary,
  },
  /** The start of a file to import: its first records' field names and values as short text, for a column mapping. */
  previewImport: {
    params: z
      .object({
        source: ImportPreviewSource,
        /** How many records to show. */
        records: z.number().int().min(1).max(20).default(5),
      })
      .strict(),
    result: ImportPreview,
  },
  /** The progress of a running import started with this progressId; null when none runs under it (not yet, or done). */
  getImportProgress: { params: z.object({ progressId: id }).strict(), result: ImportProgress.nullable() },
  /** With runId and criterion (a key of the run's rubric): that criterion's verdicts are the preference labels. */
  exportData: {
    params: z
      .object({ format: ExportFormat, datasetId: z.string().min(1).max(200).optional(), runId: id.optional(), criterion: criterionKey.optional() })
      .strict(),
    result: z.object({ fileName: z.string(), mimeType: z.string(), rows: count, content: z.string() }),
  },
  /** Writes the export line by line to a file of the caller's machine (absent path: the standard output of `rung`). Command line only. */
  exportDataToFile: {
    params: z
      .object({
        format: ExportFormat.default('trl-jsonl'),
        datasetId: z.string().min(1).max(200).optional(),
        runId: id.optional(),
        criterion: criterionKey.optional(),
        path: z.string().min(1).optional(),
      })
      .strict(),
    result: z.object({ rows: count }),
  },
  listEvaluators: { params: z.object({}).strict(), result: z.array(Evaluator) },
  createEvaluator: {
    params: z
      .object({
        name: z.string().trim().min(1).max(200),
        domains: z.array(z.string().trim().min(1).max(100)).max(50).default([]),
      })
      .strict(),
    result: Evaluator,
  },
  nextComparison: {
    params: z.object({ evaluatorId: id, datasetId: id.optional() }).strict(),
    result: z.object({ comparison: ComparisonView, leftSide: Side }).nullable(),
  },
  submitJudgment: {
    params: z
      .object({
        comparisonId: id,
        evaluatorId: id,
        choice: Choice,
        strength: Strength.optional(),
        confidence: z.number().min(0).max(1).optional(),
        rationale: z.string().max(20_000).optional(),
        durationMs: z.number().int().nonnegative().max(86_400_000).optional(),
        leftSide: Side,
        /** The queue item's assistance as shown, with `collapsed` set by the client. */
        assistance: AssistanceShown.optional(),
        subJudgments: z.array(SubJudgment).max(500).optional(),
        /** Client-generated id of this submit; a retry with the same id returns the stored judgment (idempotent). */
        requestId: id.optional(),
        /** Answers a position check: the judgment it repeats (QueueItem.repeatOf). */
        repeatOf: id.optional(),
        /** The run it was judged in (QueueItem.rubric's runId, or the run filter): its criteria are the rubric. */
        rubricRunId: id.optional(),
        /** A verdict on each criterion of the rubric, the first equal to choice and strength; none on a skip or without a rubric. */
        criteria: z.array(CriterionVerdict).max(8).optional(),
      })
      .strict(),
    result: z.object({ id, createdAt: isoTime, duplicate: z.boolean() }),
  },
  nextComparisons: {
    params: z
      .object({
        evaluatorId: id,
        ...QueueFilter,
        count: z.number().int().min(1).max(50).default(5),
        /** Comparison ids the client already holds (prefetched, or being submitted): not returned again. */
        exclude: z.array(id).max(200).default([]),
      })
      .strict(),
    result: z.array(QueueItem),
  },
  undoLastJudgment: {
    params: z.object({ evaluatorId: id }).strict(),
    /** null when the evaluator has no verdict left to undo; `rationale` and `criteria`: the retracted verdict's, kept as the drafts. */
    result: z.object({ judgmentId: id, item: QueueItem, rationale: z.string().nullable(), criteria: z.array(CriterionDraft) }).nullable(),
  },
  /** The evaluator's standing verdicts (every session), newest first, a page at a time; total: how many stand. */
  listOwnVerdicts: {
    params: z.object({ evaluatorId: id, offset: count.max(1_000_000_000).default(0), limit: z.number().int().min(1).max(50).default(20) }).strict(),
    result: z.object({ total: count, rows: z.array(OwnVerdict) }),
  },
  /** Retracts one of the evaluator's verdicts to judge it again (audited, as undo); the comparison comes back as undo's does. */
  retractJudgment: {
    params: z.object({ evaluatorId: id, judgmentId: id }).strict(),
    result: z.object({ judgmentId: id, item: QueueItem, rationale: z.string().nullable(), criteria: z.array(CriterionDraft) }),
  },
  getProgress: {
    params: z
      .object({
        evaluatorId: id,
        ...QueueFilter,
        /** Start of "today" as the client sees it (its local midnight); default the server's local midnight. */
        since: z.string().datetime({ offset: true }).optional(),
      })
      .strict(),
    result: Progress,
  },
  /** The layers that comparisons have (optionally within one dataset), for the queue's layer filter. */
  listLayers: { params: z.object({ datasetId: id.optional() }).strict(), result: z.array(z.number().int().nonnegative()) },
  /** Imports the built-in demo dataset (generated, no network); loading it again adds nothing. */
  loadDemo: { params: z.object({}).strict(), result: ImportSummary },
  getSettings: { params: z.object({}).strict(), result: Settings },
  updateSettings: { params: Settings.partial().strict(), result: Settings },
} as const satisfies Record<MethodName, { params: z.ZodType; result: z.ZodType }>;

export type Contract = typeof contract;
export type Params<M extends MethodName> = z.input<Contract[M]['params']>;
export type ParsedParams<M extends MethodName> = z.output<Contract[M]['params']>;
export type Result<M extends MethodName> = z.output<Contract[M]['result']>;

/** Server side: one async function per method, receiving validated params and who calls. */
export type Handlers = { [M in MethodName]: (params: ParsedParams<M>, caller: Caller) => Promise<Result<M>> | Result<M> };

/** Client side: one async function per method, returning the contract's result envelope. */
export type RungClient = {
  [M in MethodName]: (params: Params<M>) => Promise<import('./errors').ApiResult<Result<M>>>;
};

// Compile-time check that methods.ts lists exactly the contract's keys.
type Exactly<A, B> = [A] extends [B] ? ([B] extends [A] ? true : never) : never;
const _namesMatch: Exactly<keyof Contract, MethodName> = true;
void _namesMatch;
