// The layer's active model in the layer metrics (ladder/layer-metrics.ts, which states the definitions): RMk scored
// on its held-out comparisons of the layer and on the established judgments of lower layers, read and scored in
// pages of per-comparison tallies (db/layer-tallies.ts), so memory holds at most the held-out split, never the run.
import type Database from 'better-sqlite3';
import { comparisonTalliesAmong, comparisonTallyPage, layerMemberCount, type ComparisonTally, type TallyOn } from '../db/layer-tallies';
import { activeModelId } from '../db/models';
import { expectedCalibrationError, reliabilityBins } from '../metrics/calibration';
import { costCurve, type CostItem } from '../metrics/cost-curve';
import { majoritySide, proportion, type Proportion, type Side } from '../metrics/judged-verdicts';
import { modelScorer, type ModelScorer } from '../scoring/scorer';
import { modelCriterion } from './criterion';
import type { LayerMetrics } from './layer-metrics';
import { trainedComparisonIds, type TrainedOn } from './trained-on';

/** The layer's active model's figures in a layer's row. */
export type ModelPart = Pick<
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

/** Comparisons read and scored per page by default: bounds the texts and scores held at once. */
export const PAGE_SIZE = 5000;

const sideCorrect = (p: number, truth: Side) => (p === 0.5 ? 0.5 : (p > 0.5) === (truth === 'A') ? 1 : 0);

/** Accuracy of predictions, with p = 0.5 counting half. */
class Agreement {
  correct = 0;
  total = 0;
  add(p: number, truth: Side): void {
    this.correct += sideCorrect(p, truth);
    this.total++;
  }
  get accuracy(): Proportion | null {
    return proportion(this.correct, this.total);
  }
}

const noModel = (modelId: string | null = null, modelName: string | null = null, modelError: string | null = null): ModelPart => ({
  modelId, modelName, modelError, heldOutComparisons: 0, rmAccuracy: null, rmGroundTruthAccuracy: null, ece: null, reliability: [],
  agreementWithLowerLayers: null, agreementWithLowerLayersTrained: null, costCurve: [], modelCriterion: null,
});

const decisive = (gt: string | null): Side | null => (gt === 'A' || gt === 'B' ? gt : null);

/** The side of an established judgment: ground truth A/B, else ≥ 2 human verdicts all on one side; null when not established. */
function establishedSide(t: ComparisonTally): Side | null {
  const gt = decisive(t.groundTruth);
  if (gt) return gt;
  const n = t.nA + t.nB + t.nTie;
  return n >= 2 && t.nA === n ? 'A' : n >= 2 && t.nB === n ? 'B' : null;
}

/** Each comparison of the layer (less those of `skipLayerIds`), one page of tallies at a time. */
function* tallies(db: Database.Database, layerId: string, skipLayerIds: readonly string[], on: TallyOn, pageSize: number): Generator<ComparisonTally[]> {
  for (let after = 0; ; ) {
    const page = comparisonTallyPage(db, layerId, skipLayerIds, on, after, pageSize);
    if (page.length === 0) return;
    yield page;
    after = page[page.length - 1].position;
  }
}

/** Scores (pA) of one page of comparisons, each scored one handed to `each` in the page's order. */
async function scorePage<T extends { id: string }>(scorer: ModelScorer, page: readonly T[], each: (item: T, p: number) => void): Promise<void> {
  if (page.length === 0) return;
  const scores = await scorer.scoreIds(new Set(page.map((t) => t.id)));
  for (const t of page) {
    const s = scores.get(t.id);
    if (s) each(t, s.pA);
  }
}

/** The layer's held-out comparisons, in pages with their tallies: for a model trained elsewhere the whole layer in
 *  store order, else those trained_on lists that are members, in its order. */
function* heldOutPages(db: Database.Database, layerId: string, trainedOn: TrainedOn, on: TallyOn, pageSize: number): Generator<ComparisonTally[]> {
  if (trainedOn.elsewhere) return yield* tallies(db, layerId, [], on, pageSize);
  const listed = Array.isArray(trainedOn.heldOutComparisonIds) ? trainedOn.heldOutComparisonIds : [];
  for (let i = 0; i < listed.length; i += pageSize) {
    const ids = listed.slice(i, i + pageSize);
    const tallyOf = new Map(comparisonTalliesAmong(db, layerId, ids, on).map((t) => [t.id, t]));
    yield ids.flatMap((id) => tallyOf.get(id) ?? []);
  }
}

