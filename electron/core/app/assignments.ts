// Assigning work (issue #19): a researcher draws an assignment from a run's layer, a dataset or a saved filter for a set of evaluators
// (electron/core/assignments/plan.ts draws it), lists assignments, follows each evaluator's progress and the lab's
// overall agreement.
import type { ParsedParams, Result } from '../../api/contract';
import { RungError } from '../../api/errors';
import { planAssignment } from '../assignments/plan';
import { assignmentProgress, type LastBundleReceived } from '../assignments/progress';
import { lastBundleByEvaluator } from '../db/bundle-rows';
import {
  assignableComparisonIds,
  assignedEvaluators,
  assignmentRow,
  assignmentRows,
  evaluatorByIdOrName,
  insertAssignment,
  peopleVerdicts,
  peopleVerdictsOnAssigned,
  type AssignmentRow,
} from '../db/assignments';
import { datasetName } from '../db/datasets';
import { filterParams } from '../db/queue-filter';
import { runLayers, runRow } from '../db/runs';
import { getSettings } from '../db/settings';
import { labAgreement } from '../metrics/lab-agreement';
import type { Store } from '../store';
import { matchingComparisonIds } from './records';
import { savedFilterNamed } from './saved-filters';

type Assignment = Result<'createAssignment'>;

function withEvaluators(store: Store, row: AssignmentRow): Assignment {
  const evaluators = assignedEvaluators(store.db, row.id);
  const comparisons = row.overlap > 0 ? evaluators.reduce((sum, e) => sum + e.assigned, 0) / row.overlap : 0;
  return { ...row, comparisons, evaluators };
}

/** The comparisons the source holds, with the assignment's default name and whether it is assisted (a run's layer k ≥ 1). */
function source(store: Store, params: ParsedParams<'createAssignment'>): { comparisonIds: string[]; name: string; assisted: boolean } {
  const { db } = store;
  if (params.runId !== undefined) {
    const run = runRow(db, params.runId);
    if (!run) throw new RungError('NOT_FOUND', `runId: no run with id ${params.runId}`);
    const layers = runLayers(db, run.id);
    const layer = params.layer!;
    if (!layers.some((l) => l.idx === layer)) {
      throw new RungError('NOT_FOUND', `layer: run "${run.name}" has no layer ${layer} (its layers: ${layers.map((l) => l.idx).join(', ') || 'none'})`);
    }
    const comparisonIds = assignableComparisonIds(db, filterParams(db, { runId: run.id, layer }));
    return { comparisonIds, name: `${run.name}, layer ${layer}`, assisted: layer >= 1 };
  }
  if (params.filter !== undefined) {
    // The comparisons it matches now, frozen in the assignment's items (the filter may change later).
    const { name, filter } = savedFilterNamed(store, params.filter, 'filter');
    const comparisonIds = matchingComparisonIds(store, filter);
    if (comparisonIds.length === 0) throw new RungError('INVALID_PARAMS', `filter: nothing to assign: saved filter "${name}" matches no comparisons`);
    return { comparisonIds, name: `saved filter ${name}`, assisted: filter.runId !== undefined && (filter.layer ?? 0) >= 1 };
  }
  const datasetId = params.datasetId!;
  const name = datasetName(db, datasetId);
  if (name === null) throw new RungError('NOT_FOUND', `datasetId: no dataset with id ${datasetId}`);
  return { comparisonIds: assignableComparisonIds(db, filterParams(db, { datasetId })), name, assisted: false };
}

