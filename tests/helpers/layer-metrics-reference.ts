// Test oracle: the layer metrics as computed before they were paged (#14): the whole run's verdicts in memory at once, every
// comparison scored in one call. tests/unit/layer-metrics-paged.test.ts checks the paged path gives the same rows.
import type Database from 'better-sqlite3';
import type { Result } from '../../electron/api/contract';
import { RungError } from '../../electron/api/errors';
import { majority } from '../../electron/core/checks/verdicts';
import { criterionChoices } from '../../electron/core/db/criterion-verdicts';
import { modelCriterion, onCriterion } from '../../electron/core/ladder/criterion';
import { groundTruths } from '../../electron/core/db/comparisons';
import { auditOutcomes, standingAutoLabels } from '../../electron/core/ladder/standing-auto-labels';
import { layerDeferrals } from '../../electron/core/db/deferrals';
import { activeModelId } from '../../electron/core/db/models';
import { layerMemberIds } from '../../electron/core/db/layer-members';
import { runLayers } from '../../electron/core/db/runs';
import { loadJudgedVerdicts } from '../../electron/core/db/verdicts';
import { trainedComparisonIds, type TrainedOn } from '../../electron/core/ladder/trained-on';
import { modelScorer } from '../../electron/core/scoring/scorer';
import { expectedCalibrationError, reliabilityBins } from '../../electron/core/metrics/calibration';
import { costCurve } from '../../electron/core/metrics/cost-curve';
import { differenceOfProportions } from '../../electron/core/metrics/intervals';
import { proportion, type Proportion, type Side } from '../../electron/core/metrics/judged-verdicts';
import type { JudgedVerdict } from '../../electron/core/db/verdicts';
import { overTrust, truthOfVerdicts, verdictAccuracy } from './judged-verdicts-reference';
import { medianWithInterval } from '../../electron/core/metrics/median-interval';
import type { ModelPart } from '../../electron/core/ladder/layer-model-part';
import type { Store } from '../../electron/core/store';

type LayerMetrics = Result<'getLayerMetrics'>[number];



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

export async function referenceLayerMetrics(store: Store, runId: string): Promise<LayerMetrics[]> {
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
    const deferrals = standingAutoLabels(layerDeferrals(db, runId, l.idx), ids);
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
