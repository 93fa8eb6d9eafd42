// Work bundles: what an evaluator's workstation needs to judge there. exportWorkBundle({ runId, layer, evaluatorId,
// comparisonIds? }) carries the run, all its layers' rules (layer indices line up on both sides) and its criteria (its
// rubric, so verdicts given there carry one verdict per criterion), the comparisons (default: the layer's members) with
// their prompts, responses (segments, embeddings), datasets and dataset memberships, the active model of layer k-1 that
// assists layer k (its blob; an external one's scores of those comparisons; for one trained on an encoder's embeddings,
// the encoder's registration without its folder and the embeddings of every text it scores there: work-encoder.ts),
// the guidelines of those datasets and of the run's layers, the evaluator's profile, and the evaluator's assignments of
// those comparisons (their order, and the control trials and position checks the lead's shares drew). An assignment
// drawn from a saved filter or a dataset gives a bundle of its comparisons alone (comparisonsWorkContent): the same
// minus the run and its model. Importing creates what is missing, keyed by the same ids (so it is idempotent and
// results come back to the same rows); a run of the same name but another id here is another lab's run and is refused.
// Guidelines are added, or replace older ones.
import type Database from 'better-sqlite3';
import { RungError } from '../../api/errors';
import { MAX_GUIDELINES_BYTES } from '../../api/guidelines';
import { assignmentRowsOf, evaluatorRowById, exists, insertRow, rowsWhere, runIdNamed, tableColumns, type Row } from '../db/bundle-rows';
import { extendLayerMembers, layerMemberIds, runLayerIds } from '../db/layer-members';
import { activeModelId } from '../db/models';
import { guidelinesOf, mergeGuidelines, type CarriedGuidelines } from '../db/guidelines';
import { encodeCell, type BundleContent, type BundleRecord } from './format';
import { mergeResultsRecord, noResultsAdded, type MergeContext } from './results';
import { cacheAssistEmbeddings, encoderRecords, isEncoderRecord, mergeEncoderRecord } from './work-encoder';

export interface WorkBundleRequest {
  runId: string;
  /** The layer's index in the run (0, 1, …). */
  layer: number;
  evaluatorId: string;
  /** The comparisons to send (each must be in the layer); default every member of the layer. */
  comparisonIds?: readonly string[];
}

const encodeRow = (row: Row): Row => Object.fromEntries(Object.entries(row).map(([k, v]) => [k, encodeCell(v)]));
/** Columns a receiving database computes itself (a layer's members are sorted in there). */
const LOCAL_COLUMNS: Record<string, string[]> = { layers: ['members_through'] };
const carried = (table: string, row: Row): BundleRecord => ({
  type: table,
  row: encodeRow(Object.fromEntries(Object.entries(row).filter(([k]) => !LOCAL_COLUMNS[table]?.includes(k)))),
});

/** The comparisons' own records (their datasets and memberships, prompts, responses) and, with a run, the run (all its
 *  layers' rules and its criteria) and the model assisting the layer; then the guidelines of those datasets (and of the
 *  run's layers) and the evaluator's profile. Records come in the order a merge needs them, one table's rows at a time. */
function* workRecords(db: Database.Database, evaluator: Row, comparisonIds: readonly string[], run: { runId: string; layer: number } | null): Generator<BundleRecord> {
  const comparisons = rowsWhere(db, 'comparisons', 'id', comparisonIds);
  const responseIds = comparisons.flatMap((c) => [c.response_a_id, c.response_b_id]);
  const datasetItems = rowsWhere(db, 'dataset_items', 'comparison_id', comparisonIds);
  const datasetIds = [...new Set([...comparisons.map((c) => c.dataset_id), ...datasetItems.map((d) => d.dataset_id)].filter((d) => d != null))];
  const assisting = run !== null ? assistingModel(db, run) : null;
  const rows = (table: Parameters<typeof rowsWhere>[1], column: string, values: readonly unknown[]) => rowsWhere(db, table, column, values).map((r) => carried(table, r));
  if (run) {
    yield* rows('runs', 'id', [run.runId]);
    yield* rows('layers', 'run_id', [run.runId]);
    yield* rows('run_criteria', 'run_id', [run.runId]);
  }
  yield* rows('datasets', 'id', datasetIds);
  yield* rows('prompts', 'id', [...new Set(comparisons.map((c) => c.prompt_id))]);
  yield* rows('responses', 'id', [...new Set(responseIds)]);
  yield* comparisons.map((r) => carried('comparisons', r));
  yield* datasetItems.map((r) => carried('dataset_items', r));
  if (assisting) {
    yield* rows('models', 'id', [assisting]);
    // An external assisting model is its scores: those of the comparisons sent go with it.
    yield* rowsWhere(db, 'external_scores', 'comparison_id', comparisonIds).filter((r) => r.model_id === assisting).map((r) => carried('external_scores', r));
    // One trained on an encoder's embeddings needs them: the encoder's registration and the texts' cached vectors.
    yield* encoderRecords(db, assisting, comparisonIds);
  }
  yield* guidelinesOf(db, datasetIds as string[], run ? runLayerIds(db, run.runId) : []).map((r) => carried('guidelines', { ...r }));
  yield carried('evaluators', evaluator);
  // The evaluator's assignments of these comparisons: the workstation serves them in their order, with the control
  // trials and position checks the lead's shares drew (ladder/assistance.ts and db/position-checks.ts read them first).
  const assigned = assignmentRowsOf(db, String(evaluator.id), comparisonIds, run?.runId ?? null, datasetIds);
  yield* assigned.assignments.map((r) => carried('assignments', r));
  yield* assigned.evaluators.map((r) => carried('assignment_evaluators', r));
  yield* assigned.items.map((r) => carried('assignment_items', r));
}