/** The named evaluators (people only, each once) with their quotas; refuses an unknown, repeated or model evaluator. */
function evaluatorsOf(store: Store, params: ParsedParams<'createAssignment'>) {
  const resolved = params.evaluators.map((ref) => {
    const evaluator = evaluatorByIdOrName(store.db, ref);
    if (!evaluator) throw new RungError('NOT_FOUND', `evaluators: no evaluator with id or name "${ref}"`);
    if (evaluator.kind !== 'human') throw new RungError('INVALID_PARAMS', `evaluators: "${ref}" is a model; work is assigned to people`);
    return { ref, ...evaluator };
  });
  resolved.forEach((e, i) => {
    const first = resolved.findIndex((o) => o.id === e.id);
    if (first !== i) throw new RungError('INVALID_PARAMS', `evaluators: "${e.name}" is named twice`);
  });
  for (const ref of Object.keys(params.quotas ?? {})) {
    if (!resolved.some((e) => e.ref === ref || e.name === ref || e.id === ref)) throw new RungError('INVALID_PARAMS', `quotas: "${ref}" is not one of the evaluators`);
  }
  return resolved.map((e) => {
    const own = Object.entries(params.quotas ?? {}).find(([ref]) => ref === e.ref || ref === e.name || ref === e.id);
    return { id: e.id, name: e.name, quota: own ? own[1] : (params.quota ?? null) };
  });
}

export function createAssignment(store: Store, params: ParsedParams<'createAssignment'>): Assignment {
  const { comparisonIds, name, assisted } = source(store, params);
  const evaluators = evaluatorsOf(store, params);
  if (comparisonIds.length === 0) throw new RungError('INVALID_PARAMS', `nothing to assign: ${name} holds no comparisons waiting for people`);
  const settings = getSettings(store.db);
  const controlShare = assisted ? settings.controlShare : 0;
  const plan = planAssignment({ comparisonIds, evaluators, overlap: params.overlap, seed: params.seed, controlShare, positionCheckShare: settings.positionCheckShare });
  if (plan.assigned === 0) throw new RungError('INVALID_PARAMS', `quota: no comparison can be given to ${params.overlap} evaluators within the quotas`);
  const id = insertAssignment(
    store.db,
    {
      name: params.name ?? name,
      runId: params.runId ?? null,
      layer: params.layer ?? null,
      datasetId: params.datasetId ?? null,
      filterName: params.filter ?? null,
      overlap: params.overlap,
      seed: params.seed,
      controlShare,
      positionCheckShare: settings.positionCheckShare,
      deadline: params.deadline ?? null,
      unassigned: plan.unassigned,
      evaluators,
      items: plan.items,
    },
    params.actor,
  );
  return withEvaluators(store, assignmentRow(store.db, id)!);
}

export function listAssignments(store: Store): Assignment[] {
  return assignmentRows(store.db).map((row) => withEvaluators(store, row));
}

export function getAssignmentProgress(store: Store, assignmentId: string): Result<'getAssignmentProgress'> {
  const row = assignmentRow(store.db, assignmentId);
  if (!row) throw new RungError('NOT_FOUND', `no assignment with id ${assignmentId}`);
  const assignment = withEvaluators(store, row);
  const received = new Map(lastBundleByEvaluator(store.db).map((r) => [r.evaluatorId!, r.receivedAt]));
  const lastBundleReceived: LastBundleReceived = (evaluatorId) => received.get(evaluatorId) ?? null;
  return { assignment, evaluators: assignmentProgress(store.db, assignment.evaluators, assignmentId, lastBundleReceived) };
}

/** α and κ over each person's latest usable verdict on the assignment's comparisons, or on every comparison here. */
export function getLabAgreement(store: Store, { assignmentId, minShared }: ParsedParams<'getLabAgreement'>): Result<'getLabAgreement'> {
  if (assignmentId !== undefined && !assignmentRow(store.db, assignmentId)) throw new RungError('NOT_FOUND', `assignmentId: no assignment with id ${assignmentId}`);
  const verdicts = assignmentId === undefined ? peopleVerdicts(store.db) : peopleVerdictsOnAssigned(store.db, assignmentId);
  const ratings = verdicts.map((v) => ({ unit: v.comparisonId, rater: v.evaluatorId, value: v.choice }));
  return { assignmentId: assignmentId ?? null, ...labAgreement(ratings, minShared) };
}
