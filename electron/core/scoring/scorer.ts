// The one way the call sites score comparisons with a stored model, whatever kind it is: a model the engine trained
// (its weights in the models table) or a lab's own model whose scores were imported (`rung scores import`). Each
// scores what it can and leaves out what it cannot, so a call site never asks which kind it holds.
import type Database from 'better-sqlite3';
import { RungError } from '../../api/errors';
import type { SegmentScore } from '../../api/assist';
import type { ComparisonTexts } from '../db/comparisons';
import { modelHeader } from '../db/models';
import type { ScoreOptions } from '../engine';
import type { PairTable } from '../engine/pair-table';
import { isExternalConfig } from './external-config';
import { engineScorer } from './engine-scorer';
import { externalScorer } from './external-scorer';

/** A model's scores of one comparison: rewards with their std, P(A ≻ B) and its spread. */
export interface PairScore {
  rewardA: number;
  rewardB: number;
  stdA: number;
  stdB: number;
  pA: number;
  spread: number;
}

/** Scores by comparison id (a comparison the model could not score is absent), and the precision that ran
 *  ('external': a lab's scores as imported, no arithmetic here). */
export interface Scored {
  byId: Map<string, PairScore>;
  precision: 'fp32' | 'bf16' | 'external';
}

/** Responses to give a reward each (the drift check's anchors). */
export interface ResponseSet {
  responseIds: string[];
  prompts: string[];
  responses: string[];
  promptIndex: Uint32Array;
  embeddings: { dim: number; data: Float32Array } | null;
}

/** What the assistance panel shows of one comparison, or why the model has nothing to show. */
export type AssistScores =
  | {
      rewards: { mean: number; std: number }[];
      pA: number;
      spread: number;
      segmentSource: 'data' | 'auto';
      segments: { A: SegmentScore[]; B: SegmentScore[] };
    }
  | { missing: string };

export interface ModelScorer {
  id: string;
  name: string;
  /** 'external': a lab's model, its scores imported; 'trained': a model the engine trained. */
  kind: 'trained' | 'external';
  config: Record<string, unknown>;
  /** What it was trained on (an external model's: nothing Rung knows of, {}). */
  trainedOn: Record<string, unknown>;
  /** Scores of the table's comparisons (their texts loaded). Throws when a trained model cannot score them at all. */
  scoreTable(table: PairTable, options?: ScoreOptions): Promise<Scored>;
  /** Scores of these comparisons, loading what it needs. */
  scoreIds(comparisonIds: ReadonlySet<string>): Promise<Map<string, PairScore>>;
  /** Each response's mean reward, NaN where it has none. Throws when a trained model cannot score them at all. */
  responseRewards(responses: ResponseSet): Promise<Float64Array>;
  /** One comparison's scores for the assistance panel. */
  assist(comparisonId: string, texts: ComparisonTexts): Promise<AssistScores>;
}

/** The scorer of the stored model with this id (NOT_FOUND when there is none). */
export function modelScorer(db: Database.Database, modelId: string): ModelScorer {
  const header = modelHeader(db, modelId);
  if (!header) throw new RungError('NOT_FOUND', `no model with id ${modelId}`);
  const config = JSON.parse(header.config) as Record<string, unknown>;
  return isExternalConfig(config) ? externalScorer(db, header, config) : engineScorer(db, modelId);
}
