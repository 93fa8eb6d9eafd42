// The assistance bar above the two responses at a run's layer k ≥ 1: RM(k-1)'s reward for each side (with its ensemble
// spread) and P(left ≻ right) with its interval, a one-line legend saying what those numbers are, collapsible; a
// control trial says only that nothing is shown, an unscored comparison why the model has nothing to show. An external
// model (a lab's imported scores) is named as such.
import type { Result } from '../../../../electron/api/contract';
import './assistance.css';

type Assistance = NonNullable<Result<'nextComparisons'>[number]['assistance']>;

interface Props {
  assistance: Assistance;
  leftSide: 'A' | 'B';
  collapsed: boolean;
  onToggle: () => void;
  toggleKeys: string;
  segmentKeys: { next: string; prev: string; correct: string; wrong: string; unsure: string };
  /** How many segments the evaluator has marked on this comparison. */
  marked: number;
}

const signed = (x: number) => `${x >= 0 ? '' : '−'}${Math.abs(x).toFixed(2)}`;
const pct = (x: number) => `${Math.round(x * 100)}%`;

/** What the numbers are (ladder/assistance.ts, ladder/weakest.ts and the engine's score_items / score_pairs; an external
 *  model's: scoring/external-scorer.ts). */
const legend = (scored: boolean, external: boolean) =>
  external
    ? "Reward: the lab's model's reward ± the std its file gave (0 if none) · P(left better): sigmoid of the reward difference [± 1.96 × its std carried through]"
    : [
        `Reward: members' mean ± std${scored ? ' (a segment scored alone)' : ''}`,
        "P(left better): members' mean [± 1.96 std]",
        ...(scored ? ["Weakest: mean + std below every other segment's mean − std"] : []),
      ].join(' · ');

export function AssistancePanel({ assistance, leftSide, collapsed, onToggle, toggleKeys, segmentKeys, marked }: Props) {
  if (assistance.mode === 'control') {
    return (
      <div className="assist-bar assist-control" data-testid="assist-control">
        <span className="muted">No model assistance on this comparison (a control trial, chosen at random to measure what assistance changes).</span>
      </div>
    );
  }
  if (assistance.mode === 'unscored') {
    return (
      <div className="assist-bar assist-control" data-testid="assist-unscored">
        <span className="muted">
          No model assistance on this comparison: {assistance.reason}.
        </span>
      </div>
    );
  }
  const toggle = (
    <button type="button" className="button button-small" onClick={onToggle} aria-expanded={!collapsed} data-testid="assist-toggle">
      {collapsed ? 'Show' : 'Hide'} <kbd>{toggleKeys}</kbd>
    </button>
  );
  if (collapsed) {
    return (
      <div className="assist-bar is-collapsed" data-testid="assist-panel" data-collapsed="true">
        <span className="muted">Model assistance hidden; your segment marks stay.</span>
        {toggle}
      </div>
    );
  }
  const left = leftSide === 'A' ? assistance.rewardA : assistance.rewardB;
  const right = leftSide === 'A' ? assistance.rewardB : assistance.rewardA;
  // pA is P(A ≻ B); shown as seen: P(left ≻ right).
  const pLeft = leftSide === 'A' ? assistance.pA : 1 - assistance.pA;
  const [lo, hi] = leftSide === 'A' ? assistance.pAInterval : [1 - assistance.pAInterval[1], 1 - assistance.pAInterval[0]];
  const scored = assistance.segments.A.length + assistance.segments.B.length > 0;
  const external = assistance.modelKind === 'external';
  const weakest = [...assistance.segments.A, ...assistance.segments.B].some((s) => s.weak) ? 'weakest marked' : 'no clear weakest';
  return (
    <>
      <div className="assist-bar" data-testid="assist-panel" data-collapsed="false" aria-label="Model assistance">
        <span className="assist-model" title={`${assistance.modelName} (${assistance.modelId})`} data-testid="assist-model">
          RM{assistance.modelLayer}
          {external && ` · ${assistance.modelName} (external)`}
        </span>
        <span className="assist-figure" data-testid="assist-reward-left" title="Reward of the left response: ensemble mean ± spread">
          Left <strong>{signed(left.mean)}</strong> ± {left.std.toFixed(2)}
        </span>
        <span className="assist-figure" data-testid="assist-reward-right" title="Reward of the right response: ensemble mean ± spread">
          Right <strong>{signed(right.mean)}</strong> ± {right.std.toFixed(2)}
        </span>
        <span className="assist-figure" data-testid="assist-p" title="The ensemble's probability that the left response is better, with mean ± 1.96 × its spread">
          P(left better) <strong>{pct(pLeft)}</strong> <span className="muted">[{pct(lo)}–{pct(hi)}]</span>
        </span>
        <span className="assist-hint muted" data-testid="assist-segments-note">
          {scored
            ? `Segments (${assistance.segmentSource === 'data' ? "the data's" : 'split automatically'}) scored; ${weakest}. ${segmentKeys.next}/${segmentKeys.prev} select, ${segmentKeys.correct} ${segmentKeys.wrong} ${segmentKeys.unsure} mark correct / wrong / unsure${marked ? ` · ${marked} marked` : ''}.`
            : external
              ? "A lab's own model, its scores imported: it scores whole responses, not segments."
              : 'This model takes embeddings, so it cannot score segments: only the pair is scored.'}
        </span>
        {toggle}
      </div>
      <p className="assist-legend muted" data-testid="assist-legend" title={legend(scored, external)}>
        {legend(scored, external)}
      </p>
    </>
  );
}
