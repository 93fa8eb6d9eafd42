// Assisted evaluation at layer k ≥ 1 of a run: RM(k-1)'s rewards, P(A ≻ B) and per-segment scores for a comparison
// (or a deterministic control trial showing nothing), queue items enriched with it, and checks on what a client submits.
import type Database from 'better-sqlite3';
import type { AssistanceShown, AssistedShown, SegmentScore, SubJudgment } from '../../api/assist';
import { RungError } from '../../api/errors';
import { comparisonTexts, type ComparisonTexts } from '../db/comparisons';
import { assignedItem } from '../db/assignments';
import { activeModelId } from '../db/models';
import { getSettings } from '../db/settings';
import { judgmentAssistance } from '../db/verdicts';
import { cachedModel } from '../engine/model-cache';
import type { StoredModel } from '../engine/model-store';
import { encoderFeatures, modelEncoder } from '../encoders/features';
import { sha256Hex } from '../ids';
import { capSegments, segmentResponse, type Span } from './segments';
import { weakFlags } from './weakest';

/** The most segments shown per response (the contract's limit); longer decompositions are merged into even groups. */
export const MAX_SEGMENTS = 500;

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

function givenSegments(json: string | null): string[] | null {
  if (!json) return null;
  try {
    const parsed = JSON.parse(json) as unknown;
    return Array.isArray(parsed) && parsed.every((s) => typeof s === 'string') ? parsed : null;
  } catch {
    return null;
  }
}

const clip01 = (x: number): number => Math.min(1, Math.max(0, x));
const finite = (x: number): number => (Number.isFinite(x) ? x : 0);

/** Scores of a comparison by a text model: both responses and every segment, each as an item answering the prompt. */
async function scoreText(db: Database.Database, model: StoredModel, texts: ComparisonTexts) {
  const segA = segmentResponse(texts.a.text, givenSegments(texts.a.segments));
  const segB = segmentResponse(texts.b.text, givenSegments(texts.b.segments));
  // Data segments are used only when both sides have them, so one comparison has one source.
  const [allA, allB, source] =
    segA.source === 'data' && segB.source === 'data'
      ? [segA.spans, segB.spans, 'data' as const]
      : [segmentResponse(texts.a.text).spans, segmentResponse(texts.b.text).spans, 'auto' as const];
  const [spansA, spansB] = [capSegments(allA, MAX_SEGMENTS), capSegments(allB, MAX_SEGMENTS)];
  const slice = (text: string, spans: Span[]) => spans.map((s) => text.slice(s.start, s.end));
  const responses = [texts.a.text, texts.b.text, ...slice(texts.a.text, spansA), ...slice(texts.b.text, spansB)];
  const input = { prompts: [texts.prompt], responses, promptIndex: new Uint32Array(responses.length) };
  const encoder = modelEncoder(model.config);
  const items = encoder ? await encoderFeatures(db, encoder, input) : await model.model.featurize(input);
  const { mean, std } = await model.model.scoreItems(items);
  const { prob, spread } = await model.model.scorePairs(items, { a: Uint32Array.of(0), b: Uint32Array.of(1) });
  const segmentScores = (spans: Span[], offset: number): SegmentScore[] => {
    const scores = spans.map((_, i) => ({ reward: finite(mean[offset + i]), std: Math.max(0, finite(std[offset + i])) }));
    const weak = weakFlags(scores);
    return spans.map((s, i) => ({ start: s.start, end: s.end, ...scores[i], weak: weak[i] }));
  };
  return {
    rewards: [0, 1].map((i) => ({ mean: finite(mean[i]), std: Math.max(0, finite(std[i])) })),
    pA: clip01(finite(prob[0])),
    spread: Math.max(0, finite(spread[0])),
    segmentSource: source,
    segments: { A: segmentScores(spansA, 2), B: segmentScores(spansB, 2 + spansA.length) },
  };
}

/** Scores of a comparison by an embedding model: the pair only (segments have no embeddings, so they carry no scores). */
async function scoreEmbedding(model: StoredModel, texts: ComparisonTexts) {
  const dim = model.model.config.inputDim;
  const sides = [texts.a, texts.b];
  if (!sides.every((s) => s.embedding && s.dim === dim && s.embedding.length === 4 * dim)) return null;
  const data = new Float32Array(2 * dim);
  sides.forEach((s, i) => data.set(new Float32Array(s.embedding!.buffer.slice(s.embedding!.byteOffset, s.embedding!.byteOffset + 4 * dim)), i * dim));
  const items = { dim, data };
  const { mean, std } = await model.model.scoreItems(items);
  const { prob, spread } = await model.model.scorePairs(items, { a: Uint32Array.of(0), b: Uint32Array.of(1) });
  return {
    rewards: [0, 1].map((i) => ({ mean: finite(mean[i]), std: Math.max(0, finite(std[i])) })),
    pA: clip01(finite(prob[0])),
    spread: Math.max(0, finite(spread[0])),
    segmentSource: givenSegments(texts.a.segments) && givenSegments(texts.b.segments) ? ('data' as const) : ('auto' as const),
    segments: { A: [] as SegmentScore[], B: [] as SegmentScore[] },
  };
}

/** Computed assistance per (model, comparison): a stored model never changes, so an entry never goes stale. */
const computed = new Map<string, AssistedShown | null>();
const CACHE_SIZE = 2000;

/** A stored model's scores of one comparison (rewards, P(A ≻ B), segments): null when an embedding model has no
 *  embeddings of its texts to score. */
export async function scoreComparison(db: Database.Database, modelId: string, comparisonId: string) {
  const texts = comparisonTexts(db, comparisonId);
  if (!texts) throw new RungError('NOT_FOUND', `no comparison with id ${comparisonId}`);
  const model = cachedModel(db, modelId);
  // Text and encoder models score each segment too (an encoder embeds the segments as texts of their own).
  const scores = model.model.config.featurizer || modelEncoder(model.config) ? await scoreText(db, model, texts) : await scoreEmbedding(model, texts);
  return scores && { ...scores, modelName: model.name };
}

async function assisted(db: Database.Database, runId: string, layer: number, modelId: string, comparisonId: string): Promise<AssistedShown | null> {
  const key = `${modelId}:${comparisonId}:${runId}:${layer}`;
  if (computed.has(key)) return computed.get(key)!;
  const scores = await scoreComparison(db, modelId, comparisonId);
  const result: AssistedShown | null = scores && {
    version: 1,
    mode: 'assisted',
    runId,
    layer,
    modelId,
    modelName: scores.modelName,
    modelLayer: layer - 1,
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
 * What the Compare page shows for a comparison at a run's layer: null when layer < 1, when layer k-1 has no active
 * model, or when the model cannot score this comparison (an embedding model without embeddings); a control trial
 * (nothing shown) for a deterministic share of (evaluator, comparison), or as the evaluator's assignment drew it; else
 * RM(k-1)'s assistance.
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
