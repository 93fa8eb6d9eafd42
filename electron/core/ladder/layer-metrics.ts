// Per-layer report of a run (issue #6 "Metrics", the Ladder page's report, `rung metrics`, `rung demo --simulate --json`):
// labels used and saved by deferral, people's accuracy with and without assistance, time per judgment, over-trust,
// and the layer's active RMk on its held-out comparisons (accuracy, calibration, cost curve) and on lower layers.
//
// Definitions:
// - Human verdicts: usable verdicts of evaluators of kind 'human' (people and the simulated evaluators that stand
//   in for them): A, B or tie, not retracted, not excluded, not a position-check repeat.
// - Truth of a verdict: ground truth (A/B) where known, else the majority of the other human verdicts (metrics/judged-verdicts.ts).
//   Assisted = assistance mode 'assisted', unassisted = mode 'control' (randomised control trials); humanAccuracy is over all.
// - Consensus of a comparison: the strict majority (A or B) of its human verdicts.
// - RMk: the layer's active model, scored on its held-out comparisons (trained_on.heldOutComparisonIds) of this layer
//   only (RMk trains on layers 0..k; lower layers' held-out pairs are not this layer's): heldOutComparisons counts them,
//   rmAccuracy is against consensus (its total: the consensus-decided ones), rmGroundTruthAccuracy against ground
//   truth; ECE and reliability bins over the consensus-decided ones. An external model (a lab's imported scores) never
//   trained on Rung's verdicts: every comparison of the layer is held out for it, and heldOutComparisons counts those
//   its file scored (its coverage); the figures, and agreement with lower layers, are over the comparisons it scored.
// - Agreement with lower layers: RMk against the established judgments of layers < k (ground truth A/B, else ≥ 2
//   human verdicts all on one side), on the comparisons RMk never trained on (agreementWithLowerLayers) and, apart,
//   on its own training comparisons (agreementWithLowerLayersTrained), never mixed.
// - Labels saved: comparisons whose latest deferral routed them 'auto' with a live auto-label; audited error: share of
//   'audit' auto-labels that disagree with the human consensus reached since.
// - A model trained on a criterion of the run's rubric (its trained_on criterion, modelCriterion) is measured on that
//   criterion: consensus, the established judgments of lower layers and the cost curve's human correctness read each
//   verdict's verdict on it (db/criterion-verdicts.ts, as training reads them; verdicts without one are left out).
//   Ground truth is a verdict on the comparison as a whole, which the judgment's own choice (the verdict on the first
//   criterion) stands for: it counts for a model on the first criterion only; on a later one rmGroundTruthAccuracy is
//   null and truth is the consensus on it. People's own figures (accuracy, time, over-trust) stay overall.
// - Cost curve (metrics/cost-curve.ts) on the held-out comparisons with a truth (ground truth, else consensus):
//   human correctness of a comparison = share of its human verdicts equal to that truth.
import type Database from 'better-sqlite3';
import type { Result } from '../../api/contract';
import { RungError } from '../../api/errors';
import { majority } from '../checks/verdicts';
import { criterionChoices } from '../db/criterion-verdicts';
import { modelCriterion, onCriterion } from './criterion';
import { groundTruths } from '../db/comparisons';
import { auditOutcomes, standingAutoLabels } from './standing-auto-labels';
import { activeModelId } from '../db/models';
import { layerMemberIds } from '../db/layer-members';
import { runLayers } from '../db/runs';
import { loadJudgedVerdicts } from '../db/verdicts';
import { trainedComparisonIds, type TrainedOn } from './trained-on';
import { modelScorer } from '../scoring/scorer';
import { expectedCalibrationError, reliabilityBins } from '../metrics/calibration';
import { costCurve } from '../metrics/cost-curve';
import { differenceOfProportions } from '../metrics/intervals';
import {
  overTrust,
  proportion,
  truthOfVerdicts,
  verdictAccuracy,
  type JudgedVerdict,
  type Proportion,
  type Side,
} from '../metrics/judged-verdicts';
import { medianWithInterval } from '../metrics/median-interval';
import type { Store } from '../store';

/** One layer's figures (the contract's getLayerMetrics rows, documented in api/metrics.ts). */
export type LayerMetrics = Result<'getLayerMetrics'>[number];

/** The layer's active model: RMk's held-out accuracy, calibration, agreement with lower layers, cost curve. */
type ModelPart = Pick<
  LayerMetrics,
  | 'modelId'
  | 'modelName'
  | 'modelError'
  | 'heldOutComparisons'
  | 'rmAccuracy'
  | 'rmGroundTruthAccuracy'
  | 'ece'
  | 'reliability'
  | 'agreementWithLowerLayers'
  | 'agreementWithLowerLayersTrained'
  | 'costCurve'
  | 'modelCriterion'
