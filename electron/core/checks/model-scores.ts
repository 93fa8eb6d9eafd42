// What the model-based checks share: the active model of every run's layers, scores of a model on a set of
// comparisons (P(A ≻ B), spread, rewards), the established judgment of a comparison (gold or unanimous people).
import type Database from 'better-sqlite3';
import { decisiveGroundTruths } from '../db/comparisons';
import { activeModelRows, activePlainModelRow } from '../db/models';
import { runComparisonIds, runComparisonIdsAmong } from '../db/runs';
import { modelScorer, type ModelScorer } from '../scoring/scorer';
import { inScope, type CheckContext } from './context';
import { checkSettings } from './settings';
import { groupBy, latestPerEvaluator, type HumanVerdict } from './verdicts';

export interface ActiveModel {
  runId: string;
  runName: string;
  layer: number;
  modelId: string;
  modelName: string;
  /** 'external': a lab's model whose scores were imported (trained elsewhere, on nothing Rung knows of). */
  kind: 'trained' | 'external';
  /** The judgments the model was trained on (models.trained_on.judgmentIds). */
  trainedOn: ReadonlySet<string>;
  /** The key of its run's rubric criterion it was trained on, or null (the judgments' own choices). */
  criterion: string | null;
}

/** The active model of each layer of each run, ordered by run and layer. */
export function activeModels(db: Database.Database): ActiveModel[] {
  const rows = activeModelRows(db);
  const seen = new Set<string>();
  const out: ActiveModel[] = [];
  for (const { judgmentIds, ...r } of rows) {
    const key = `${r.runId}|${r.layer}`;
    if (seen.has(key)) continue; // the newest active one, as activeModelId picks it
    seen.add(key);
    out.push({ ...r, trainedOn: new Set(judgmentIds ? (JSON.parse(judgmentIds) as string[]) : []) });
  }
  return out;
}

/** The comparisons of one layer of a run examined in this pass (in store order): those in scope, of the pass's when
 *  there is one (read among those, not from the whole layer). */
export function layerComparisonsExamined(context: Pick<CheckContext, 'store' | 'scope' | 'pass'>, runId: string, layer: number): string[] {
  const { db } = context.store;
  const ids = context.pass ? runComparisonIdsAmong(db, runId, layer, [...context.pass]) : runComparisonIds(db, runId, layer);
  return ids.filter((id) => inScope(context, id));
}

/** The active model outside any run (plain `rung train`), which scores comparisons too; null when there is none. */
export interface PlainModel {
  modelId: string;
  modelName: string;
  kind: 'trained' | 'external';
  trainedOn: ReadonlySet<string>;
}

export function activePlainModel(db: Database.Database): PlainModel | null {
  const row = activePlainModelRow(db);
  if (!row) return null;
  return { modelId: row.modelId, modelName: row.modelName, kind: row.kind, trainedOn: new Set(row.judgmentIds ? (JSON.parse(row.judgmentIds) as string[]) : []) };
}

/** The note the layer-based checks (cross-layer, drift) give for a model outside any run: why it is not checked. */
export const plainModelNote = (model: PlainModel, check: string) =>
  `${model.modelName} (trained outside any run, by rung train): ${check} needs a run's layers, so it is not checked; train it as RMk of a run (rung train --run RUN --layer K) to check it`;

export interface PairScore {
  /** Ensemble P(A ≻ B) and its spread across members. */
  pA: number;
  spread: number;
  rewardA: number;
  rewardB: number;
  stdA: number;
  stdB: number;
}

const round = (x: number) => Math.round(x * 1e4) / 1e4;

/** Scores models on sets of comparisons, pass after pass (each model's scorer made once, when first used): the scores
 *  by comparison id (none for an empty set; an external model's only for the comparisons its file scored). */
export function modelScoring(db: Database.Database): (modelId: string, comparisonIds: ReadonlySet<string>) => Promise<Map<string, PairScore>> {
  const scorers = new Map<string, ModelScorer>();
  return async (modelId, comparisonIds) => {
    const scorer = scorers.get(modelId) ?? scorers.set(modelId, modelScorer(db, modelId)).get(modelId)!;
    const scores = await scorer.scoreIds(comparisonIds);
    const out = new Map<string, PairScore>();
    for (const [id, s] of scores) {
      out.set(id, { pA: round(s.pA), spread: round(s.spread), rewardA: round(s.rewardA), rewardB: round(s.rewardB), stdA: round(s.stdA), stdB: round(s.stdB) });
    }
    return out;
  };
}

/** How a flag's evidence names a model: its id, name and kind ('external': its scores imported, trained elsewhere). */
export const modelAbout = (model: PlainModel) => ({ id: model.modelId, name: model.modelName, kind: model.kind });

/** The note a model check gives when the model scored only some of what it checks (an external model's file covers only some comparisons). */
export const uncoveredNote = (modelName: string, scored: number, of: number, what: string) =>
  `${modelName}: has scores of ${scored} of the ${of} ${what} (its imported file covers only those); the other ${of - scored} are not checked`;

export interface EstablishedJudgment {
  side: 'A' | 'B';
  /** gold: the comparison's ground truth; consensus: ≥ minConsensus people, all on one side. */
  source: 'gold' | 'consensus';
  /** How many people agree (0 for gold). */
  evaluators: number;
  judgmentIds: string[];
  /** Multiplies severity: gold 1, a consensus of n people ceiling − penalty / n. */
  weight: number;
}

/** Established judgments by comparison: gold where the data has a decisive ground truth, else a unanimous consensus. */
export function establishedJudgments(db: Database.Database, verdicts: readonly HumanVerdict[], comparisonIds: ReadonlySet<string>): Map<string, EstablishedJudgment> {
  const s = checkSettings.crossLayer;
  const out = new Map<string, EstablishedJudgment>();
  const gold = decisiveGroundTruths(db, [...comparisonIds]);
  for (const g of gold) out.set(g.id, { side: g.truth, source: 'gold', evaluators: 0, judgmentIds: [], weight: s.goldWeight });
  const inScope = latestPerEvaluator(verdicts.filter((v) => comparisonIds.has(v.comparisonId) && v.repeatOf === null));
  for (const [comparisonId, group] of groupBy(inScope, (v) => v.comparisonId)) {
    const judgmentIds = group.map((v) => v.judgmentId);
    const known = out.get(comparisonId);
    if (known) {
      known.judgmentIds = judgmentIds; // gold stands; the people's verdicts are evidence
      continue;
    }
    const sides = new Set(group.map((v) => v.choice));
    if (group.length < s.minConsensus || sides.size !== 1 || sides.has('tie')) continue;
    out.set(comparisonId, {
      side: group[0].choice as 'A' | 'B',
      source: 'consensus',
      evaluators: group.length,
      judgmentIds,
      weight: s.consensusCeiling - s.consensusPenalty / group.length,
    });
  }
  return out;
}
