// The evaluator's segment marks on a verdict (judgments.sub_judgments: {side, segment, verdict}) read back: the
// well-formed entries, and each with its segment's own text, cut from the response by the spans of the assistance
// shown with the verdict (the marks index them). Exports, the Compare page's review and the segment check read them here.

export interface SegmentMark {
  side: 'A' | 'B';
  segment: number;
  verdict: 'correct' | 'wrong' | 'unsure';
}

/** The well-formed entries of a stored sub_judgments value (anything else is ignored). */
export function parseSubJudgments(raw: string): SegmentMark[] {
  let value: unknown;
  try {
    value = JSON.parse(raw);
  } catch {
    return [];
  }
  if (!Array.isArray(value)) return [];
  return value.filter(
    (s): s is SegmentMark =>
      typeof s === 'object' && s !== null && (s.side === 'A' || s.side === 'B') && Number.isInteger(s.segment) && s.segment >= 0 && ['correct', 'wrong', 'unsure'].includes(s.verdict),
  );
}

export interface MarkWithText extends SegmentMark {
  /** The marked segment's text; null when the stored assistance does not describe that segment. */
  text: string | null;
}

type Spans = Record<'A' | 'B', { start: number; end: number }[]>;

/** The segment spans of a stored assistance value (JSON), or null when it shows none (a control trial, or none shown). */
function shownSpans(assistance: string | null): Spans | null {
  if (!assistance) return null;
  try {
    const shown = JSON.parse(assistance) as { segments?: Partial<Spans> };
    const { A, B } = shown.segments ?? {};
    return Array.isArray(A) && Array.isArray(B) ? { A, B } : null;
  } catch {
    return null;
  }
}

function segmentText(text: string, span: { start: number; end: number } | undefined): string | null {
  if (!span || !Number.isInteger(span.start) || !Number.isInteger(span.end) || span.start < 0 || span.end > text.length || span.end < span.start) return null;
  return text.slice(span.start, span.end);
}

/** A verdict's marks (none when it has no sub-judgments), in the order the evaluator gave them. */
export function marksWithText(row: {
  sub_judgments: string | null;
  assistance: string | null;
  response_a: string;
  response_b: string;
}): MarkWithText[] {
  if (!row.sub_judgments) return [];
  const spans = shownSpans(row.assistance);
  return parseSubJudgments(row.sub_judgments).map((mark) => ({
    side: mark.side,
    segment: mark.segment,
    verdict: mark.verdict,
    text: segmentText(mark.side === 'A' ? row.response_a : row.response_b, spans?.[mark.side][mark.segment]),
  }));
}
