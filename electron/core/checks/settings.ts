// Every consistency check's thresholds in one place, with the reason for each default.
import { checkKinds } from '../../api/checks';

export const checkSettings = {
  /** The checks runChecks runs (the contract's list). */
  kinds: checkKinds,
  evaluatorDisagreement: {
    /** A comparison needs verdicts from at least this many human evaluators to be checked. */
    minEvaluators: 2,
  },
  selfInconsistency: {
    /** Severity when the two answers point opposite ways (A vs B), and when one of them is a tie. */
    oppositeSeverity: 1,
    tieSeverity: 0.5,
  },
  intransitivity: {
    /** Severity of a cycle in one evaluator's verdicts, and in the consensus of several. */
    evaluatorSeverity: 1,
    consensusSeverity: 0.8,
  },
  segmentVsOverall: {
    /** One wrong step in the chosen response while the rejected one has none is already a contradiction: 0.5. */
    baseSeverity: 0.5,
    /** Each further wrong step of the chosen response adds this much (three wrong steps ⇒ 0.8). */
    perExtraWrongSegment: 0.15,
    /** Every step of the rejected response was checked and found correct: the verdict is hard to defend, +0.25. */
    rejectedAllCorrect: 0.25,
  },
  crossLayer: {
    /**
     * A model that prefers the other side with P below this is close to indifferent; a coin-flip disagreement is
     * not a contradiction. 0.6 keeps pairs where the model leans clearly (odds 3:2) against the established verdict.
     */
    minConfidence: 0.6,
    /** A human consensus is established with at least this many live verdicts, all on the same side (A or B). */
    minConsensus: 2,
    /**
     * How established a judgment is (multiplies severity): gold (ground truth) 1; a unanimous consensus of n people
     * `consensusCeiling − consensusPenalty / n` — 0.6 for two, 0.7 for three, approaching 0.9, always below gold.
     */
    goldWeight: 1,
    consensusCeiling: 0.9,
    consensusPenalty: 0.6,
    /** Reward margin |r_A − r_B| at which the margin term reaches one half (rewards are Bradley–Terry logits). */
    marginScale: 1,
    /** Severity weights of the model's confidence (2·(P − 0.5)) and of its margin term; they sum to 1. */
    confidenceWeight: 0.6,
    marginWeight: 0.4,
  },
  modelVsHuman: {
    /** The ensemble is confident when P(its side) ≥ 0.9 (the deferral default auto-labels at about this level)… */
    minConfidence: 0.9,
    /** …and its members agree: spread (std of P across members) at most 0.1, so one outlier member cannot drive it. */
    maxSpread: 0.1,
    /** Added to the severity when the model was trained on the very judgment it now contradicts (a telling sign). */
    trainedOnBonus: 0.1,
  },
  drift: {
    /**
     * RMk should rank the fixed anchor responses much like RM(k-1): a Spearman ρ below 0.5 means the two models
     * share less than a quarter of their rank variance — the ladder's notion of "better" has moved.
     */
    minSpearman: 0.5,
    /** The anchor set: up to this many of the run's layer-0 responses, the smallest SHA-256(response id) first. */
    anchors: 500,
    /** Fewer anchors than this give no meaningful rank correlation: the pair is skipped and the report says so. */
    minAnchors: 10,
    /** Severity of a flag: 0.2 just below the threshold, rising linearly to 1 at ρ = −1. */
    minSeverity: 0.2,
  },
} as const;

export type CheckKind = (typeof checkSettings.kinds)[number];
