// Simulated evaluators for demos and tests: they know the demo's ground truth, err more on longer items
// (more solution steps), less when assistance marks the planted wrong step as weak, and may follow assistance that
// points the wrong way (over-trust). Always marked simulated.
import type Database from 'better-sqlite3';
import { RungError } from '../../api/errors';
import { getEvaluator, insertSimulatedEvaluator, simulatedParamsJson, type EvaluatorRow } from '../db/evaluators';
import { seededRandom, type Random } from '../demo/random';
import { contentId, sha256Hex } from '../ids';

/** What a simulated evaluator is; stored as JSON in evaluators.simulated. */
export interface SimulatedParams {
  /** Chance of a wrong verdict on a one-step item. */
  baseError: number;
  /** Added chance of a wrong verdict per further step (the error is capped at MAX_ERROR). */
  errorPerStep: number;
  /** The error is multiplied by this when the assistance shown marks the planted wrong step as weak. */
  assistedWrongStepFactor: number;
  /**
   * Over-trust: the chance of following assistance that favours the wrong side (its P(A ≻ B) on the wrong side of ½),
   * whatever this evaluator would have answered. Apart from assistedWrongStepFactor, which only lowers the error
   * when the marks are right. 0 by default.
   */
  overtrust: number;
  /** Seed of this evaluator's draws (each comparison's draw also depends on the comparison). */
  seed: number;
}

/**
 * Defaults: 5% errors on single-step items, +4 points per further step (3–4 steps ≈ 13–17%, 9 steps ≈ 37%),
 * and a third of that when the assistance points at the wrong step — a careful but fallible checker.
 */
export const DEFAULT_SIMULATED: SimulatedParams = { baseError: 0.05, errorPerStep: 0.04, assistedWrongStepFactor: 1 / 3, overtrust: 0, seed: 1 };

/** A simulated verdict never gets worse than a coin flip between the two sides. */
export const MAX_ERROR = 0.5;

interface MarkedSegment {
  weak: boolean;
}

/** The part of AssistanceShown a simulated evaluator reads: whether the panel was shown, its P(A ≻ B), and which segments are weak. */
export interface SimulatedAssistance {
  mode: 'assisted' | 'control';
  pA?: number;
  segments?: { A: MarkedSegment[]; B: MarkedSegment[] };
}

export interface SimulatedItem {
  groundTruth: 'A' | 'B' | 'tie';
  /** Solution steps (1 for single-step items). */
  steps: number;
  /** The planted wrong step (segment index on that side), null when both solutions are right. */
  wrong: { side: 'A' | 'B'; step: number } | null;
  /** The assistance shown with the comparison; null when none was shown. */
  assistance: SimulatedAssistance | null;
}

/** Whether the assistance shown marks the planted wrong step as weak. */
export function pointsAtWrongStep(item: Pick<SimulatedItem, 'wrong' | 'assistance'>): boolean {
  if (!item.wrong || item.assistance?.mode !== 'assisted' || !item.assistance.segments) return false;
  return item.assistance.segments[item.wrong.side]?.[item.wrong.step]?.weak === true;
}

/** The chance this evaluator gets the item wrong. */
export function errorRate(params: SimulatedParams, item: SimulatedItem): number {
  const base = Math.min(MAX_ERROR, Math.max(0, params.baseError + params.errorPerStep * Math.max(0, item.steps - 1)));
  return pointsAtWrongStep(item) ? base * params.assistedWrongStepFactor : base;
}

/** The side assistance favours when that is the wrong side of a decisive ground truth; null otherwise. */
export function wronglyFavoured(item: Pick<SimulatedItem, 'groundTruth' | 'assistance'>): 'A' | 'B' | null {
  const pA = item.assistance?.mode === 'assisted' ? item.assistance.pA : undefined;
  if (pA === undefined || pA === 0.5 || item.groundTruth === 'tie') return null;
  const favoured = pA > 0.5 ? 'A' : 'B';
  return favoured === item.groundTruth ? null : favoured;
}

/**
 * A verdict: the ground truth, except with chance errorRate a wrong one (the other side; for a tie, either side);
 * then, where the assistance favours the wrong side, that side with chance `overtrust` (a further draw, taken only
 * when over-trust is set, so the verdicts of evaluators without it do not change).
 */
export function simulateVerdict(params: SimulatedParams, item: SimulatedItem, random: Random): 'A' | 'B' | 'tie' {
  const wrong = random.next() < errorRate(params, item);
  const own = !wrong ? item.groundTruth : item.groundTruth === 'tie' ? (random.chance(0.5) ? 'A' : 'B') : item.groundTruth === 'A' ? 'B' : 'A';
  const favoured = params.overtrust > 0 ? wronglyFavoured(item) : null;
  return favoured !== null && random.next() < params.overtrust ? favoured : own;
}

/** The draws for one evaluator on one comparison: the same verdict every time, whatever the order of work. */
export function verdictRandom(params: SimulatedParams, comparisonId: string): Random {
  return seededRandom(parseInt(sha256Hex('simulated', String(params.seed), comparisonId).slice(0, 8), 16));
}

function checkParams(params: SimulatedParams): void {
  const inUnit = (x: number) => Number.isFinite(x) && x >= 0 && x <= 1;
  if (!inUnit(params.baseError)) throw new RungError('INVALID_PARAMS', `baseError must be in [0, 1], got ${params.baseError}`);
  if (!inUnit(params.errorPerStep)) throw new RungError('INVALID_PARAMS', `errorPerStep must be in [0, 1], got ${params.errorPerStep}`);
  if (!inUnit(params.assistedWrongStepFactor)) throw new RungError('INVALID_PARAMS', `assistedWrongStepFactor must be in [0, 1], got ${params.assistedWrongStepFactor}`);
  if (!inUnit(params.overtrust)) throw new RungError('INVALID_PARAMS', `overtrust must be in [0, 1], got ${params.overtrust}`);
  if (!Number.isInteger(params.seed)) throw new RungError('INVALID_PARAMS', `seed must be an integer, got ${params.seed}`);
}

/**
 * A simulated evaluator (kind 'human', simulated = its parameters). Creating one that exists with the same
 * parameters returns it; a person of that name, or a simulated one with other parameters, is a CONFLICT.
 */
export function createSimulatedEvaluator(db: Database.Database, name: string, params: Partial<SimulatedParams> = {}): EvaluatorRow {
  const full: SimulatedParams = { ...DEFAULT_SIMULATED, ...params };
  checkParams(full);
  const json = JSON.stringify(full);
  const created = contentId('simulated evaluator', name, json); // the same evaluator (and its draws) on every machine
  const id = insertSimulatedEvaluator(db, created, name, json, { simulated: full });
  return getEvaluator(db, id)!;
}

/** The parameters of a simulated evaluator; NOT_FOUND for an unknown id, CONFLICT for a real person or a model. */
export function simulatedParams(db: Database.Database, evaluatorId: string): SimulatedParams {
  const json = simulatedParamsJson(db, evaluatorId);
  if (json === undefined) throw new RungError('NOT_FOUND', `no evaluator with id ${evaluatorId}`);
  if (!json) throw new RungError('CONFLICT', `evaluator ${evaluatorId} is not simulated`);
  return { overtrust: 0, ...(JSON.parse(json) as Omit<SimulatedParams, 'overtrust'>) }; // evaluators stored before over-trust existed have none
}