function evaluatorOf(db: Database.Database, evaluatorId: string): Row {
  const evaluator = evaluatorRowById(db, evaluatorId);
  if (!evaluator) throw new RungError('NOT_FOUND', `no evaluator with id ${evaluatorId}`);
  return evaluator;
}

/** The model that assists the layer (its k-1's active model), if any. */
const assistingModel = (db: Database.Database, run: { runId: string; layer: number }): string | null => (run.layer >= 1 ? activeModelId(db, run.runId, run.layer - 1) : null);

/** A work bundle of a run's layer; an assisting model read from an encoder's embeddings has those of every text it
 *  scores there cached first (encoded from the lead's encoder folder where missing), so the bundle carries them. */
export async function workContent(db: Database.Database, request: WorkBundleRequest): Promise<BundleContent> {
  const [layerId] = runLayerIds(db, request.runId, request.layer);
  const evaluator = evaluatorOf(db, request.evaluatorId);
  const members = layerMemberIds(db, [layerId]);
  let comparisonIds: readonly string[] = members;
  if (request.comparisonIds) {
    const inLayer = new Set(members);
    const outside = request.comparisonIds.filter((id) => !inLayer.has(id));
    if (outside.length) throw new RungError('NOT_FOUND', `comparison ${outside[0]} is not in layer ${request.layer} of run ${request.runId}${outside.length > 1 ? ` (nor are ${outside.length - 1} more)` : ''}`);
    comparisonIds = [...new Set(request.comparisonIds)];
  }
  const run = { runId: request.runId, layer: request.layer };
  const assisting = assistingModel(db, run);
  if (assisting) await cacheAssistEmbeddings(db, assisting, comparisonIds);
  const records = workRecords(db, evaluator, comparisonIds, run);
  return { kind: 'work', evaluator: { id: request.evaluatorId, name: String(evaluator.name) }, runIds: [request.runId], records };
}

/**
 * A work bundle of comparisons that no run's layer gave (an assignment drawn from a saved filter or a dataset): the
 * comparisons with their datasets, the datasets' guidelines and the evaluator's profile. It carries no run: a filter or
 * a dataset has no layer rules and no assisting model, so the comparisons are judged there without assistance.
 */
export function comparisonsWorkContent(db: Database.Database, evaluatorId: string, comparisonIds: readonly string[]): BundleContent {
  const evaluator = evaluatorOf(db, evaluatorId);
  const records = workRecords(db, evaluator, [...new Set(comparisonIds)], null);
  return { kind: 'work', evaluator: { id: evaluatorId, name: String(evaluator.name) }, runIds: [], records };
}

/** What a work bundle added, per kind of row. */
export const noWorkAdded = () => ({ runs: 0, layers: 0, datasets: 0, prompts: 0, responses: 0, comparisons: 0, models: 0, evaluators: 0, guidelines: 0, encoders: 0, embeddings: 0, assignments: 0 });
export type WorkAdded = ReturnType<typeof noWorkAdded>;

const countKey: Record<string, keyof WorkAdded | null> = {
  runs: 'runs',
  layers: 'layers',
  run_criteria: null,
  datasets: 'datasets',
  prompts: 'prompts',
  responses: 'responses',
  comparisons: 'comparisons',
  dataset_items: null,
  models: 'models',
  external_scores: null,
  assignments: 'assignments',
  assignment_evaluators: null,
  assignment_items: null,
};
/** The rows an assignment's evaluator or item refers to, by field: each carried before it, or here. */
const REFERENCES: Record<string, [field: string, table: string][]> = {
  assignment_evaluators: [['assignment_id', 'assignments'], ['evaluator_id', 'evaluators']],
  assignment_items: [['assignment_id', 'assignments'], ['evaluator_id', 'evaluators'], ['comparison_id', 'comparisons']],
};
/** Tables keyed by more than an id: a row already here (the same key) is left as it is. */
const KEYED_BY_PAIR = ['dataset_items', 'run_criteria', 'external_scores', 'assignment_evaluators', 'assignment_items'];

