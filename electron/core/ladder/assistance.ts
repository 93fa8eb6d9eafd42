// Assisted evaluation at layer k ≥ 1 of a run: RM(k-1)'s rewards, P(A ≻ B) and per-segment scores for a comparison
// (or a deterministic control trial showing nothing, or why the model has no scores of it), queue items enriched with it, and checks on what a client submits.
import type Database from 'better-sqlite3';
import type { AssistanceShown, SubJudgment } from '../../api/assist';
import { RungError } from '../../api/errors';
import { comparisonTexts } from '../db/comparisons';
import { assignedItem } from '../db/assignments';
import { activeModelId } from '../db/models';
import { getSettings } from '../db/settings';
import { judgmentAssistance } from '../db/verdicts';
import { sha256Hex } from '../ids';
import { modelScorer, type AssistScores } from '../scoring/scorer';

export interface AssistanceRequest {
  runId: string;
  layer: number;
  comparisonId: string;
  evaluatorId: string;
}

/** Control-trial draw: u = sha256('control', evaluator, comparison) as a number in [0,1); a control trial when u < share. */
export function controlDraw(evaluatorId: string, comparisonId: string): number {
  return parseInt(sha256Hex('control', evaluatorId, comparisonId).slice(0, 8), 16) / 2 ** 32;
}

export function isControlTrial(evaluatorId: string, comparisonId: string, share: number): boolean {
  return controlDraw(evaluatorId, comparisonId) < share;
}

/** Whether the evaluator sees this comparison as a control trial: as their assignment drew it (exact shares), else by the draw. */
export function controlTrialFor(db: Database.Database, evaluatorId: string, comparisonId: string): boolean {
  const assigned = assignedItem(db, evaluatorId, comparisonId);
  return assigned ? assigned.control : isControlTrial(evaluatorId, comparisonId, getSettings(db).controlShare);
}

const clip01 = (x: number): number => Math.min(1, Math.max(0, x));

/** Computed assistance per (model, comparison): a stored model never changes, so an entry never goes stale. */
const computed = new Map<string, AssistanceShown>();
const CACHE_SIZE = 2000;

/** A stored model's scores of one comparison (rewards, P(A ≻ B), segments), or why it has none (an embedding model
 *  without embeddings of its texts, an external model that did not score it). */
export async function scoreComparison(db: Database.Database, modelId: string, comparisonId: string): Promise<AssistScores & { modelName: string; modelKind: 'trained' | 'external' }> {
  const texts = comparisonTexts(db, comparisonId);
  if (!texts) throw new RungError('NOT_FOUND', `no comparison with id ${comparisonId}`);
  const scorer = modelScorer(db, modelId);
  return { ...(await scorer.assist(comparisonId, texts)), modelName: scorer.name, modelKind: scorer.kind };
}

async function assisted(db: Database.Database, runId: string, layer: number, modelId: string, comparisonId: string): Promise<AssistanceShown> {
  const key = `${modelId}:${comparisonId}:${runId}:${layer}`;
  if (computed.has(key)) return computed.get(key)!;
  const scores = await scoreComparison(db, modelId, comparisonId);
  const shown = { version: 1 as const, runId, layer, modelId, modelName: scores.modelName, modelKind: scores.modelKind, modelLayer: layer - 1 };
  const result: AssistanceShown =
    'missing' in scores
      ? { ...shown, mode: 'unscored', reason: scores.missing }
      : {
          ...shown,
          mode: 'assisted',
          rewardA: scores.rewards[0],
          rewardB: scores.rewards[1],
          pA: scores.pA,
          pAInterval: [clip01(scores.pA - 1.96 * scores.spread), clip01(scores.pA + 1.96 * scores.spread)],
          segmentSource: scores.segmentSource,
          segments: scores.segments,
          collapsed: false,
        };
  computed.set(key, result);
  if (computed.size > CACHE_SIZE) computed.delete(computed.keys().next().value!);
  return result;
}

/**
 * What the Compare page shows for a comparison at a run's layer: null when layer < 1 or when layer k-1 has no active
 * model; a control trial (nothing shown) for a deterministic share of (evaluator, comparison), or as the evaluator's
 * assignment drew it; 'unscored' (nothing shown, and why) when the model cannot score this comparison (an embedding
 * model without embeddings, an external model whose file did not score it); else RM(k-1)'s assistance.
 */
