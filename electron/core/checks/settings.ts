// Every consistency check's thresholds in one place, with the reason for each default.
export const checkSettings = {
  /** Kinds of flag, kebab-case as `rung check --json` prints them. */
  kinds: ['evaluator-disagreement', 'self-inconsistency', 'intransitive-cycle'] as const,
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
} as const;

export type FlagKind = (typeof checkSettings.kinds)[number];
