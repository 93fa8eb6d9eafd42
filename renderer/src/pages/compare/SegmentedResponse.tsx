// A response pane at an assisted layer: the response's segments in order, each rendered as Markdown with RM(k-1)'s
// score, the weakest visibly marked, and the evaluator's correct / wrong / unsure sub-judgment on each (click or keys).
// With the assistance hidden the model's scores and weakest marks go, and the evaluator's own marks stay.
import type { Result } from '../../../../electron/api/contract';
import { renderMarkdown } from '../../lib/markdown';
import './assistance.css';

type Assisted = Extract<NonNullable<Result<'nextComparisons'>[number]['assistance']>, { mode: 'assisted' }>;
export type SegmentScore = Assisted['segments']['A'][number];
export type SegmentVerdict = 'correct' | 'wrong' | 'unsure';

const verdictLabels: Record<SegmentVerdict, { symbol: string; label: string }> = {
  correct: { symbol: '✓', label: 'Correct' },
  wrong: { symbol: '✗', label: 'Wrong' },
  unsure: { symbol: '?', label: 'Unsure' },
};

/** The pieces of a text in order: the segments, and the text between them (rendered plain, not scored). */
export function pieces(text: string, segments: SegmentScore[]): ({ kind: 'gap'; text: string } | { kind: 'segment'; index: number; text: string })[] {
  const out: ({ kind: 'gap'; text: string } | { kind: 'segment'; index: number; text: string })[] = [];
  let cursor = 0;
  segments.forEach((s, index) => {
    const start = Math.max(cursor, s.start);
    if (start > cursor && text.slice(cursor, start).trim()) out.push({ kind: 'gap', text: text.slice(cursor, start) });
    out.push({ kind: 'segment', index, text: text.slice(start, Math.max(start, s.end)) });
    cursor = Math.max(cursor, s.end);
  });
  if (text.slice(cursor).trim()) out.push({ kind: 'gap', text: text.slice(cursor) });
  return out;
}

interface Props {
  /** 'left' or 'right': the pane (test ids and labels say which). */
  pane: 'left' | 'right';
  text: string;
  segments: SegmentScore[];
  /** Show the model's score and weakest mark on each segment (false while the evaluator hides the assistance). */
  showScores: boolean;
  verdicts: Record<number, SegmentVerdict | undefined>;
  /** The segment selected by keyboard, if it is in this pane. */
  focused: number | null;
  onMark: (index: number, verdict: SegmentVerdict) => void;
  onFocus: (index: number) => void;
}

const score = (s: SegmentScore) => `${s.reward >= 0 ? '' : '−'}${Math.abs(s.reward).toFixed(2)} ± ${s.std.toFixed(2)}`;

export function SegmentedResponse({ pane, text, segments, showScores, verdicts, focused, onMark, onFocus }: Props) {
  return (
    <div className="segmented">
      {pieces(text, segments).map((piece) => {
        if (piece.kind === 'gap') return <div key={`gap-${piece.text.length}-${piece.text.slice(0, 16)}`} className="md segment-gap" dangerouslySetInnerHTML={{ __html: renderMarkdown(piece.text) }} />;
        const s = segments[piece.index];
        const verdict = verdicts[piece.index];
        const weak = showScores && s.weak;
        const classes = ['segment', weak ? 'is-weak' : '', focused === piece.index ? 'is-focused' : '', verdict ? `is-${verdict}` : ''].filter(Boolean).join(' ');
        return (
          <div
            key={piece.index}
            className={classes}
            data-testid={`segment-${pane}-${piece.index}`}
            data-segment={`${pane}:${piece.index}`}
            data-weak={weak ? 'true' : 'false'}
            data-verdict={verdict ?? ''}
            onClick={() => onFocus(piece.index)}
          >
            <div className="segment-head">
              <span className="segment-score" title={showScores ? "The model's reward for this segment alone (mean ± ensemble std)" : undefined}>
                {weak && <strong className="segment-weak-label">Weakest · </strong>}
                {showScores && score(s)}
              </span>
              <span className="segment-marks" role="group" aria-label={`Segment ${piece.index + 1}: is it correct?`}>
                {(Object.keys(verdictLabels) as SegmentVerdict[]).map((v) => (
                  <button
                    key={v}
                    type="button"
                    className={`segment-mark segment-mark-${v}${verdict === v ? ' is-on' : ''}`}
                    aria-pressed={verdict === v}
                    title={verdictLabels[v].label}
                    aria-label={`${verdictLabels[v].label}: segment ${piece.index + 1}`}
                    onClick={(e) => {
                      e.stopPropagation();
                      (e.currentTarget as HTMLButtonElement).blur();
                      onMark(piece.index, v);
                    }}
                    data-testid={`segment-${pane}-${piece.index}-${v}`}
                  >
                    {verdictLabels[v].symbol}
                  </button>
                ))}
              </span>
            </div>
            <div className="md" dangerouslySetInnerHTML={{ __html: renderMarkdown(piece.text) }} />
          </div>
        );
      })}
    </div>
  );
}