/** How many held-out comparisons heldOutPages gives. */
function heldOutCount(db: Database.Database, layerId: string, trainedOn: TrainedOn, on: TallyOn, pageSize: number): number {
  if (trainedOn.elsewhere) return layerMemberCount(db, layerId);
  let n = 0;
  for (const page of heldOutPages(db, layerId, trainedOn, on, pageSize)) n += page.length;
  return n;
}

/** Layer `layer` (id `layerId`, its lower layers `lowerLayerIds`) of run `runId`: its active model's figures, read
 *  and scored `pageSize` comparisons at a time. */
export async function modelPart(
  db: Database.Database,
  runId: string,
  layer: number,
  layerId: string,
  lowerLayerIds: readonly string[],
  pageSize = PAGE_SIZE,
): Promise<ModelPart> {
  const modelId = activeModelId(db, runId, layer);
  if (!modelId) return noModel();
  const stored = modelScorer(db, modelId);
  const trainedOn = stored.trainedOn as TrainedOn;
  const criterion = modelCriterion(db, runId, trainedOn);
  const on: TallyOn = { criterion: criterion && { runId, key: criterion.key }, groundTruth: !criterion || criterion.idx === 0 };
  const measuredCriterion = criterion && { key: criterion.key, label: criterion.label };
  const vsConsensus = new Agreement(), vsGroundTruth = new Agreement(), lower = new Agreement(), lowerTrained = new Agreement();
  const predicted: number[] = [], outcomes: number[] = [], cost: CostItem[] = [];
  let heldOut = 0, scored = 0, established = 0;
  const trained = layer === 0 ? new Set<string>() : trainedComparisonIds(db, trainedOn);
  try {
    for (const page of heldOutPages(db, layerId, trainedOn, on, pageSize)) {
      heldOut += page.length;
      await scorePage(stored, page, (t, p) => {
        scored++;
        const consensus = majoritySide(t);
        if (consensus) {
          vsConsensus.add(p, consensus);
          predicted.push(p);
          outcomes.push(consensus === 'A' ? 1 : 0);
        }
        const gt = decisive(t.groundTruth);
        if (gt) vsGroundTruth.add(p, gt);
        const truth = gt ?? consensus, humans = t.nA + t.nB + t.nTie;
        if (truth && humans)
          cost.push({ confidence: Math.max(p, 1 - p), modelCorrect: sideCorrect(p, truth), humanCorrect: (truth === 'A' ? t.nA : t.nB) / humans });
      });
    }
    // Each lower layer's comparisons not in a layer below it (a comparison in two layers is counted once).
    for (const [k, lowerId] of lowerLayerIds.entries()) {
      for (const page of tallies(db, lowerId, lowerLayerIds.slice(0, k), on, pageSize)) {
        const settled = page.flatMap((t) => {
          const side = establishedSide(t);
          return side ? [{ id: t.id, side }] : [];
        });
        established += settled.length;
        await scorePage(stored, settled, (t, p) => (trained.has(t.id) ? lowerTrained : lower).add(p, t.side));
      }
    }
  } catch (error) {
    return { ...noModel(modelId, stored.name, (error as Error).message), heldOutComparisons: heldOutCount(db, layerId, trainedOn, on, pageSize), modelCriterion: measuredCriterion };
  }
  if (heldOut === 0 && established === 0) return { ...noModel(modelId, stored.name), modelCriterion: measuredCriterion };
  return {
    modelId,
    modelName: stored.name,
    modelError: null,
    heldOutComparisons: scored,
    rmAccuracy: vsConsensus.accuracy,
    rmGroundTruthAccuracy: vsGroundTruth.accuracy,
    ece: expectedCalibrationError(predicted, outcomes),
    reliability: predicted.length ? reliabilityBins(predicted, outcomes) : [],
    agreementWithLowerLayers: layer === 0 ? null : lower.accuracy,
    agreementWithLowerLayersTrained: layer === 0 ? null : lowerTrained.accuracy,
    costCurve: costCurve(cost),
    modelCriterion: measuredCriterion,
  };
}
