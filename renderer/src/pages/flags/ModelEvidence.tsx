// Evidence of the model-based and segment flags in plain words: which model contradicts which established or human
// judgment, how sure it is (P, spread, reward margin), whether it trained on that judgment; segment verdicts that
// contradict the overall verdict; a model pair's rank correlation on the anchor set.
import { verdictText } from '../../lib/format';

type Evidence = Record<string, unknown>;

const obj = (v: unknown): Record<string, unknown> => (typeof v === 'object' && v !== null && !Array.isArray(v) ? (v as Record<string, unknown>) : {});
const arr = (v: unknown): Record<string, unknown>[] => (Array.isArray(v) ? v.map(obj) : []);
const num = (v: unknown): number | null => (typeof v === 'number' && Number.isFinite(v) ? v : null);
const pct = (v: unknown) => (num(v) === null ? '—' : `${(num(v)! * 100).toFixed(1)}%`);
const fixed = (v: unknown, digits = 2) => (num(v) === null ? '—' : num(v)!.toFixed(digits));
/** "lab-rm (RM0, external: its scores imported)": the name, the layer it serves, and whether it is a lab's own model. */
const modelName = (m: Record<string, unknown>) => {
  const notes = [num(m.layer) !== null ? `RM${m.layer}` : null, m.kind === 'external' ? 'external: its scores imported' : null].filter((n) => n !== null);
  return `${String(m.name ?? m.id ?? 'a model')}${notes.length > 0 ? ` (${notes.join(', ')})` : ''}`;
};

function Scores({ scores }: { scores: Record<string, unknown> }) {
  return (
    <p className="muted" data-testid="flag-evidence-scores">
      P(A ≻ B) = {pct(scores.pA)} ± {fixed(scores.spread, 3)} across the ensemble · reward A {fixed(scores.rewardA)} ± {fixed(scores.stdA)}, reward B {fixed(scores.rewardB)} ±{' '}
      {fixed(scores.stdB)}
    </p>
  );
}

function CrossLayer({ evidence }: { evidence: Evidence }) {
  const model = obj(evidence.model);
  const established = obj(evidence.established);
  const source =
    established.source === 'gold' ? 'the gold answer (ground truth)' : `a unanimous consensus of ${String(established.evaluators ?? '?')} people`;
  const trained = num(evidence.trainedOnEstablished) ?? 0;
  return (
    <div data-testid="flag-evidence-cross-layer">
      <p>
        <strong>{modelName(model)}</strong> prefers <strong>{String(evidence.modelSide)}</strong> (confidence {pct(evidence.confidence)}, reward margin {fixed(evidence.margin)}) on a
        layer-{String(evidence.comparisonLayer ?? '?')} comparison where {source} says <strong>{String(established.side)}</strong>.
      </p>
      <Scores scores={obj(evidence.scores)} />
      {trained > 0 && <p>The model was trained on {trained} of these verdicts, and still contradicts them.</p>}
    </div>
  );
}

function ModelVsHuman({ evidence }: { evidence: Evidence }) {
  const model = obj(evidence.model);
  const verdicts = arr(evidence.humanVerdicts);
  return (
    <div data-testid="flag-evidence-model-vs-human">
      <p>
        <strong>{modelName(model)}</strong> is confident that <strong>{String(evidence.modelSide)}</strong> is better ({pct(evidence.confidence)}), but people disagree:
      </p>
      <Scores scores={obj(evidence.scores)} />
      <ul className="evidence-list" data-testid="flag-evidence-human-verdicts">
        {verdicts.map((v, i) => (
          <li key={String(v.judgmentId ?? i)}>
            <strong>{String(v.evaluator ?? 'unknown')}</strong> — {verdictText((v.choice as 'A' | 'B' | 'tie') ?? 'tie', null)}
            {v.contradicts ? ' · contradicts the model' : ' · agrees with the model'}
            {v.trainedOn ? <strong> · the model was trained on this verdict</strong> : null}
          </li>
        ))}
      </ul>
      {typeof evidence.summary === 'string' && <p className="hint">In short: {evidence.summary}.</p>}
    </div>
  );
}

function SegmentVsOverall({ evidence }: { evidence: Evidence }) {
  return (
    <div data-testid="flag-evidence-segments">
      <p>Step verdicts contradict the overall verdict:</p>
      <ul className="evidence-list">
        {arr(evidence.contradictions).map((c, i) => {
          const wrong = Array.isArray(c.wrongInChosen) ? (c.wrongInChosen as number[]) : [];
          return (
            <li key={String(c.judgmentId ?? i)}>
              <strong>{String(c.evaluator ?? 'unknown')}</strong> chose <strong>{String(c.choice)}</strong> yet marked {wrong.length === 1 ? 'step' : 'steps'}{' '}
              {wrong.map((s) => s + 1).join(', ')} of {String(c.choice)} wrong, and no step of the other response
              {c.rejectedAllCorrect ? ' — every step of the other response was checked and found correct' : ''}.
            </li>
          );
        })}
      </ul>
    </div>
  );
}

function Drift({ evidence }: { evidence: Evidence }) {
  const model = obj(evidence.model);
  const previous = obj(evidence.previousModel);
  return (
    <div data-testid="flag-evidence-drift">
      <p>
        On {String(evidence.anchors ?? '?')} anchor responses of {String(evidence.run ?? 'the run')}, <strong>{modelName(model)}</strong> ranks the responses unlike{' '}
        <strong>{modelName(previous)}</strong>: Spearman ρ = <strong>{fixed(evidence.spearman, 3)}</strong>, below the threshold {fixed(evidence.threshold)}.
      </p>
      {typeof evidence.anchorRule === 'string' && <p className="hint">Anchors: {evidence.anchorRule}.</p>}
    </div>
  );
}

/** The evidence drawing for the model-based and segment kinds; null for other kinds. */
export function modelEvidence(kind: string, evidence: Evidence): React.ReactNode | null {
  switch (kind) {
    case 'cross-layer':
      return <CrossLayer evidence={evidence} />;
    case 'model-vs-human':
      return <ModelVsHuman evidence={evidence} />;
    case 'segment-vs-overall':
      return <SegmentVsOverall evidence={evidence} />;
    case 'drift':
      return <Drift evidence={evidence} />;
    default:
      return null;
  }
}