function refuse(ctx: MergeContext, n: number, what: string): never {
  throw new RungError('BAD_INPUT', `${ctx.fileName}: record ${n}: ${what}; nothing was imported`);
}

/** A guidelines record's row, checked: the text fields, and a dataset or layer that is here (carried before it). */
function guidelinesRecord(ctx: MergeContext, n: number, row: BundleRecord['row']): CarriedGuidelines {
  const { dataset_id: datasetId = null, layer_id: layerId = null, text, written_by: writtenBy, written_at: writtenAt, ...rest } = row;
  const extra = Object.keys(rest)[0];
  if (extra !== undefined) refuse(ctx, n, `guidelines.${extra}: no such field in this database (a bundle from a newer Rung?)`);
  for (const [field, value] of Object.entries({ text, written_by: writtenBy, written_at: writtenAt })) {
    if (typeof value !== 'string') refuse(ctx, n, `guidelines.${field}: expected text`);
  }
  if (Buffer.byteLength(text as string) > MAX_GUIDELINES_BYTES) refuse(ctx, n, `guidelines.text: more than ${MAX_GUIDELINES_BYTES} bytes (64 KiB)`);
  if ((datasetId === null) === (layerId === null)) refuse(ctx, n, 'guidelines: expected a dataset_id or a layer_id, not both');
  if (datasetId !== null && !exists(ctx.db, 'datasets', datasetId)) refuse(ctx, n, `guidelines for dataset ${String(datasetId)}, which the bundle does not carry`);
  if (layerId !== null && !exists(ctx.db, 'layers', layerId)) refuse(ctx, n, `guidelines for layer ${String(layerId)}, which the bundle does not carry`);
  return { dataset_id: datasetId as string | null, layer_id: layerId as string | null, text: text as string, written_by: writtenBy as string, written_at: writtenAt as string };
}

/** Merges one record of a work bundle: rows already here (same id) are left as they are. */
export function mergeWorkRecord(ctx: MergeContext, n: number, record: BundleRecord, added: WorkAdded): void {
  const { db } = ctx;
  if (record.type === 'evaluators') {
    const results = noResultsAdded();
    mergeResultsRecord(ctx, n, record, results, new Set());
    added.evaluators += results.evaluators;
    return;
  }
  if (record.type === 'guidelines') {
    if (mergeGuidelines(ctx.db, guidelinesRecord(ctx, n, record.row), ctx.actor)) added.guidelines++;
    return;
  }
  if (isEncoderRecord(record)) {
    if (mergeEncoderRecord(ctx, n, record)) added[record.type as 'encoders' | 'embeddings']++;
    return;
  }
  if (!(record.type in countKey)) refuse(ctx, n, `a work bundle holds no "${record.type}" records`);
  const columns = tableColumns(db, record.type);
  const row: Row = {};
  for (const [key, value] of Object.entries(record.row)) {
    if (!columns.includes(key)) refuse(ctx, n, `${record.type}.${key}: no such field in this database (a bundle from a newer Rung?)`);
    row[key] = value !== null && typeof value === 'object' ? Buffer.from((value as { base64: string }).base64, 'base64') : value;
  }
  if (record.type === 'runs') {
    const sameName = runIdNamed(db, row.name);
    if (sameName !== undefined && sameName !== row.id) {
      refuse(ctx, n, `run "${String(row.name)}" here is another run (${sameName}) than the bundle's (${String(row.id)}): a bundle for another lab's run`);
    }
  }
  for (const [field, table] of REFERENCES[record.type] ?? []) {
    if (!exists(db, table, row[field])) refuse(ctx, n, `${record.type}.${field}: ${table} ${String(row[field])}, which the bundle does not carry`);
  }
  if (record.type === 'models' && (!exists(db, 'runs', row.run_id) && row.run_id != null)) refuse(ctx, n, `model ${String(row.id)} belongs to run ${String(row.run_id)}, which the bundle does not carry`);
  // Rows keyed by id are left alone when here already; a dataset membership, a run's criterion (keyed by a pair:
  // a run's criteria never change after it is made), an external model's score (its model never changes) or an
  // assignment's evaluator or item (frozen when it was drawn) is ignored when here.
  if (row.id !== undefined && exists(db, record.type, row.id)) return;
  let inserted: boolean;
  try {
    inserted = insertRow(db, record.type, row, KEYED_BY_PAIR.includes(record.type));
  } catch (error) {
    refuse(ctx, n, `${record.type} ${String(row.id ?? '')}: ${(error as Error).message}`);
  }
  const key = countKey[record.type];
  if (inserted && key) added[key]++;
}

/** After the records: sorts the new comparisons into the run's layers. */
export function finishWorkMerge(db: Database.Database): void {
  extendLayerMembers(db);
}
