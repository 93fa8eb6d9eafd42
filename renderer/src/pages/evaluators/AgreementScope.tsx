// What the Evaluators page's agreement figures are about: every verdict (the stored report), one run's comparisons, or
// one criterion of a run's rubric (each evaluator's verdicts on it; getEvaluatorStats with runId and criterion, a plain
// call computed when asked). The criterion picker shows when the chosen run has a rubric; the criterion chosen, with its
// run and label, is what the judgments behind a number show (scopeCriterion).
import { useId } from 'react';
import type { Result } from '../../../../electron/api/contract';
import { CriterionSelect } from '../../components/CriterionSelect';
import { RunSelect } from '../../components/RunSelect';

export interface AgreementScopeValue {
  /** '' for every verdict. */
  runId: string;
  /** '' for the judgments' own choices. */
  criterion: string;
}

/** The criterion the scope is on, with its run and label (what the judgments behind a number show); undefined for none. */
export function scopeCriterion(runs: Result<'listRuns'>, value: AgreementScopeValue): { runId: string; key: string; label: string } | undefined {
  const criterion = runs.find((r) => r.id === value.runId)?.criteria.find((c) => c.key === value.criterion);
  return criterion && { runId: value.runId, key: criterion.key, label: criterion.label };
}

interface Props {
  runs: Result<'listRuns'>;
  value: AgreementScopeValue;
  onChange: (value: AgreementScopeValue) => void;
}

export function AgreementScope({ runs, value, onChange }: Props) {
  const ids = useId();
  const run = runs.find((r) => r.id === value.runId);
  return (
    <div className="agreement-scope" data-testid="agreement-scope">
      <div className="field">
        <label htmlFor={`${ids}-run`}>Run</label>
        <RunSelect id={`${ids}-run`} runs={runs} value={value.runId} onChange={(runId) => onChange({ runId, criterion: '' })} noneLabel="All verdicts" testId="agreement-run" />
      </div>
      {run && run.criteria.length > 0 && (
        <div className="field">
          <label htmlFor={`${ids}-criterion`}>Criterion</label>
          <CriterionSelect
            id={`${ids}-criterion`}
            criteria={run.criteria}
            value={value.criterion}
            onChange={(criterion) => onChange({ ...value, criterion })}
            noneLabel="Overall verdict"
            testId="agreement-criterion"
          />
        </div>
      )}
    </div>
  );
}