>;


function groupByComparison(verdicts: readonly JudgedVerdict[]): Map<string, JudgedVerdict[]> {
  const out = new Map<string, JudgedVerdict[]>();
  for (const v of verdicts) {
    const list = out.get(v.comparisonId);
    if (list) list.push(v);
    else out.set(v.comparisonId, [v]);
  }
  return out;
}

function consensusOf(list: readonly JudgedVerdict[] | undefined): Side | null {
  const m = list && list.length ? majority(list.map((v) => v.choice)) : null;
  return m === 'A' || m === 'B' ? m : null;
}

const secondsOf = (vs: readonly JudgedVerdict[]) => vs.filter((v) => v.durationMs !== null).map((v) => v.durationMs! / 1000);
const sideCorrect = (p: number, truth: Side) => (p === 0.5 ? 0.5 : (p > 0.5) === (truth === 'A') ? 1 : 0);

/** Accuracy of predictions against truths, with p = 0.5 counting half. */
function predictionAccuracy(pairs: readonly { p: number; truth: Side }[]): Proportion | null {
  return proportion(pairs.reduce((s, x) => s + sideCorrect(x.p, x.truth), 0), pairs.length);
}


const noModel = (modelId: string | null = null, modelName: string | null = null, modelError: string | null = null): ModelPart => ({
  modelId, modelName, modelError, heldOutComparisons: 0, rmAccuracy: null, rmGroundTruthAccuracy: null, ece: null, reliability: [],
  agreementWithLowerLayers: null, agreementWithLowerLayersTrained: null, costCurve: [], modelCriterion: null,
});

/** People's verdicts by comparison and the comparisons' ground truths (A, B, tie or none). */
interface MeasuredAgainst {
  verdictsOf: ReadonlyMap<string, JudgedVerdict[]>;
  groundTruth: ReadonlyMap<string, string | null>;
}

/** What the model is measured against: people's verdicts by comparison and the ground truths, both overall, or (a
 *  model trained on a criterion) their verdicts on that criterion, with ground truth only for the first criterion. */
function measuredOn(
  db: Database.Database,
  runId: string,
  trainedOn: TrainedOn,
  verdicts: readonly JudgedVerdict[],
  overall: MeasuredAgainst,
): MeasuredAgainst & { criterion: { key: string; label: string } | null } {
  const criterion = modelCriterion(db, runId, trainedOn);
  if (!criterion) return { ...overall, criterion: null };
  return {
    verdictsOf: groupByComparison(onCriterion(verdicts, criterionChoices(db, runId, criterion.key))),
    groundTruth: criterion.idx === 0 ? overall.groundTruth : new Map<string, string | null>(),
    criterion: { key: criterion.key, label: criterion.label },
  };
}

