// Deferral: the layer's reward model scores the pending comparisons; confident ones get an auto-label (a judgment
// by the model's evaluator entry, never a person's), a random audit share of those also goes to people, the rest go
// to the human queue (most uncertain first). The threshold comes from chooseThreshold (risk control) on the model's
// held-out human-labelled comparisons. An external model (a lab's imported scores) routes the comparisons its file scored
// and is calibrated on those; the rest stay with people. A model trained on a criterion of the run's rubric is calibrated
// on people's verdicts on that criterion (as it was trained); it routes only when that is the rubric's first criterion,
// since an auto-label is a judgment whose own choice is its verdict on the first criterion: a model on a later criterion
// is refused (CONFLICT, before anything is written). Also the Queue page's status of a layer.
import type { Result } from '../../api/contract';
import { RungError } from '../../api/errors';
import {
  humanLabelCounts,
  layerDeferrals,
  latestRound,
  latestRoutes,
  pendingComparisonIds,
  recordRound,
  simulatedLabelCount,
  type CalibrationScope,
  type NewDeferral,
} from '../db/deferrals';
import { activeModelId, modelHeader, modelRunId } from '../db/models';
import { runComparisonIds, runName } from '../db/runs';
import { loadComparisons } from './training-data';
import type { PairTable } from '../engine/pair-table';
import { modelScorer, type ModelScorer, type PairScore } from '../scoring/scorer';
import { sha256Hex } from '../ids';
import { clopperPearsonUpper } from '../metrics/intervals';
import type { Store } from '../store';
import { calibrationPairsNeeded, chooseThreshold, type HeldOutPair } from './deferral';
import { modelCriterion, type ModelCriterion } from './criterion';
import { runCriteria } from '../db/criteria';
import { trainedComparisonIds, type TrainedOn } from './trained-on';
import { auditOutcomes, standingAutoLabels } from './standing-auto-labels';

export interface RouteOptions {
  runId: string;
  layer: number;
  /** Default: the layer's active model. */
  modelId?: string;
  target?: number;
  confidence?: number;
  auditShare?: number;
  seed?: number;
  actor: string;
  /** Count simulated evaluators' verdicts as human labels (calibration, pending). Default: as the model was trained. */
  includeSimulated?: boolean;
  /** Which held-out pairs certify the threshold (default 'this-layer'). */
  calibrateOn?: CalibrationScope;
}

/** What a round did (the contract's routeLayer result). */
export type RouteResult = Result<'routeLayer'>;

/** The model that routes a layer: the given one (of this run) or the layer's active model; a clear error when there is none. */
function routingModel(store: Store, runId: string, layer: number, modelId?: string): ModelScorer {
  const id = modelId ?? activeModelId(store.db, runId, layer);
  if (!id) {
    throw new RungError('CONFLICT', `layer ${layer} of run "${runName(store.db, runId) ?? runId}" has no reward model yet: train RM${layer} first (Ladder page, or rung train --run RUN --layer ${layer})`);
  }
  const owner = modelRunId(store.db, id);
  if (owner && owner !== runId) throw new RungError('CONFLICT', `model ${id} belongs to another run`);
  return modelScorer(store.db, id);
}

/** Scores what the model can (an external model: what its file covered); engine failures (no engine, an embedding
 *  model without embeddings) become a plain CONFLICT. */
async function score(table: PairTable, model: ModelScorer): Promise<Map<string, PairScore>> {
  try {
    return (await model.scoreTable(table)).byId;
  } catch (error) {
    if (error instanceof RungError) throw error;
    throw new RungError('CONFLICT', `cannot score with ${model.name}: ${(error as Error).message}`);
  }
}

/** The criterion the model's auto-labels would be verdicts on (null: the judgments' own choices); refused when it is
 *  not the rubric's first, which an auto-label's own choice stands for. */
function routingCriterion(store: Store, runId: string, model: ModelScorer): ModelCriterion | null {
  const criterion = modelCriterion(store.db, runId, model.trainedOn as TrainedOn);
  if (!criterion || criterion.idx === 0) return criterion;
  const first = runCriteria(store.db, runId)[0];
  throw new RungError(
    'CONFLICT',
    `${model.name} was trained on criterion "${criterion.label}" (${criterion.key}) of run "${criterion.run}", not on its first criterion "${first.label}" (${first.key}): ` +
      `an auto-label is a judgment, whose own choice is its verdict on the first criterion, so this model cannot route. ` +
      `Route with a model trained on the overall verdicts or on "${first.key}" (rung train --run RUN --layer K [--criterion ${first.key}], then make it active or pass its id)`,
  );
}

