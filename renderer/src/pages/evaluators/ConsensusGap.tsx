// Why an evaluator's "Agrees with consensus" has no value, where the value would be: a short reason shown in the cell,
// the full one as its tooltip and for screen readers (the reasons are computed in electron/core/metrics/evaluator-stats.ts).
import { CONSENSUS_MIN_OTHERS, type consensusGaps } from '../../../../electron/api/flags';

export type ConsensusGap = (typeof consensusGaps)[number];

export const consensusGapWords: Record<ConsensusGap, { short: string; long: string }> = {
  'no-shared-items': {
    short: 'no shared items',
    long: 'Nobody else has judged any comparison this evaluator judged.',
  },
  'too-few-others': {
    short: `no consensus yet (needs ≥ ${CONSENSUS_MIN_OTHERS} others)`,
    long: `A consensus needs at least ${CONSENSUS_MIN_OTHERS} other evaluators on the same comparison; this evaluator's comparisons have had fewer so far.`,
  },
  'others-split': {
    short: 'others split',
    long: `Wherever at least ${CONSENSUS_MIN_OTHERS} others judged this evaluator's comparisons, they were split, with no majority verdict to agree with.`,
  },
};

export function ConsensusGapText({ gap }: { gap: ConsensusGap | null }) {
  if (gap === null) return <span className="muted">—</span>;
  const words = consensusGapWords[gap];
  return (
    <span className="muted" title={words.long} data-testid="agreement-consensus-gap" data-gap={gap}>
      <span aria-hidden="true">— </span>
      {words.short}
      <span className="visually-hidden">: {words.long}</span>
    </span>
  );
}
