// A flag's evidence in plain words: the cycle drawn as X ≻ Y ≻ Z ≻ X (each step links to its comparison's
// verdicts), the disagreeing verdicts, an evaluator's answers over time, or a model flag (ModelEvidence); the raw
// evidence is always one click away.
import { useState } from 'react';
import { formatDate, verdictText } from '../../lib/format';
import { chainText, cycleChain } from './logic';
import { ComparisonJudgments } from './ComparisonJudgments';
import { modelEvidence } from './ModelEvidence';

type Evidence = Record<string, unknown>;

interface VerdictLike {
  judgmentId?: string;
  evaluator?: string;
  choice?: 'A' | 'B' | 'tie' | 'skip';
  leftSide?: 'A' | 'B' | null;
  createdAt?: string;
}

const list = (value: unknown): VerdictLike[] => (Array.isArray(value) ? (value.filter((v) => typeof v === 'object' && v !== null) as VerdictLike[]) : []);

function CycleEvidence({ evidence }: { evidence: Evidence }) {
  const chain = cycleChain(evidence)!;
  const [open, setOpen] = useState<string | null>(null);
  // Response texts, when the evidence carries them ({responses: {id: text}}).
  const texts = typeof evidence.responses === 'object' && evidence.responses !== null ? (evidence.responses as Record<string, string>) : null;
  const scope = evidence.scope === 'evaluator' ? `in ${String(evidence.evaluator ?? 'one evaluator')}'s own verdicts` : 'in the consensus (majority verdict per comparison)';
  return (
    <div className="cycle" data-testid="flag-cycle">
      <p>
        A cycle {scope}: <strong className="cycle-text" data-testid="flag-cycle-text">{chainText(chain)}</strong>
      </p>
      <ol className="cycle-chain" aria-label="The cycle, one preference per step">
        {chain.steps.map((step, i) => (
          <li key={step.comparisonId + i} className="cycle-step">
            <span className="cycle-node" title={`Response ${step.winner}`}>{chain.labels[step.winner]}</span>
            <button
              type="button"
              className={`cycle-edge${open === step.comparisonId ? ' is-on' : ''}`}
              onClick={() => setOpen(open === step.comparisonId ? null : step.comparisonId)}
              aria-expanded={open === step.comparisonId}
              title={`Comparison ${step.comparisonId}: ${step.judgmentIds.length} verdict(s) say ${chain.labels[step.winner]} is better than ${chain.labels[step.loser]}`}
              data-testid="flag-cycle-edge"
            >
              ≻ <span className="cycle-edge-label">comparison {i + 1}</span>
            </button>
            {i === chain.steps.length - 1 && <span className="cycle-node" title={`Response ${chain.order[0]}`}>{chain.labels[chain.order[0]]}</span>}
          </li>
        ))}
      </ol>
      {texts ? (
        <ul className="evidence-list cycle-legend">
          {chain.order.map((id) => (
            <li key={id}>
              <strong>{chain.labels[id]}</strong> = <span className="muted">{texts[id] ?? id}</span>
            </li>
          ))}
        </ul>
      ) : (
        <p className="hint">Letters stand for this prompt&apos;s responses ({chain.order.map((id) => `${chain.labels[id]} = response ${id.slice(0, 8)}`).join(', ')}).</p>
      )}
      <p className="hint">Open a step to see the verdicts on that comparison.</p>
      {open && <ComparisonJudgments comparisonId={open} />}
    </div>
  );
}

export function EvidenceView({ kind, evidence }: { kind: string; evidence: Evidence }) {
  const drawn = modelEvidence(kind, evidence);
  let body: React.ReactNode = null;
  if (drawn) body = drawn;
  else if (kind === 'intransitive-cycle' && cycleChain(evidence)) {
    body = <CycleEvidence evidence={evidence} />;
  } else if (Array.isArray(evidence.verdicts)) {
    const verdicts = list(evidence.verdicts);
    body = (
      <>
        <p>{verdicts.length} evaluators judged this comparison and did not agree:</p>
        <ul className="evidence-list" data-testid="flag-evidence-verdicts">
          {verdicts.map((v, i) => (
            <li key={v.judgmentId ?? i}>
              <strong>{v.evaluator ?? 'unknown'}</strong> — {v.choice ? verdictText(v.choice, null) : 'no verdict'}
            </li>
          ))}
        </ul>
      </>
    );
  } else if (Array.isArray(evidence.answers)) {
    const answers = list(evidence.answers);
    body = (
      <>
        <p>
          <strong>{String(evidence.evaluator ?? 'The evaluator')}</strong> answered this comparison {answers.length} times, differently:
        </p>
        <ol className="evidence-list" data-testid="flag-evidence-answers">
          {answers.map((a, i) => (
            <li key={a.judgmentId ?? i}>
              {a.choice ? verdictText(a.choice, a.leftSide ?? null) : 'no verdict'}
              {a.createdAt && <span className="muted"> · {formatDate(a.createdAt)}</span>}
            </li>
          ))}
        </ol>
      </>
    );
  }
  return (
    <div className="evidence" data-testid="flag-evidence">
      {body ?? <p className="muted">This kind of flag has no drawing yet; its raw evidence is below.</p>}
      <details className="evidence-raw">
        <summary>Raw evidence (JSON)</summary>
        <pre>{JSON.stringify(evidence, null, 2)}</pre>
      </details>
    </div>
  );
}
