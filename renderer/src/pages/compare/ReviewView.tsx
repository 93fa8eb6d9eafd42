// The read-only review of one of the evaluator's own verdicts on the Compare page: the comparison as it was judged
// (the same sides left and right), the verdict, strength, its verdict on each criterion of a rubric (as it saw the
// sides), rationale, segment marks and time, with keys to move
// older/newer, to change the verdict (retract and judge again) and to go back to judging.
import './review.css';
import { formatDate, formatSeconds } from '../../lib/format';
import { renderMarkdown } from '../../lib/markdown';
import { verdictWords, type ReviewState } from './review';

interface Props {
  state: ReviewState;
  keys: { back: string; forward: string; change: string };
  onBack: () => void;
  onForward: () => void;
  onChange: () => void;
  onClose: () => void;
}

export function ReviewView({ state, keys, onBack, onForward, onChange, onClose }: Props) {
  const v = state.verdict;
  const toJudging = state.index === 0 ? `Esc or ${keys.forward} back to judging` : `Esc back to judging`;
  const right = v && (v.leftSide === 'A' ? 'B' : 'A');
  return (
    <div className="compare-body review" data-testid="review" data-judgment-id={v?.judgmentId ?? ''}>
      <p className="review-banner" role="status" data-testid="review-banner">
        {v
          ? `Reviewing your verdict of ${formatDate(v.createdAt)} — ${state.index + 1} of ${state.total} · read-only · ${toJudging}`
          : state.loading
            ? 'Loading your verdicts…'
            : `You have no standing verdicts to review yet · ${toJudging}`}
      </p>
      {state.notice && (
        <p className="review-notice" role="alert" data-testid="review-notice">
          {state.notice}
        </p>
      )}
      {v && right && (
        <>
          <dl className="review-verdict" data-testid="review-verdict">
            <div>
              <dt>Your verdict</dt>
              <dd data-testid="review-choice">{verdictWords(v)}</dd>
            </div>
            <div>
              <dt>Time</dt>
              <dd>{formatSeconds(v.durationMs)}</dd>
            </div>
            <div className="review-rationale">
              <dt>Rationale</dt>
              <dd data-testid="review-rationale">{v.rationale ?? <span className="muted">none</span>}</dd>
            </div>
          </dl>
          {v.criteria.length > 0 && (
            <ul className="review-criteria" aria-label="Your verdicts per criterion" data-testid="review-criteria">
              {v.criteria.map((c) => (
                <li key={c.criterion} data-testid={`review-criterion-${c.criterion}`}>
                  <span className="muted">{c.label}:</span> {verdictWords({ choice: c.choice, strength: c.strength, leftSide: v.leftSide })}
                </li>
              ))}
            </ul>
          )}
          {v.marks.length > 0 && (
            <ul className="review-marks" aria-label="Your segment marks" data-testid="review-marks">
              {v.marks.map((m) => (
                <li key={`${m.side}:${m.segment}`}>
                  <span className={`chip review-mark-${m.verdict}`}>{m.verdict}</span> {m.side === v.leftSide ? 'Left' : 'Right'} segment {m.segment + 1}
                  {m.text && <span className="muted">: {m.text}</span>}
                </li>
              ))}
            </ul>
          )}
          <section className="compare-prompt" aria-label="Prompt">
            <header className="pane-header">
              <span>Prompt</span>
            </header>
            <div className="pane-body md" data-testid="review-prompt" dangerouslySetInnerHTML={{ __html: renderMarkdown(v.comparison.prompt) }} />
          </section>
          <div className="compare-panes">
            {([['left', v.leftSide], ['right', right]] as const).map(([pane, side]) => (
              <section key={pane} className={`pane pane-${pane}`} aria-label={pane === 'left' ? 'Left response' : 'Right response'}>
                <header className="pane-header">
                  <span>{pane === 'left' ? 'Left' : 'Right'}</span>
                </header>
                <div
                  className="pane-body md"
                  data-testid={`review-${pane}`}
                  dangerouslySetInnerHTML={{ __html: renderMarkdown(side === 'A' ? v.comparison.responseA : v.comparison.responseB) }}
                />
              </section>
            ))}
          </div>
        </>
      )}
      <div className="form-actions review-actions">
        <button type="button" className="button button-small" onClick={onBack} disabled={state.loading || state.index + 1 >= state.total} data-testid="review-older">
          Older <kbd>{keys.back}</kbd>
        </button>
        <button type="button" className="button button-small" onClick={onForward} data-testid="review-newer">
          {state.index === 0 ? 'Back to judging' : 'Newer'} <kbd>{keys.forward}</kbd>
        </button>
        <button type="button" className="button button-small" onClick={onChange} disabled={!v || state.loading} data-testid="review-change">
          Change this verdict <kbd>{keys.change}</kbd>
        </button>
        <button type="button" className="button button-small" onClick={onClose} data-testid="review-close">
          Back to judging <kbd>Esc</kbd>
        </button>
      </div>
    </div>
  );
}