async function modelPart(
  db: Database.Database,
  runId: string,
  layer: number,
  layerIds: ReadonlySet<string>,
  lowerIds: ReadonlySet<string>,
  verdicts: readonly JudgedVerdict[],
  overall: MeasuredAgainst,
): Promise<ModelPart> {
  const modelId = activeModelId(db, runId, layer);
  if (!modelId) return noModel();
  const stored = modelScorer(db, modelId);
  const trainedOn = stored.trainedOn as TrainedOn;
  const { verdictsOf, groundTruth, criterion: modelCriterion } = measuredOn(db, runId, trainedOn, verdicts, overall);
  // A model trained elsewhere (an external one) saw none of the layer's comparisons as far as Rung knows.
  const heldOutIds = trainedOn.elsewhere ? [...layerIds] : Array.isArray(trainedOn.heldOutComparisonIds) ? trainedOn.heldOutComparisonIds : [];
  const heldOut = heldOutIds.filter((id) => layerIds.has(id));
  const trained = trainedComparisonIds(db, trainedOn);
  const established = [...lowerIds].filter((id) => {
    const gt = groundTruth.get(id);
    if (gt === 'A' || gt === 'B') return true;
    const list = verdictsOf.get(id) ?? [];
    return list.length >= 2 && list[0].choice !== 'tie' && list.every((v) => v.choice === list[0].choice);
  });
  const ids = new Set([...heldOut, ...established]);
  if (ids.size === 0) return { ...noModel(modelId, stored.name), heldOutComparisons: heldOut.length, modelCriterion };
  let pOf: Map<string, number>;
  try {
    pOf = new Map([...(await stored.scoreIds(ids))].map(([id, score]) => [id, score.pA]));
  } catch (error) {
    return { ...noModel(modelId, stored.name, (error as Error).message), heldOutComparisons: heldOut.length, modelCriterion };
  }
  const gtSide = (id: string): Side | null => {
    const gt = groundTruth.get(id);
    return gt === 'A' || gt === 'B' ? gt : null;
  };
  const vsConsensus: { p: number; truth: Side }[] = [], vsGroundTruth: { p: number; truth: Side }[] = [], cost = [];
  for (const id of heldOut) {
    const p = pOf.get(id);
    if (p === undefined) continue;
    const consensus = consensusOf(verdictsOf.get(id));
    if (consensus) vsConsensus.push({ p, truth: consensus });
    const gt = gtSide(id);
    if (gt) vsGroundTruth.push({ p, truth: gt });
    const truth = gt ?? consensus;
    const humans = verdictsOf.get(id) ?? [];
    if (truth && humans.length)
      cost.push({ confidence: Math.max(p, 1 - p), modelCorrect: sideCorrect(p, truth), humanCorrect: humans.filter((v) => v.choice === truth).length / humans.length });
  }
  const lowerOn = (wasTrained: boolean) =>
    established.flatMap((id) => {
      const p = pOf.get(id);
      const truth = gtSide(id) ?? (verdictsOf.get(id)![0].choice as Side);
      return p === undefined || trained.has(id) !== wasTrained ? [] : [{ p, truth }];
    });
  const predicted = vsConsensus.map((x) => x.p), outcomes = vsConsensus.map((x) => (x.truth === 'A' ? 1 : 0));
  return {
    modelId,
    modelName: stored.name,
    modelError: null,
    heldOutComparisons: heldOut.filter((id) => pOf.has(id)).length,
    rmAccuracy: predictionAccuracy(vsConsensus),
    rmGroundTruthAccuracy: predictionAccuracy(vsGroundTruth),
    ece: expectedCalibrationError(predicted, outcomes),
    reliability: predicted.length ? reliabilityBins(predicted, outcomes) : [],
    agreementWithLowerLayers: layer === 0 ? null : predictionAccuracy(lowerOn(false)),
    agreementWithLowerLayersTrained: layer === 0 ? null : predictionAccuracy(lowerOn(true)),
    costCurve: costCurve(cost),
    modelCriterion,
  };
}

export async function layerMetrics(store: Store, runId: string): Promise<LayerMetrics[]> {
  const db = store.db;
  const layers = runLayers(db, runId);
  if (layers.length === 0) throw new RungError('NOT_FOUND', `no run with id ${runId}`);
  const idsOf = layers.map((l) => layerMemberIds(db, [l.id]));
  const all = [...new Set(idsOf.flat())];
  const verdicts = loadJudgedVerdicts(db, all);
  const truth = truthOfVerdicts(verdicts);
  const verdictsOf = groupByComparison(verdicts);
  const groundTruth = new Map(groundTruths(db, all).map((r) => [r.id, r.gt]));

  const out: LayerMetrics[] = [];
  for (const [i, l] of layers.entries()) {
    const ids = new Set(idsOf[i]);
    const own = verdicts.filter((v) => ids.has(v.comparisonId));
    const assisted = own.filter((v) => v.mode === 'assisted'), control = own.filter((v) => v.mode === 'control');
    const assistedAccuracy = verdictAccuracy(assisted, truth), unassistedAccuracy = verdictAccuracy(control, truth);
    const timeAssisted = medianWithInterval(secondsOf(assisted)), timeControl = medianWithInterval(secondsOf(control));
    const deferrals = standingAutoLabels(db, runId, l.idx, ids);
    const audits = auditOutcomes(db, deferrals);
    const lowerIds = new Set(idsOf.slice(0, i).flat());
    out.push({
      layer: l.idx,
      layerName: l.name,
      comparisons: ids.size,
      humanLabels: own.length,
      simulatedLabels: own.filter((v) => v.simulated).length,
      autoLabelled: deferrals.length,
      humanLabelsSaved: deferrals.filter((d) => d.route === 'auto').length,
      auditedAutoLabels: audits.answered,
      auditedAutoLabelError: audits.answered ? audits.errors / audits.answered : null,
      ...(await modelPart(db, runId, l.idx, ids, lowerIds, verdicts, { verdictsOf, groundTruth })),
      humanAccuracy: verdictAccuracy(own, truth),
      assistedAccuracy,
      unassistedAccuracy,
      assistanceEffect:
        assistedAccuracy && unassistedAccuracy
          ? differenceOfProportions(assistedAccuracy.successes, assistedAccuracy.total, unassistedAccuracy.successes, unassistedAccuracy.total)
          : null,
      medianSecondsAssisted: timeAssisted?.median ?? null,
      medianSecondsAssistedInterval: timeAssisted?.interval ?? null,
      medianSecondsUnassisted: timeControl?.median ?? null,
      medianSecondsUnassistedInterval: timeControl?.interval ?? null,
      overTrust: overTrust(assisted, truth),
    });
  }
  return out;
}
