// Results bundles: everything one evaluator produced, out of one database and into another. Export carries the
// evaluator's profile and every judgment (retracted ones too, with every column: sides, strength, rationale, timings,
// assistance shown, control trials, segment marks, exclusions, and its verdict per criterion of a rubric), the
// workstation each was made on, its position checks
// and the relabel requests it answered. Merge is idempotent, commutative and lossless: rows are keyed by their ids,
// a judgment already here only gains a retraction or exclusion (the earlier time wins), never a changed verdict; two
// different live verdicts by one evaluator on one comparison are both kept and raise an evaluator-conflict flag.
import type Database from 'better-sqlite3';
import type { FlagKind } from '../../api/checks';
import { RungError } from '../../api/errors';
import {
  answeredRelabelsOf,
  evaluatorRowById,
  evaluatorIdOf,
  evaluatorRowByName,
  exists,
  insertRow,
  judgmentCriteriaOf,
  judgmentCriterionRow,
  judgmentRow,
  judgmentsOf,
  liveVerdicts,
  positionChecksOf,
  recordJudgmentSource,
  relabelRow,
  runHasCriterion,
  setExclusion,
  setRelabelDone,
  setRetraction,
  tableColumns,
  type Row,
} from '../db/bundle-rows';
import { recordFlags, settleRelabelFlags } from '../db/flags';
import { nowIso } from '../ids';
import { decodeCell, encodeCell, type BundleContent, type BundleRecord } from './format';

/** Flag kind raised when one evaluator's live verdicts on one comparison disagree (made on two workstations). */
export const EVALUATOR_CONFLICT: FlagKind = 'evaluator-conflict';

const encodeRow = (row: Row): Row => Object.fromEntries(Object.entries(row).map(([k, v]) => [k, encodeCell(v)]));

/** The evaluator a results bundle is for, by name (a person before a model of the same name). */
export function evaluatorNamed(db: Database.Database, name: string): Row {
  const row = evaluatorRowByName(db, name);
  if (!row) throw new RungError('NOT_FOUND', `no evaluator named "${name}" in this database`);
  return row;
}

/** A results bundle's content for an evaluator; `since` (ISO time) keeps what was made, retracted or excluded since. */
export function resultsContent(db: Database.Database, evaluatorName: string, since: string | null, localWorkstationId: string): BundleContent {
  const evaluator = evaluatorNamed(db, evaluatorName);
  const evaluatorId = evaluator.id as string;
  // The runs its judgments were assisted in or judged by a rubric of: the receiving database must hold them (else it
  // is another lab's). Gathered as the records stream by, for the writer, which reads them after the records.
  const runIds = new Set<string>();
  function* records(): Generator<BundleRecord> {
    yield { type: 'evaluators', row: encodeRow(evaluator) };
    for (const { judgment, workstationId } of judgmentsOf(db, evaluatorId, since, localWorkstationId)) {
      if (typeof judgment.assistance === 'string') {
        const runId = (JSON.parse(judgment.assistance) as { runId?: unknown }).runId;
        if (typeof runId === 'string') runIds.add(runId);
      }
      yield { type: 'judgments', row: encodeRow(judgment) };
      yield { type: 'judgment_sources', row: { judgment_id: judgment.id, workstation_id: workstationId } };
    }
    for (const row of judgmentCriteriaOf(db, evaluatorId, since)) {
      runIds.add(row.run_id as string); // a rubric's verdicts need their run (and its criteria) where they go
      yield { type: 'judgment_criteria', row: encodeRow(row) };
    }
    for (const row of positionChecksOf(db, evaluatorId, since)) yield { type: 'position_checks', row: encodeRow(row) };
    // A request that kept no earlier verdict leaves that field out, so the bundle needs no 'relabel' feature (features.ts).
    for (const { original_judgment_id: original, ...row } of answeredRelabelsOf(db, evaluatorId, since)) {
      yield { type: 'relabel_requests', row: encodeRow(original == null ? row : { ...row, original_judgment_id: original }) };
    }
  }
  return { kind: 'results', evaluator: { id: evaluatorId, name: evaluator.name as string }, runIds, records: records() };
}

/** What a results bundle added. */
export interface ResultsAdded {
  evaluators: number;
  judgments: number;
  retractions: number;
  exclusions: number;
  positionChecks: number;
  relabelAnswers: number;
  conflicts: number;
}

export const noResultsAdded = (): ResultsAdded => ({ evaluators: 0, judgments: 0, retractions: 0, exclusions: 0, positionChecks: 0, relabelAnswers: 0, conflicts: 0 });

/** The fields of a received judgment that may change after it was made; every other one must match the stored row. */
const MUTABLE = new Set(['retracted_at', 'excluded_at', 'excluded_reason']);

interface MergeContext {
  db: Database.Database;
  fileName: string;
  evaluatorId: string;
  localWorkstationId: string;
  actor: string;
}

