// The assistance scores of one comparison by a model the engine trained: both responses and, for text and encoder
// models, every segment (the data's, else split automatically), each scored as an item answering the prompt; an
// embedding model scores the pair only (segments have no embeddings).
import type Database from 'better-sqlite3';
import type { SegmentScore } from '../../api/assist';
import type { ComparisonTexts } from '../db/comparisons';
import type { StoredModel } from '../engine/model-store';
import { encoderFeatures, modelEncoder } from '../encoders/features';
import { capSegments, segmentResponse, type Span } from '../ladder/segments';
import { weakFlags } from '../ladder/weakest';

/** The most segments shown per response (the contract's limit); longer decompositions are merged into even groups. */
const MAX_SEGMENTS = 500;

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

/** What a text or encoder model scores of a comparison: its prompt, and as items answering it both responses and then
 *  the segments of A and of B (the data's when both sides have them, else split automatically, capped). */
export function assistItems(texts: ComparisonTexts) {
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
  return { input: { prompts: [texts.prompt], responses, promptIndex: new Uint32Array(responses.length) }, spansA, spansB, source };
}

/** Scores of a comparison by a text model: both responses and every segment, each as an item answering the prompt. */
export async function scoreTextPair(db: Database.Database, model: StoredModel, texts: ComparisonTexts) {
  const { input, spansA, spansB, source } = assistItems(texts);
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
export async function scoreEmbeddingPair(model: StoredModel, texts: ComparisonTexts) {
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
