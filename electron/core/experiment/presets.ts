// The sweeps `rung experiment` runs: each condition is one way the ladder is set up (assistance on or off, a bias
// planted in RM0, over-trusting evaluators, the deferral target), run once per seed on the demo ladder.
import type { Rm0Bias } from '../ladder/rm0-bias';

export interface Condition {
  id: string;
  /** What the condition is, in a few words (the report's tables). */
  label: string;
  assistance: boolean;
  rm0Bias: Rm0Bias;
  overtrust: number;
  target: number;
}

export type PresetName = 'quick' | 'full';

export interface Preset {
  /** Times the demo's 120/80/40 comparisons per layer. */
  scale: number;
  seeds: number;
  conditions: Condition[];
}

const none: Rm0Bias = { kind: 'none', share: 0 };

/** The ladder as the demo runs it: the baseline the other conditions are compared with (the claims read it). */
export const LADDER: Condition = { id: 'ladder', label: 'assisted ladder', assistance: true, rm0Bias: none, overtrust: 0, target: 0.05 };
/** RM0's seed labels prefer the longer response on half the items; evaluators follow wrong assistance 30% of the time. */
export const LENGTH_BIAS: Condition = { id: 'length-bias', label: 'RM0 length bias, over-trust 0.3', assistance: true, rm0Bias: { kind: 'length', share: 0.5 }, overtrust: 0.3, target: 0.05 };
/** RM0's seed labels never see a slip in a multiplication step; evaluators over-trust as above. */
export const STEP_BLIND: Condition = { id: 'step-blind', label: 'RM0 step-blind, over-trust 0.3', assistance: true, rm0Bias: { kind: 'step-blind', share: 1 }, overtrust: 0.3, target: 0.05 };
const UNASSISTED: Condition = { id: 'unassisted', label: 'no assistance shown', assistance: false, rm0Bias: none, overtrust: 0, target: 0.05 };

export const PRESETS: Record<PresetName, Preset> = {
  // Four conditions × 3 seeds at scale 5 (600/400/200 comparisons): about 2 minutes on 2 cores.
  quick: { scale: 5, seeds: 3, conditions: [LADDER, UNASSISTED, LENGTH_BIAS, STEP_BLIND] },
  full: {
    scale: 10,
    seeds: 10,
    conditions: [
      LADDER,
      UNASSISTED,
      LENGTH_BIAS,
      STEP_BLIND,
      { id: 'length-bias-trusting-less', label: 'RM0 length bias, no over-trust', assistance: true, rm0Bias: { kind: 'length', share: 0.5 }, overtrust: 0, target: 0.05 },
      { id: 'overtrust', label: 'over-trust 0.3, no bias', assistance: true, rm0Bias: none, overtrust: 0.3, target: 0.05 },
      { id: 'target-10', label: 'assisted ladder, 10% target', assistance: true, rm0Bias: none, overtrust: 0, target: 0.1 },
    ],
  },
};
