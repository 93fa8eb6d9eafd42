// An evaluator's own standing verdicts, newest first, a page at a time, as the Compare page's review shows them: the
// comparison's texts, the side shown on the left, choice, strength, rationale, segment marks (with their text), time,
// its verdict on each criterion of the rubric it was judged under (with the criterion's label), and why each cannot be
// changed (db/judgment-writes.ts changeRefusal), if it cannot.
import type Database from 'better-sqlite3';
import { judgmentCriteria, runCriteria, type Criterion } from './criteria';
import { changeRefusal } from './judgment-writes';
import { marksWithText } from './segment-marks';
import { requireEvaluator } from './evaluators';
import { liveJudgmentCount, type Side } from './position-checks';
import { getComparisonView, stableLeftSide } from './queue';

/** A segment mark's text is cut to this many characters. */
const MARK_TEXT = 200;

interface Raw {
  id: string;
  evaluatorId: string;
  comparisonId: string;
  leftSide: Side | null;
  choice: 'A' | 'B' | 'tie' | 'skip';
  strength: number | null;
  rationale: string | null;
  durationMs: number | null;
  subJudgments: string | null;
  assistance: string | null;
  origin: string;
  repeatOf: string | null;
  createdAt: string;
}

/** The verdict's segment marks with their segments' text (cut to MARK_TEXT characters; '' where the assistance shown
 *  does not describe the segment). */
function marksOf(raw: Raw, texts: { A: string; B: string }) {
  return marksWithText({ sub_judgments: raw.subJudgments, assistance: raw.assistance, response_a: texts.A, response_b: texts.B }).map((mark) => {
    const text = mark.text?.trim() ?? '';
    return { ...mark, text: text.length > MARK_TEXT ? `${text.slice(0, MARK_TEXT - 1)}…` : text };
  });
}

/** The verdicts' per-criterion verdicts with their criteria's labels, by judgment id (in rubric order; none: absent). */
function labelledCriteria(db: Database.Database, judgmentIds: readonly string[]) {
  const rubrics = new Map<string, Criterion[]>();
  const rubricOf = (runId: string) => rubrics.get(runId) ?? rubrics.set(runId, runCriteria(db, runId)).get(runId)!;
  return new Map(
    [...judgmentCriteria(db, judgmentIds)].map(([id, { runId, verdicts }]) => [
      id,
      verdicts.map((v) => ({ ...v, label: rubricOf(runId).find((c) => c.key === v.criterion)!.label })),
    ]),
  );
}

export function ownVerdictPage(db: Database.Database, evaluatorId: string, offset: number, limit: number) {
  requireEvaluator(db, evaluatorId);
  const rows = db
    .prepare(
      `SELECT id, evaluator_id AS evaluatorId, comparison_id AS comparisonId, left_side AS leftSide, choice, strength, rationale, duration_ms AS durationMs,
              sub_judgments AS subJudgments, assistance, origin, repeat_of AS repeatOf, created_at AS createdAt
         FROM live_judgments WHERE evaluator_id = ? ORDER BY created_at DESC, seq DESC LIMIT ? OFFSET ?`,
    )
    .all(evaluatorId, limit, offset) as Raw[];
  const criteria = labelledCriteria(db, rows.map((r) => r.id));
  return {
    total: liveJudgmentCount(db, evaluatorId),
    rows: rows.map((raw) => {
      const comparison = getComparisonView(db, raw.comparisonId)!;
      return {
        judgmentId: raw.id,
        comparison,
        leftSide: raw.leftSide ?? stableLeftSide(evaluatorId, raw.comparisonId),
        choice: raw.choice,
        strength: raw.strength,
        rationale: raw.rationale,
        durationMs: raw.durationMs,
        marks: marksOf(raw, { A: comparison.responseA, B: comparison.responseB }),
        criteria: criteria.get(raw.id) ?? [],
        createdAt: raw.createdAt,
        changeRefusal: changeRefusal(db, { ...raw, retractedAt: null }),
      };
    }),
  };
}
