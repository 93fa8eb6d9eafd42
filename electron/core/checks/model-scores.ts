// What the model-based checks share: the active model of every run's layers, scores of a model on a set of
// comparisons (P(A ≻ B), spread, rewards), the established judgment of a comparison (gold or unanimous people).
import type Database from 'better-sqlite3';
import { decisiveGroundTruths } from '../db/comparisons';
import { activeModelRows, activePlainModelRow } from '../db/models';
import { modelScorer } from '../scoring/scorer';
import { checkSettings } from './settings';
import { groupBy, latestPerEvaluator, type HumanVerdict } from './verdicts';

export interface ActiveModel {
  runId: string;
  runName: string;
  layer: number;
  modelId: string;
  modelName: string;
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

/** The active model outside any run (plain `rung train`), which scores comparisons too; null when there is none. */
export interface PlainModel {
  modelId: string;
  modelName: string;
  trainedOn: ReadonlySet<string>;
}

export function activePlainModel(db: Database.Database): PlainModel | null {
  const row = activePlainModelRow(db);
  if (!row) return null;
  return { modelId: row.modelId, modelName: row.modelName, trainedOn: new Set(row.judgmentIds ? (JSON.parse(row.judgmentIds) as string[]) : []) };
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

/** Scores a model on the given comparisons; returns the scores by comparison id (none for an empty set; an external
 *  model's only for the comparisons its file scored). */
export async function scoreModelOn(db: Database.Database, modelId: string, comparisonIds: ReadonlySet<string>): Promise<Map<string, PairScore>> {
  const scores = await modelScorer(db, modelId).scoreIds(comparisonIds);
  const out = new Map<string, PairScore>();
  for (const [id, s] of scores) {
    out.set(id, { pA: round(s.pA), spread: round(s.spread), rewardA: round(s.rewardA), rewardB: round(s.rewardB), stdA: round(s.stdA), stdB: round(s.stdB) });
  }
  return out;
}

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