/** A received row's cells as SQLite stores them, refusing a column this database does not have. */
function rowFor(ctx: MergeContext, table: string, n: number, row: Row): Row {
  const columns = tableColumns(ctx.db, table);
  const decoded: Row = {};
  for (const [key, value] of Object.entries(row)) {
    if (!columns.includes(key)) refuse(ctx, n, `${table}.${key}: no such field in this database (a bundle from a newer Rung?)`);
    decoded[key] = decodeCell(value);
  }
  return decoded;
}

function refuse(ctx: Pick<MergeContext, 'fileName'>, n: number, what: string): never {
  throw new RungError('BAD_INPUT', `${ctx.fileName}: record ${n}: ${what}; nothing was imported`);
}

const text = (value: unknown): string | null => (typeof value === 'string' ? value : null);

/** Merges one record of a results bundle, counting what it added into `added`; `touched` collects judged comparisons. */
export function mergeResultsRecord(ctx: MergeContext, n: number, record: BundleRecord, added: ResultsAdded, touched: Set<string>): void {
  const { db } = ctx;
  const row = rowFor(ctx, record.type, n, record.row);
  switch (record.type) {
    case 'evaluators':
      return mergeEvaluator(ctx, n, row, added);
    case 'judgments':
      if (row.evaluator_id !== ctx.evaluatorId) refuse(ctx, n, `judgment ${String(row.id)} is by evaluator ${String(row.evaluator_id)}, not the bundle's evaluator ${ctx.evaluatorId}`);
      return mergeJudgment(ctx, n, row, added, touched);
    case 'judgment_sources':
      if (!exists(db, 'judgments', row.judgment_id)) refuse(ctx, n, `judgment_sources: judgment ${String(row.judgment_id)} is not in this bundle or database`);
      if (row.workstation_id !== ctx.localWorkstationId) recordJudgmentSource(db, String(row.judgment_id), String(row.workstation_id));
      return;
    case 'judgment_criteria':
      return mergeJudgmentCriterion(ctx, n, row);
    case 'position_checks':
      if (row.evaluator_id !== ctx.evaluatorId || !exists(db, 'judgments', row.original_judgment_id)) {
        refuse(ctx, n, `position check ${String(row.id)} is not of a judgment of this bundle's evaluator`);
      }
      if (insertRow(db, 'position_checks', row, true)) added.positionChecks++;
      return;
    case 'relabel_requests':
      return mergeRelabel(ctx, n, row, added);
    default:
      refuse(ctx, n, `a results bundle holds no "${record.type}" records`);
  }
}

function mergeEvaluator(ctx: MergeContext, n: number, row: Row, added: ResultsAdded): void {
  if (row.id !== ctx.evaluatorId) refuse(ctx, n, `evaluator ${String(row.id)} is not the bundle's evaluator ${ctx.evaluatorId}`);
  if (evaluatorRowById(ctx.db, ctx.evaluatorId)) return;
  const sameName = evaluatorIdOf(ctx.db, row.kind, row.name);
  if (sameName !== undefined) {
    refuse(
      ctx,
      n,
      `evaluator "${String(row.name)}" exists here with another id (${sameName}; the bundle's is ${String(row.id)}): ` +
        'profiles made separately on two workstations are two evaluators; send the workstation a work bundle for the evaluator instead',
    );
  }
  insertRow(ctx.db, 'evaluators', row);
  added.evaluators++;
}

function mergeJudgment(ctx: MergeContext, n: number, row: Row, added: ResultsAdded, touched: Set<string>): void {
  const { db } = ctx;
  const id = String(row.id);
  if (!exists(db, 'comparisons', row.comparison_id)) refuse(ctx, n, `judgment ${id}: comparison ${String(row.comparison_id)} is not in this database (results for comparisons this lab does not have)`);
  if (row.dataset_id != null && !exists(db, 'datasets', row.dataset_id)) refuse(ctx, n, `judgment ${id}: dataset ${String(row.dataset_id)} is not in this database`);
  if (row.repeat_of != null && !exists(db, 'judgments', row.repeat_of)) refuse(ctx, n, `judgment ${id} repeats judgment ${String(row.repeat_of)}, which is not in this bundle or database`);
  const assistance = text(row.assistance);
  if (assistance !== null) {
    const modelId = (JSON.parse(assistance) as { modelId?: unknown }).modelId;
    if (typeof modelId === 'string' && !exists(db, 'models', modelId)) refuse(ctx, n, `judgment ${id} was assisted by model ${modelId}, which is not in this database`);
  }
  const stored = judgmentRow(db, id);
  if (!stored) {
    try {
      insertRow(db, 'judgments', row);
    } catch (error) {
      refuse(ctx, n, `judgment ${id}: ${(error as Error).message}`);
    }
    added.judgments++;
    if (row.retracted_at != null) added.retractions++;
    if (row.excluded_at != null) added.exclusions++;
    touched.add(String(row.comparison_id));
    return;
  }
  for (const column of Object.keys(stored)) {
    if (MUTABLE.has(column)) continue;
    if ((row[column] ?? null) !== stored[column]) refuse(ctx, n, `judgment ${id}: ${column} differs from the judgment stored here with this id (${JSON.stringify(stored[column])} here, ${JSON.stringify(row[column] ?? null)} in the bundle)`);
  }
  const retractedAt = text(row.retracted_at);
  if (retractedAt !== null && (stored.retracted_at === null || retractedAt < String(stored.retracted_at))) {
    setRetraction(db, id, retractedAt);
    if (stored.retracted_at === null) added.retractions++;
  }
  const excludedAt = text(row.excluded_at);
  if (excludedAt !== null && (stored.excluded_at === null || excludedAt < String(stored.excluded_at))) {
    setExclusion(db, id, excludedAt, row.excluded_reason ?? null);
    if (stored.excluded_at === null) added.exclusions++;
  }
}

