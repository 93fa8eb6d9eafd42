// The Evaluators page: who judges (humans and models), their domains and judgment counts, adding a human evaluator,
// and how well they agree (with the consensus, with themselves, with each other), over every verdict or one run's, or
// per criterion of a run's rubric; every number opens its judgments (on the criterion chosen, if any);
// assigning work and the lab lead's view of each assignment's progress.
import { useCallback, useState } from 'react';
import { getClient } from '../../lib/client';
import { ErrorAlert } from '../../components/ErrorAlert';
import { EvaluatorForm, type EvaluatorFormTexts } from '../../components/EvaluatorForm';
import { useResource } from '../../lib/useResource';
import { AgreementPanel } from './AgreementPanel';
import { AgreementScope, scopeCriterion, type AgreementScopeValue } from './AgreementScope';
import { AssignmentsSection } from './AssignmentsSection';
import { EvaluatorsTable } from './EvaluatorsTable';
import { JudgmentsPanel, type JudgmentsFocus } from './JudgmentsPanel';
import { useAgreementStats } from './useAgreementStats';
import './evaluators.css';

const addTexts: EvaluatorFormTexts = {
  domainsLabel: 'Domains',
  domainsHint: 'Separate domains with commas; leave empty for none.',
  submit: 'Add evaluator',
  submitting: 'Adding…',
  failed: 'Could not add the evaluator.',
  created: (name) => `Added ${name}.`,
};

export function EvaluatorsPage() {
  const [version, setVersion] = useState(0);
  const refresh = useCallback(() => setVersion((v) => v + 1), []);
  const evaluators = useResource(() => getClient().listEvaluators({}), version);
  const runs = useResource(() => getClient().listRuns({}), version);
  const [scope, setScope] = useState<AgreementScopeValue>({ runId: '', criterion: '' });
  const stats = useAgreementStats(scope, version);
  const [focus, setFocus] = useState<JudgmentsFocus | null>(null);

  return (
    <div className="page">
      <div className="page-header">
        <h1>Evaluators</h1>
        <p className="page-lede">The people and models whose judgments this database holds, and how well they agree.</p>
      </div>
      <div className="columns columns-wide-left">
        <section className="panel" aria-labelledby="evaluators-heading">
          <h2 id="evaluators-heading">All evaluators</h2>
          {evaluators.error && <ErrorAlert title="Could not load the evaluators." error={evaluators.error} onRetry={refresh} testId="evaluators-error" />}
          {evaluators.value && evaluators.value.length === 0 && (
            <p className="muted" data-testid="evaluators-empty">
              No evaluators yet. Add one with the form, or import a dataset with annotator labels (PandaLM, LLMBar) —
              its annotators appear here.
            </p>
          )}
          {evaluators.value && evaluators.value.length > 0 && <EvaluatorsTable evaluators={evaluators.value} />}
        </section>
        <section className="panel" aria-labelledby="evaluator-add-heading">
          <h2 id="evaluator-add-heading">Add an evaluator</h2>
          <EvaluatorForm texts={addTexts} testIdPrefix="evaluator" submitTestId="evaluator-submit" onCreated={refresh} />
        </section>
      </div>
      <AssignmentsSection evaluators={evaluators.value ?? []} version={version} />
      <AgreementPanel
        stats={stats}
        onShow={(shown) => setFocus({ ...shown, criterion: scopeCriterion(runs.value ?? [], scope) })}
        scope={runs.value && runs.value.length > 0 ? <AgreementScope runs={runs.value} value={scope} onChange={setScope} /> : undefined}
      />
      {focus && <JudgmentsPanel focus={focus} onClose={() => setFocus(null)} />}
    </div>
  );
}