const decisive = (target: number): 'A' | 'B' | null => (target > 0.5 ? 'A' : target < 0.5 ? 'B' : null);

/**
 * Calibration pairs: the run's comparisons with a decisive human consensus that the model did not train on — its
 * held-out split, and everything labelled since (answered audits and human-routed comparisons) — of layer k only
 * ('this-layer': exchangeable with the pending comparisons the threshold is applied to, as Learn-then-Test assumes),
 * or of layers 0..k ('lower-layers-too': more pairs, but easier ones stand in for layer k's). For a model trained on a
 * criterion, the consensus is of people's verdicts on it (training's reading, ladder/training-data.ts).
 */
async function calibrationPairs(
  store: Store,
  runId: string,
  layer: number,
  model: ModelScorer,
  includeSimulated: boolean,
  on: CalibrationScope,
  criterion: ModelCriterion | null,
): Promise<HeldOutPair[]> {
  const trained = trainedComparisonIds(store.db, model.trainedOn as TrainedOn);
  const scope = new Set<string>();
  for (let k = on === 'this-layer' ? layer : 0; k <= layer; k++) for (const id of runComparisonIds(store.db, runId, k)) if (!trained.has(id)) scope.add(id);
  const table = loadComparisons(store.db, { judgedOnly: true, comparisonIds: scope, includeSimulated, criterion: criterion ?? undefined });
  if (table.comparisonIds.length === 0) return [];
  const scores = await score(table, model);
  const pairs: HeldOutPair[] = [];
  table.comparisonIds.forEach((id, i) => {
    const human = decisive(table.target[i]);
    const scored = scores.get(id);
    if (human && scored) pairs.push({ pA: scored.pA, human });
  });
  return pairs;
}

/** A uniform draw in [0, 1) per (seed, comparison): which auto-labels are audited, the same on every machine. */
const auditDraw = (seed: number, comparisonId: string) => parseInt(sha256Hex('audit', String(seed), comparisonId).slice(0, 8), 16) / 2 ** 32;

function checkShare(name: string, x: number, open: boolean): void {
  const ok = Number.isFinite(x) && (open ? x > 0 && x < 1 : x >= 0 && x <= 1);
  if (!ok) throw new RungError('INVALID_PARAMS', `${name} must be ${open ? 'between 0 and 1 (exclusive)' : 'from 0 to 1'}, got ${x}`);
}

