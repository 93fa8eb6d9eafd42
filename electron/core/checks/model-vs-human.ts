// Model vs human: the active model of a comparison's layer is confident (P ≥ minConfidence, spread ≤ maxSpread)
// and a live human verdict points the other way. One flag per comparison. The active model outside any run (plain
// `rung train`, trained on every human verdict) is checked on every comparison people judged that no layer model flagged.
// Severity 2·(P − 0.5) × (0.5 + 0.5 × share of the people who contradict it), + trainedOnBonus when the model was
// trained on a verdict it contradicts — the evidence says so. A model that scores only some comparisons (an external
// model: those its file covered) is checked on those, and a note says how many of how many. A model trained on a
// criterion of its run's rubric is compared with people's verdicts on that criterion, and its flags name the criterion
// (checks/criterion-checks.ts). A full run checks a page of whole prompts at a time (a pass, run.ts); what it could not
// check is said once, over every pass.
import { runCriteria } from '../db/criteria';
import { onCriterion } from '../ladder/criterion';
import { modelInScope, verdictsInScope, type CheckContext, type PassCheck } from './context';
import { criterionChoicesIn, onCriterionFlag } from './criterion-checks';
import type { FlagCandidate } from '../db/flags';
import { activeModels, activePlainModel, layerComparisonsExamined, modelAbout, modelScoring, uncoveredNote, type ActiveModel, type PlainModel } from './model-scores';
import { checkSettings } from './settings';
import { groupBy, latestPerEvaluator, type HumanVerdict } from './verdicts';

/** People's latest decisive verdicts by comparison. */
const decisiveByComparison = (verdicts: readonly HumanVerdict[]) =>
  groupBy(
    latestPerEvaluator(verdicts).filter((v) => v.choice !== 'tie'),
    (v) => v.comparisonId,
  );

/** The criterion a layer model was trained on, as its flags name it; null for one trained on the judgments' own choices. */
function criterionOf(context: Pick<CheckContext, 'store'>, model: ActiveModel) {
  if (model.criterion === null) return null;
  const label = runCriteria(context.store.db, model.runId).find((c) => c.key === model.criterion)?.label ?? model.criterion;
  return { runId: model.runId, run: model.runName, key: model.criterion, label };
}

/** The check over passes: each compares the models with people's verdicts on the pass's comparisons; the notes count
 *  over every pass. */
export function modelVsHuman(run: Pick<CheckContext, 'store' | 'scope' | 'models'>): PassCheck {
  const { db } = run.store;
  const s = checkSettings.modelVsHuman;
  const layerModels = activeModels(db).filter((m) => modelInScope(run, m.modelId));
  const criteria = layerModels.map((model) => criterionOf(run, model));
  const activePlain = activePlainModel(db);
  const plain = activePlain && modelInScope(run, activePlain.modelId) ? activePlain : null;
  const models: PlainModel[] = [...layerModels, ...(plain ? [plain] : [])];
  // per model (the layer models, then the one outside any run), over every pass: the comparisons people judged, and of
  // those it was asked to score (not flagged by an earlier model), how many it scored
  const tallies = models.map(() => ({ judged: 0, asked: 0, scored: 0 }));
  const scoreModelOn = modelScoring(db);
  type Groups = ReturnType<typeof decisiveByComparison>;
  type Checked = { model: PlainModel; about: Record<string, unknown>; judged: Set<string>; groups: Groups; criterion: ReturnType<typeof criterionOf>; tally: (typeof tallies)[number] };
  return {
    async pass(context) {
      const flags: FlagCandidate[] = [];
      // comparisons already flagged, per criterion (none: the judgments' own choices)
      const flagged = new Set<string>();
      const scoped = verdictsInScope(context);
      const byComparison = decisiveByComparison(scoped);
      const checked: Checked[] = [];
      layerModels.forEach((model, i) => {
        const criterion = criteria[i];
        const groups = criterion ? decisiveByComparison(onCriterion(scoped, criterionChoicesIn(context, criterion.runId, criterion.key))) : byComparison;
        const judged = new Set(layerComparisonsExamined(context, model.runId, model.layer).filter((id) => groups.has(id)));
        tallies[i].judged += judged.size;
        if (judged.size > 0) checked.push({ model, about: { ...modelAbout(model), layer: model.layer, runId: model.runId, run: model.runName }, judged, groups, criterion, tally: tallies[i] });
      });
      if (plain) {
        const judged = new Set(byComparison.keys());
        const tally = tallies[layerModels.length];
        tally.judged += judged.size;
        if (judged.size > 0) checked.push({ model: plain, about: { ...modelAbout(plain), layer: null, runId: null, run: null }, judged, groups: byComparison, criterion: null, tally });
      }
      for (const { model, about, judged: all, groups, criterion, tally } of checked) {
        const subject = (comparisonId: string) => (criterion ? `${criterion.runId}:${criterion.key}|${comparisonId}` : `|${comparisonId}`);
        const judged = new Set([...all].filter((id) => !flagged.has(subject(id))));
        const scores = await scoreModelOn(model.modelId, judged);
        tally.asked += judged.size;
        tally.scored += scores.size;
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
                model.kind === 'external'
                  ? `an external model (its scores imported, trained elsewhere): Rung cannot tell whether it was trained on the ${against.length} verdict(s) it contradicts`
                  : trainedOnAgainst > 0
                  ? `the model was trained on ${trainedOnAgainst} of the ${against.length} verdict(s) it contradicts`
                  : `the model was not trained on the ${against.length} verdict(s) it contradicts`,
            },
          };
          flags.push(criterion ? onCriterionFlag(flag, criterion) : flag);
        }
      }
      return flags;
    },
    notes() {
      const notes: string[] = [];
      const examined = run.scope ? ' among the comparisons examined' : '';
      layerModels.forEach((model, i) => {
        const on = criteria[i] ? ` on criterion ${criteria[i]!.label}` : '';
        if (tallies[i].judged === 0) notes.push(`${model.runName} RM${model.layer}: no human verdict${on} on layer ${model.layer} to compare with${examined}`);
      });
      if (plain && tallies[layerModels.length].judged === 0) notes.push(`${plain.modelName} (trained outside any run): no human verdict to compare with${examined}`);
      if (models.length === 0 && !run.models) notes.push('no reward model trained yet: nothing to compare with people');
      models.forEach((model, i) => {
        const { judged, asked, scored } = tallies[i];
        if (judged > 0 && scored < asked) notes.push(uncoveredNote(model.modelName, scored, asked, 'judged comparisons'));
      });
      return notes;
    },
  };
}
