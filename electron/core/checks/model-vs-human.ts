// Model vs human: the active model of a comparison's layer is confident (P ≥ minConfidence, spread ≤ maxSpread)
// and a live human verdict points the other way. One flag per comparison. The active model outside any run (plain
// `rung train`, trained on every human verdict) is checked on every comparison people judged that no layer model flagged.
// Severity 2·(P − 0.5) × (0.5 + 0.5 × share of the people who contradict it), + trainedOnBonus when the model was
// trained on a verdict it contradicts — the evidence says so. A model that scores only some comparisons (an external
// model: those its file covered) is checked on those, and a note says how many of how many. A model trained on a
// criterion of its run's rubric is compared with people's verdicts on that criterion, and its flags name the criterion
// (checks/criterion-checks.ts).
import { runCriteria } from '../db/criteria';
import { criterionChoices } from '../db/criterion-verdicts';
import { runComparisonIds } from '../db/runs';
import { onCriterion } from '../ladder/criterion';
import { modelInScope, verdictsInScope, type CheckContext, type CheckOutcome } from './context';
import { onCriterionFlag } from './criterion-checks';
import type { FlagCandidate } from '../db/flags';
import { activeModels, activePlainModel, scoreModelOn, uncoveredNote, type ActiveModel, type PlainModel } from './model-scores';
import { checkSettings } from './settings';
import { groupBy, latestPerEvaluator, type HumanVerdict } from './verdicts';

/** People's latest decisive verdicts by comparison. */
const decisiveByComparison = (verdicts: readonly HumanVerdict[]) =>
  groupBy(
    latestPerEvaluator(verdicts).filter((v) => v.choice !== 'tie'),
    (v) => v.comparisonId,
  );

/** The criterion a layer model was trained on, as its flags name it; null for one trained on the judgments' own choices. */
function criterionOf(context: CheckContext, model: ActiveModel) {
  if (model.criterion === null) return null;
  const label = runCriteria(context.store.db, model.runId).find((c) => c.key === model.criterion)?.label ?? model.criterion;
  return { runId: model.runId, run: model.runName, key: model.criterion, label };
}

export async function modelHumanDisagreements(context: CheckContext): Promise<CheckOutcome> {
  const { store } = context;
  const { db } = store;
  const s = checkSettings.modelVsHuman;
  const flags: FlagCandidate[] = [];
  const notes: string[] = [];
  // comparisons already flagged, per criterion (none: the judgments' own choices)
  const flagged = new Set<string>();
  const scoped = verdictsInScope(context);
  const byComparison = decisiveByComparison(scoped);
  type Criterion = ReturnType<typeof criterionOf>;
  const checked: { model: PlainModel; about: Record<string, unknown>; judged: Set<string>; groups: typeof byComparison; criterion: Criterion }[] = [];
  for (const model of activeModels(db).filter((m) => modelInScope(context, m.modelId))) {
    const criterion = criterionOf(context, model);
    const groups = criterion ? decisiveByComparison(onCriterion(scoped, criterionChoices(db, criterion.runId, criterion.key))) : byComparison;
    const judged = new Set(runComparisonIds(db, model.runId, model.layer).filter((id) => groups.has(id)));
    const on = criterion ? ` on criterion ${criterion.label}` : '';
    if (judged.size === 0) notes.push(`${model.runName} RM${model.layer}: no human verdict${on} on layer ${model.layer} to compare with${context.scope ? ' among the comparisons examined' : ''}`);
    else checked.push({ model, about: { id: model.modelId, name: model.modelName, layer: model.layer, runId: model.runId, run: model.runName }, judged, groups, criterion });
  }
  const plain = activePlainModel(db);
  if (plain && modelInScope(context, plain.modelId)) {
    const judged = new Set(byComparison.keys());
    if (judged.size === 0) notes.push(`${plain.modelName} (trained outside any run): no human verdict to compare with${context.scope ? ' among the comparisons examined' : ''}`);
    else checked.push({ model: plain, about: { id: plain.modelId, name: plain.modelName, layer: null, runId: null, run: null }, judged, groups: byComparison, criterion: null });
  }
  if (checked.length === 0 && notes.length === 0 && !context.models) notes.push('no reward model trained yet: nothing to compare with people');
  for (const { model, about, judged: all, groups, criterion } of checked) {
    const subject = (comparisonId: string) => (criterion ? `${criterion.runId}:${criterion.key}|${comparisonId}` : `|${comparisonId}`);
    const judged = new Set([...all].filter((id) => !flagged.has(subject(id))));
    const scores = await scoreModelOn(db, model.modelId, judged);
    if (scores.size < judged.size) notes.push(uncoveredNote(model.modelName, scores.size, judged.size, 'judged comparisons'));
    for (const comparisonId of judged) {
      const score = scores.get(comparisonId);
      if (!score || score.pA === 0.5) continue;
      const modelSide = score.pA > 0.5 ? 'A' : 'B';
      const confidence = Math.max(score.pA, 1 - score.pA);
      if (confidence < s.minConfidence || score.spread > s.maxSpread) continue;
      const group = groups.get(comparisonId)!;
      const against = group.filter((v) => v.choice !== modelSide);
      if (against.length === 0) continue;
      const trainedOnAgainst = against.filter((v) => model.trainedOn.has(v.judgmentId)).length;
      const share = against.length / group.length;
      flagged.add(subject(comparisonId));
      const flag: FlagCandidate = {
        kind: 'model-vs-human',
        dedupeKey: `model-vs-human:${comparisonId}`,
        severity: Math.min(1, 2 * (confidence - 0.5) * (0.5 + 0.5 * share) + (trainedOnAgainst > 0 ? s.trainedOnBonus : 0)),
        comparisonId,
        evaluatorIds: against.map((v) => v.evaluatorId),
        modelIds: [model.modelId],
        evidence: {
          model: about,
          modelSide,
          confidence: Math.round(confidence * 1e4) / 1e4,
          scores: score,
          humanVerdicts: group.map((v) => ({
            judgmentId: v.judgmentId,
            evaluatorId: v.evaluatorId,
            evaluator: v.evaluatorName,
            choice: v.choice,
            contradicts: v.choice !== modelSide,
            trainedOn: model.trainedOn.has(v.judgmentId),
          })),
          trainedOnContradicted: trainedOnAgainst,
          summary:
            trainedOnAgainst > 0
              ? `the model was trained on ${trainedOnAgainst} of the ${against.length} verdict(s) it contradicts`
              : `the model was not trained on the ${against.length} verdict(s) it contradicts`,
        },
      };
      flags.push(criterion ? onCriterionFlag(flag, criterion) : flag);
    }
  }
  return { flags, notes };
}
