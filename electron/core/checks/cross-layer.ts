// Cross-layer: the active RMk (k ≥ 1) of each run is scored on the comparisons of its lower layers that have an
// established judgment (gold, or a unanimous consensus of people); each confident contradiction is a flag, one
// per (comparison, model). Severity = how established × (confidence term + margin term), see settings.ts.
import { runComparisonIds } from '../db/runs';
import { evaluatorsOf, inScope, modelInScope, type CheckContext, type CheckOutcome } from './context';
import type { FlagCandidate } from '../db/flags';
import { activeModels, activePlainModel, establishedJudgments, plainModelNote, scoreModelOn, uncoveredNote, type EstablishedJudgment, type PairScore } from './model-scores';
import { checkSettings } from './settings';

/** Severity of a model's contradiction of an established judgment (0..1). */
export function crossLayerSeverity(confidence: number, margin: number, established: Pick<EstablishedJudgment, 'weight'>): number {
  const s = checkSettings.crossLayer;
  const strength = s.confidenceWeight * Math.max(0, 2 * (confidence - 0.5)) + s.marginWeight * (margin / (margin + s.marginScale));
  return Math.min(1, established.weight * strength);
}

/** The contradiction of one scored comparison, or null when the model agrees or is not confident enough. */
export function contradiction(score: PairScore, established: EstablishedJudgment): { modelSide: 'A' | 'B'; confidence: number; margin: number } | null {
  if (score.pA === 0.5) return null;
  const modelSide = score.pA > 0.5 ? 'A' : 'B';
  const confidence = Math.max(score.pA, 1 - score.pA);
  if (modelSide === established.side || confidence < checkSettings.crossLayer.minConfidence) return null;
  return { modelSide, confidence, margin: Math.abs(score.rewardA - score.rewardB) };
}

export async function crossLayerContradictions(context: CheckContext): Promise<CheckOutcome> {
  const { store, verdicts } = context;
  const { db } = store;
  const flags: FlagCandidate[] = [];
  const notes: string[] = [];
  const plain = activePlainModel(db);
  if (plain) notes.push(plainModelNote(plain, 'cross-layer'));
  const models = activeModels(db);
  if (!models.some((m) => m.layer >= 1)) notes.push('no run has an active RMk above layer 0 yet: nothing to check against lower layers');
  for (const model of models) {
    if (model.layer < 1 || !modelInScope(context, model.modelId)) continue;
    const layerOf = new Map<string, number>();
    for (let j = model.layer - 1; j >= 0; j--) for (const id of runComparisonIds(db, model.runId, j)) if (inScope(context, id)) layerOf.set(id, j);
    const established = establishedJudgments(db, verdicts, new Set(layerOf.keys()));
    if (established.size === 0) {
      notes.push(`${model.runName} RM${model.layer}: no established judgment (gold or a consensus of people) on layers below ${model.layer}${context.scope ? ' among the comparisons examined' : ''}`);
      continue;
    }
    const scores = await scoreModelOn(db, model.modelId, new Set(established.keys()));
    if (scores.size < established.size) notes.push(uncoveredNote(model.modelName, scores.size, established.size, `established judgments below layer ${model.layer}`));
    for (const [comparisonId, judgment] of established) {
      const score = scores.get(comparisonId);
      const found = score && contradiction(score, judgment);
      if (!score || !found) continue;
      flags.push({
        kind: 'cross-layer',
        dedupeKey: `cross-layer:${model.modelId}:${comparisonId}`,
        severity: crossLayerSeverity(found.confidence, found.margin, judgment),
        comparisonId,
        evaluatorIds: evaluatorsOf(verdicts, judgment.judgmentIds),
        modelIds: [model.modelId],
        evidence: {
          model: { id: model.modelId, name: model.modelName, layer: model.layer, runId: model.runId, run: model.runName },
          comparisonLayer: layerOf.get(comparisonId),
          established: { side: judgment.side, source: judgment.source, evaluators: judgment.evaluators, judgmentIds: judgment.judgmentIds, weight: judgment.weight },
          modelSide: found.modelSide,
          confidence: Math.round(found.confidence * 1e4) / 1e4,
          margin: Math.round(found.margin * 1e4) / 1e4,
          scores: score,
          trainedOnEstablished: judgment.judgmentIds.filter((id) => model.trainedOn.has(id)).length,
        },
      });
    }
  }
  return { flags, notes };
}
