// A bias planted in RM0's seed labels by the simulation, set apart from the simulated evaluators: on a share of the
// layer-0 seed items every evaluator gives the biased label, so the consensus RM0 learns from carries it. 'length'
// prefers the longer response; 'step-blind' cannot see a slip in a multiplication step and answers a coin flip.
import { seededRandom } from '../demo/random';
import { sha256Hex } from '../ids';

export type Rm0BiasKind = 'none' | 'length' | 'step-blind';

export interface Rm0Bias {
  kind: Rm0BiasKind;
  /** The chance the bias decides a layer-0 seed item it can touch (for 'step-blind': a multiplication slip it misses). */
  share: number;
}

export const NO_BIAS: Rm0Bias = { kind: 'none', share: 0 };

/** The share a bias decides when none is given: half the seed items it can touch. */
export const DEFAULT_RM0_BIAS_SHARE = 0.5;

/** What the bias reads of a comparison: both responses' texts and, where a side carries the planted slip, that step's text. */
export interface BiasItem {
  textA: string;
  textB: string;
  groundTruth: 'A' | 'B' | 'tie';
  /** The side with the planted wrong step and that step's text (its segment), null when both are right. */
  wrong: { side: 'A' | 'B'; stepText: string } | null;
}

/** A multiplication step, as the demo writes it in LaTeX. */
const isMultiplication = (stepText: string) => stepText.includes('\\times');

/**
 * The side a biased label leans to on this item, null where the bias cannot touch it: the longer response
 * ('length'; null when both are as long), or the side whose multiplication slip goes unseen ('step-blind').
 */
export function biasSide(kind: Rm0BiasKind, item: BiasItem): 'A' | 'B' | null {
  if (kind === 'length') return item.textA.length === item.textB.length ? null : item.textA.length > item.textB.length ? 'A' : 'B';
  if (kind === 'step-blind') return item.wrong && isMultiplication(item.wrong.stepText) ? item.wrong.side : null;
  return null;
}

/**
 * The label the bias gives this seed item, null where it leaves the evaluators' own verdicts: with chance `share`
 * on an item it can touch, the longer side ('length') or a coin flip ('step-blind', which sees no slip on either
 * side). One draw per (seed, comparison), the same for every evaluator.
 */
export function biasedSeedLabel(bias: Rm0Bias, seed: number, comparisonId: string, item: BiasItem): 'A' | 'B' | null {
  const side = biasSide(bias.kind, item);
  if (side === null) return null;
  const random = seededRandom(parseInt(sha256Hex('rm0 bias', String(seed), comparisonId).slice(0, 8), 16));
  if (random.next() >= bias.share) return null;
  return bias.kind === 'length' ? side : random.chance(0.5) ? 'A' : 'B';
}
