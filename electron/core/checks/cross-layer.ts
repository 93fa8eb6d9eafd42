// Cross-layer: the active RMk (k ≥ 1) of each run is scored on the comparisons of its lower layers that have an
// established judgment (gold, or a unanimous consensus of people); each confident contradiction is a flag, one
// per (comparison, model). Severity = how established × (confidence term + margin term), see settings.ts. A full run
// checks a page of whole prompts at a time (a pass, run.ts); what it could not check is said once, over every pass.
import { evaluatorsOf, modelInScope, type CheckContext, type PassCheck } from './context';
import type { FlagCandidate } from '../db/flags';
import { activeModels, activePlainModel, establishedJudgments, layerComparisonsExamined, modelAbout, modelScoring, plainModelNote, uncoveredNote, type EstablishedJudgment, type PairScore } from './model-scores';
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

/** The check over passes: each scores the active RMk (k ≥ 1) on the pass's comparisons of its lower layers that have an
 *  established judgment; the notes count over every pass. */
export function crossLayerCheck(run: Pick<CheckContext, 'store' | 'scope' | 'models'>): PassCheck {
  const { db } = run.store;
  const plain = activePlainModel(db);
  const plainNote = plain && plainModelNote(plain, 'cross-layer'); // the note alone is kept, not what trained the model
  const models = activeModels(db);
  const anyAboveLayer0 = models.some((m) => m.layer >= 1);
  const checked = models.filter((m) => m.layer >= 1 && modelInScope(run, m.modelId));
  // per model checked, over every pass: established judgments below its layer, and how many of those it scored
  const tallies = checked.map(() => ({ established: 0, scored: 0 }));
  const scoreModelOn = modelScoring(db);
  return {
    async pass(context) {
      const { verdicts } = context;
      const flags: FlagCandidate[] = [];
      for (const [i, model] of checked.entries()) {
        const layerOf = new Map<string, number>();
        for (let j = model.layer - 1; j >= 0; j--) for (const id of layerComparisonsExamined(context, model.runId, j)) layerOf.set(id, j);
        const established = establishedJudgments(db, verdicts, new Set(layerOf.keys()));
        tallies[i].established += established.size;
        if (established.size === 0) continue;
        const scores = await scoreModelOn(model.modelId, new Set(established.keys()));
        tallies[i].scored += scores.size;
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
              model: { ...modelAbout(model), layer: model.layer, runId: model.runId, run: model.runName },
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
      return flags;
    },
    notes() {
      const notes: string[] = [];
      if (plainNote) notes.push(plainNote);
      if (!anyAboveLayer0) notes.push('no run has an active RMk above layer 0 yet: nothing to check against lower layers');
      checked.forEach((model, i) => {
        const { established, scored } = tallies[i];
        if (established === 0) notes.push(`${model.runName} RM${model.layer}: no established judgment (gold or a consensus of people) on layers below ${model.layer}${run.scope ? ' among the comparisons examined' : ''}`);
        else if (scored < established) notes.push(uncoveredNote(model.modelName, scored, established, `established judgments below layer ${model.layer}`));
      });
      return notes;
    },
  };
}