export async function computeAssistance(db: Database.Database, request: AssistanceRequest): Promise<AssistanceShown | null> {
  const { runId, layer, comparisonId, evaluatorId } = request;
  if (layer < 1) return null;
  const modelId = activeModelId(db, runId, layer - 1);
  if (!modelId) return null;
  if (controlTrialFor(db, evaluatorId, comparisonId)) return { version: 1, mode: 'control', runId, layer, modelId };
  return assisted(db, runId, layer, modelId, comparisonId);
}

/** Queue items with their assistance (computed only when the queue is filtered by a run and a layer ≥ 1). */
export async function withAssistance<T extends { comparison: { id: string } }>(
  db: Database.Database,
  items: T[],
  filter: { evaluatorId: string; runId?: string; layer?: number },
): Promise<(T & { assistance: AssistanceShown | null })[]> {
  const { runId, layer, evaluatorId } = filter;
  if (!runId || layer === undefined || layer < 1) return items.map((item) => ({ ...item, assistance: null }));
  const out: (T & { assistance: AssistanceShown | null })[] = [];
  for (const item of items) {
    let assistance: AssistanceShown | null = null;
    try {
      assistance = await computeAssistance(db, { runId, layer, comparisonId: item.comparison.id, evaluatorId });
    } catch (error) {
      // The queue is served regardless (e.g. the engine is unavailable here): the item shows, and stores, no assistance.
      warnOnce(`assistance for run ${runId} layer ${layer} could not be computed: ${(error as Error)?.message ?? String(error)}`);
    }
    out.push({ ...item, assistance });
  }
  return out;
}

const warned = new Set<string>();
function warnOnce(message: string): void {
  if (warned.has(message)) return;
  warned.add(message);
  console.warn(`rung: ${message}`);
}

/** The assistance stored with a judgment (null when none or unreadable). */
export function storedAssistance(db: Database.Database, judgmentId: string): AssistanceShown | null {
  const stored = judgmentAssistance(db, judgmentId);
  if (!stored) return null;
  try {
    return JSON.parse(stored) as AssistanceShown;
  } catch {
    return null;
  }
}

/**
 * The assistance for a comparison brought back by undo: recomputed for the run and layer the undone verdict was
 * assisted at (so it follows the layer's current active model and the control draw); null when it had none.
 */
export async function assistanceAfterUndo(db: Database.Database, judgmentId: string, evaluatorId: string, comparisonId: string): Promise<AssistanceShown | null> {
  const before = storedAssistance(db, judgmentId);
  if (!before) return null;
  return computeAssistance(db, { runId: before.runId, layer: before.layer, comparisonId, evaluatorId });
}

/**
 * Checks a submit's assistance and sub-judgments beyond their schema: the assistance is for this comparison's run
 * layer, its segments lie within the texts, and each sub-judgment names an existing segment of the assistance
 * shown, at most once. Throws INVALID_PARAMS naming the field.
 */
export function checkSubmission(
  db: Database.Database,
  submit: { comparisonId: string; assistance?: AssistanceShown; subJudgments?: SubJudgment[] },
): void {
  const { assistance, subJudgments } = submit;
  if (assistance?.mode === 'assisted') {
    const texts = comparisonTexts(db, submit.comparisonId);
    if (texts) {
      for (const side of ['A', 'B'] as const) {
        const length = (side === 'A' ? texts.a : texts.b).text.length;
        const bad = assistance.segments[side].findIndex((s) => s.end > length);
        if (bad >= 0) throw new RungError('INVALID_PARAMS', `submitJudgment: assistance.segments.${side}.${bad}: ends after the response's text (${length} characters)`);
      }
    }
  }
  if (!subJudgments || subJudgments.length === 0) return;
  if (!assistance || assistance.mode !== 'assisted') {
    throw new RungError('INVALID_PARAMS', `submitJudgment: subJudgments: need the assisted assistance whose segments they judge (${assistance ? 'this was a control trial' : 'no assistance was sent'})`);
  }
  const seen = new Set<string>();
  subJudgments.forEach((sub, i) => {
    const count = assistance.segments[sub.side].length;
    if (sub.segment >= count) {
      throw new RungError('INVALID_PARAMS', `submitJudgment: subJudgments.${i}.segment: response ${sub.side} has ${count} segment${count === 1 ? '' : 's'} in the assistance shown, no segment ${sub.segment}`);
    }
    const key = `${sub.side}:${sub.segment}`;
    if (seen.has(key)) throw new RungError('INVALID_PARAMS', `submitJudgment: subJudgments.${i}: segment ${sub.segment} of response ${sub.side} is judged twice`);
    seen.add(key);
  });
}
