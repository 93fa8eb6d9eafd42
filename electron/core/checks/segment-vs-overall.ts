// Segment vs overall: a judgment's sub-judgments ({side, segment, verdict}) mark a step of the response it chose
// 'wrong' while the response it rejected has no wrong step — worse still when every step of the rejected response
// was checked and found correct. Live verdicts of people (ties have no chosen side and are not checked); one flag per
// comparison, listing every contradicting judgment; severity grows with the number of wrong chosen steps.
import { parseSubJudgments, type SegmentMark } from '../db/segment-marks';
import { subJudgedVerdicts } from '../db/verdicts';
import type { CheckContext, CheckOutcome } from './context';
import type { FlagCandidate } from '../db/flags';
import { checkSettings } from './settings';
import { groupBy } from './verdicts';


const segmentCount = (raw: string | null): number | null => {
  try {
    const v = raw ? (JSON.parse(raw) as unknown) : null;
    return Array.isArray(v) ? v.length : null;
  } catch {
    return null;
  }
};

export interface SegmentContradiction {
  wrongInChosen: number[];
  /** Every step of the rejected response was answered 'correct' (all its segments, when the data gives them). */
  rejectedAllCorrect: boolean;
  severity: number;
}

/** The contradiction between one judgment's verdict and its sub-judgments, or null when they fit together. */
export function segmentContradiction(choice: 'A' | 'B', subs: readonly SegmentMark[], rejectedSegments: number | null): SegmentContradiction | null {
  const s = checkSettings.segmentVsOverall;
  const rejected = choice === 'A' ? 'B' : 'A';
  // The latest answer per step counts.
  const last = new Map<string, SegmentMark>();
  for (const sub of subs) last.set(`${sub.side}:${sub.segment}`, sub);
  const answers = [...last.values()];
  const wrongInChosen = answers.filter((a) => a.side === choice && a.verdict === 'wrong').map((a) => a.segment).sort((x, y) => x - y);
  const onRejected = answers.filter((a) => a.side === rejected);
  if (wrongInChosen.length === 0 || onRejected.some((a) => a.verdict === 'wrong')) return null;
  const rejectedAllCorrect =
    onRejected.length > 0 && onRejected.every((a) => a.verdict === 'correct') && (rejectedSegments === null || onRejected.length >= rejectedSegments);
  const severity = Math.min(1, s.baseSeverity + s.perExtraWrongSegment * (wrongInChosen.length - 1) + (rejectedAllCorrect ? s.rejectedAllCorrect : 0));
  return { wrongInChosen, rejectedAllCorrect, severity };
}

export function segmentOverallContradictions({ store, scope }: Pick<CheckContext, 'store' | 'scope'>): CheckOutcome {
  const flags: FlagCandidate[] = [];
  for (const [comparisonId, rows] of groupBy(subJudgedVerdicts(store.db, scope?.datasetId), (r) => r.comparisonId)) {
    const found = rows
      .map((r) => ({ r, subs: parseSubJudgments(r.subJudgments) }))
      .map(({ r, subs }) => ({ r, subs, c: segmentContradiction(r.choice, subs, segmentCount(r.choice === 'A' ? r.segmentsB : r.segmentsA)) }))
      .filter((x) => x.c !== null);
    if (found.length === 0) continue;
    flags.push({
      kind: 'segment-vs-overall',
      dedupeKey: `segment-vs-overall:${comparisonId}`,
      severity: Math.max(...found.map((x) => x.c!.severity)),
      comparisonId,
      evaluatorIds: found.map((x) => x.r.evaluatorId),
      modelIds: [],
      evidence: {
        contradictions: found.map(({ r, subs, c }) => ({
          judgmentId: r.judgmentId,
          evaluatorId: r.evaluatorId,
          evaluator: r.evaluator,
          choice: r.choice,
          wrongInChosen: c!.wrongInChosen,
          rejectedAllCorrect: c!.rejectedAllCorrect,
          subJudgments: subs,
        })),
      },
    });
  }
  return { flags, notes: [] };
}