export async function routeLayer(store: Store, options: RouteOptions): Promise<RouteResult> {
  const { runId, layer, actor } = options;
  const target = options.target ?? 0.05;
  const confidence = options.confidence ?? 0.95;
  const auditShare = options.auditShare ?? 0.05;
  const seed = options.seed ?? 1;
  checkShare('target', target, true);
  checkShare('confidence', confidence, true);
  checkShare('auditShare', auditShare, false);
  const layerIds = runComparisonIds(store.db, runId, layer); // NOT_FOUND for an unknown run or layer
  const model = routingModel(store, runId, layer, options.modelId);
  const criterion = routingCriterion(store, runId, model);
  const trainedOn = model.trainedOn as TrainedOn;
  const includeSimulated = options.includeSimulated ?? trainedOn.includeSimulated === true;

  const calibratedOn = options.calibrateOn ?? 'this-layer';
  const pairs = await calibrationPairs(store, runId, layer, model, includeSimulated, calibratedOn, criterion);
  const chosen = chooseThreshold(pairs, target, confidence);
  const pendingIds = pendingComparisonIds(store.db, layerIds);
  const table = loadComparisons(store.db, { judgedOnly: false, comparisonIds: new Set(pendingIds) });
  const scores = table.comparisonIds.length ? await score(table, model) : new Map<string, PairScore>();

  // A pending comparison the model has no score of (an external model's file did not cover it) is not routed: it stays with people.
  const scored = table.comparisonIds.flatMap((comparisonId) => {
    const s = scores.get(comparisonId);
    return s ? [{ comparisonId, pA: Math.min(1, Math.max(0, s.pA)), spread: Math.max(0, s.spread) }] : [];
  });
  const confident = chosen.threshold === null ? [] : scored.filter((s) => Math.max(s.pA, 1 - s.pA) >= chosen.threshold!);
  // The audit sample: round(auditShare × auto-labels), at least one when there is a share and anything to audit.
  const audits = auditShare > 0 && confident.length > 0 ? Math.min(confident.length, Math.max(1, Math.round(auditShare * confident.length))) : 0;
  const audited = new Set(
    [...confident]
      .sort((a, b) => auditDraw(seed, a.comparisonId) - auditDraw(seed, b.comparisonId))
      .slice(0, audits)
      .map((s) => s.comparisonId),
  );
  const isConfident = new Set(confident.map((s) => s.comparisonId));
  const deferrals: NewDeferral[] = scored.map((s) => ({
    ...s,
    route: !isConfident.has(s.comparisonId) ? 'human' : audited.has(s.comparisonId) ? 'audit' : 'auto',
  }));

  const written = recordRound(
    store.db,
    model,
    {
      runId, layer, modelId: model.id, target, confidence, auditShare,
      threshold: chosen.threshold,
      calibratedOn,
      calibrationPairs: chosen.covered ?? pairs.length,
      calibrationErrors: chosen.errors,
      errorBound: chosen.errorBound,
      seed, actor,
    },
    deferrals,
  );
  const count = (route: NewDeferral['route']) => written.rows.filter((d) => d.route === route).length;
  return {
    roundId: written.roundId,
    runId,
    layer,
    modelId: model.id,
    modelName: model.name,
    modelEvaluatorId: written.evaluatorId,
    target,
    confidence,
    auditShare,
    threshold: chosen.threshold,
    calibratedOn,
    calibrationPairs: pairs.length,
    calibrationPairsNeeded: chosen.pairsNeeded,
    smallestCertifiableTarget: chosen.smallestTarget,
    coveredPairs: chosen.covered,
    coveredErrors: chosen.errors,
    errorBound: chosen.errorBound,
    includeSimulated,
    pending: written.rows.length,
    autoLabelled: count('auto') + count('audit'),
    audit: count('audit'),
    human: count('human'),
    unscored: table.comparisonIds.length - scored.length,
    criterion: criterion && { key: criterion.key, label: criterion.label },
  };
}

/** The criterion a stored round's model was trained on (what its held-out pairs were judged on); null when none, or
 *  when the model has since been deleted. */
function roundCriterion(db: Store['db'], runId: string, modelId: string): { key: string; label: string } | null {
  const model = modelHeader(db, modelId);
  const criterion = model && modelCriterion(db, runId, JSON.parse(model.trainedOn) as TrainedOn);
  return criterion ? { key: criterion.key, label: criterion.label } : null;
}

/** The Queue page's numbers (the contract's getQueueStatus result). */
export type QueueStatus = Result<'getQueueStatus'>;

/** The Queue page's numbers for one layer of a run. */
export function getQueueStatus(store: Store, { runId, layer }: { runId: string; layer: number }): QueueStatus {
  const db = store.db;
  const ids = runComparisonIds(db, runId, layer);
  const round = latestRound(db, runId, layer);
  const labelled = humanLabelCounts(db, ids);
  const simulated = simulatedLabelCount(db, ids);
  const routes = new Map(latestRoutes(db, ids).map((r) => [r.comparisonId, r]));
  const standing = standingAutoLabels(layerDeferrals(db, runId, layer), new Set(ids));
  const audits = auditOutcomes(db, standing);
  const autoLabelled = standing.length;
  const waitingForHumans = ids.filter((id) => !labelled.comparisons.has(id) && routes.get(id)?.route !== 'auto' && routes.get(id)?.route !== 'audit').length;
  return {
    runId,
    layer,
    comparisons: ids.length,
    waitingForHumans,
    autoLabelled,
    inAudit: audits.waiting,
    auditAnswered: audits.answered,
    auditErrors: audits.errors,
    auditUndecided: audits.undecided,
    estimatedError: audits.answered ? audits.errors / audits.answered : null,
    estimatedErrorBound: audits.answered ? clopperPearsonUpper(audits.errors, audits.answered, round?.confidence ?? 0.95) : null,
    humanLabels: labelled.verdicts,
    simulatedLabels: simulated,
    humanLabelsSaved: standing.filter((d) => d.route === 'auto').length,
    threshold: round?.threshold ?? null,
    latestRound: round && { ...round, calibrationPairsNeeded: calibrationPairsNeeded(round.target, round.confidence), criterion: roundCriterion(db, runId, round.modelId) },
  };
}