/** A judgment's verdict on one criterion: inserted when new, else it must be the one stored here (verdicts never change). */
function mergeJudgmentCriterion(ctx: MergeContext, n: number, row: Row): void {
  const { db } = ctx;
  const judgment = judgmentRow(db, String(row.judgment_id));
  if (!judgment || judgment.evaluator_id !== ctx.evaluatorId) refuse(ctx, n, `judgment_criteria: judgment ${String(row.judgment_id)} is not a judgment of this bundle's evaluator in this bundle or database`);
  if (!runHasCriterion(db, row.run_id, row.criterion)) refuse(ctx, n, `judgment_criteria: run ${String(row.run_id)} has no criterion "${String(row.criterion)}" in this database`);
  const stored = judgmentCriterionRow(db, row.judgment_id, row.criterion);
  if (!stored) return void insertRow(db, 'judgment_criteria', row);
  for (const column of Object.keys(stored)) {
    if ((row[column] ?? null) !== stored[column]) {
      refuse(ctx, n, `judgment_criteria of judgment ${String(row.judgment_id)}: ${column} differs from the one stored here (${JSON.stringify(stored[column])} here, ${JSON.stringify(row[column] ?? null)} in the bundle)`);
    }
  }
}

function mergeRelabel(ctx: MergeContext, n: number, row: Row, added: ResultsAdded): void {
  const { db } = ctx;
  if (!exists(db, 'comparisons', row.comparison_id)) refuse(ctx, n, `relabel request ${String(row.id)}: comparison ${String(row.comparison_id)} is not in this database`);
  if (row.done_judgment_id != null && !exists(db, 'judgments', row.done_judgment_id)) refuse(ctx, n, `relabel request ${String(row.id)} was answered by judgment ${String(row.done_judgment_id)}, which is not in this bundle or database`);
  if (row.original_judgment_id != null && !exists(db, 'judgments', row.original_judgment_id)) refuse(ctx, n, `relabel request ${String(row.id)} keeps the earlier judgment ${String(row.original_judgment_id)}, which is not in this bundle or database`);
  const stored = relabelRow(db, row.id);
  // A request made on another workstation keeps its flag only where that flag is here too (flags are per database).
  const flagId = row.flag_id != null && exists(db, 'flags', row.flag_id) ? String(row.flag_id) : null;
  if (!stored) {
    insertRow(db, 'relabel_requests', { ...row, flag_id: flagId });
    if (row.done_at != null) added.relabelAnswers++;
  } else {
    const doneAt = text(row.done_at);
    if (doneAt !== null && (stored.done_at === null || doneAt < String(stored.done_at))) {
      setRelabelDone(db, row.id, doneAt, row.done_judgment_id, row.original_judgment_id ?? null);
      if (stored.done_at === null) added.relabelAnswers++;
    }
  }
  // Its flag, when here, settles by its latest request whichever bundle brought the answer (db/flags.ts).
  if (flagId !== null) settleRelabelFlags(db, [flagId], nowIso());
}

/** After the records: flags each touched comparison where the evaluator's live verdicts disagree. Returns how many were new. */
export function raiseEvaluatorConflicts(ctx: MergeContext, touched: ReadonlySet<string>): number {
  const evaluatorName = String(evaluatorRowById(ctx.db, ctx.evaluatorId)?.name ?? ctx.evaluatorId);
  const candidates = [...touched].sort().flatMap((comparisonId) => {
    const verdicts = liveVerdicts(ctx.db, ctx.evaluatorId, comparisonId, ctx.localWorkstationId);
    if (new Set(verdicts.map((v) => v.choice)).size < 2) return [];
    return [
      {
        kind: EVALUATOR_CONFLICT,
        dedupeKey: `${EVALUATOR_CONFLICT}:${ctx.evaluatorId}:${comparisonId}`,
        severity: 0.8,
        comparisonId,
        evaluatorIds: [ctx.evaluatorId],
        modelIds: [],
        evidence: { evaluatorId: ctx.evaluatorId, evaluatorName, verdicts },
      },
    ];
  });
  return candidates.length ? recordFlags(ctx.db, candidates, ctx.actor).added : 0;
}

export type { MergeContext };
