// The Evaluators page's assignments: the lab lead's view of the chosen assignment (newest first) beside the form that
// assigns new work.
import { useCallback, useState } from 'react';
import type { Result } from '../../../../electron/api/contract';
import { ErrorAlert } from '../../components/ErrorAlert';
import { getClient } from '../../lib/client';
import { useResource } from '../../lib/useResource';
import { AssignmentForm } from './AssignmentForm';
import { AssignmentProgressPanel } from './AssignmentProgressPanel';

export function AssignmentsSection({ evaluators, version }: { evaluators: Result<'listEvaluators'>; version: number }) {
  const [own, setOwn] = useState(0);
  const refresh = useCallback(() => setOwn((v) => v + 1), []);
  const key = `${version}:${own}`;
  const assignments = useResource(() => getClient().listAssignments({}), key);
  const runs = useResource(() => getClient().listRuns({}), version);
  const datasets = useResource(() => getClient().listDatasets({}), version);
  const filters = useResource(() => getClient().listRecordFilters({}), version);
  const [chosen, setChosen] = useState<string | null>(null);
  const list = assignments.value ?? [];
  const selected = list.some((a) => a.id === chosen) ? chosen! : list[0]?.id;

  return (
    <div className="columns columns-wide-left">
      <section className="panel" aria-labelledby="lead-heading">
        <h2 id="lead-heading">Assignments</h2>
        {assignments.error && <ErrorAlert title="Could not load the assignments." error={assignments.error} onRetry={refresh} testId="assignments-error" />}
        {assignments.value && list.length === 0 && (
          <p className="muted" data-testid="lead-empty">
            No work assigned yet. Assign a run's layer or a dataset with the form; each evaluator then sees their own items
            first on the Compare page.
          </p>
        )}
        {selected && <AssignmentProgressPanel assignments={list} selected={selected} onSelect={setChosen} reloadKey={key} onRefresh={refresh} />}
      </section>
      <section className="panel" aria-labelledby="assign-heading">
        <h2 id="assign-heading">Assign work</h2>
        {(runs.error || datasets.error) && <ErrorAlert title="Could not load the runs and datasets." error={(runs.error ?? datasets.error)!} onRetry={refresh} />}
        <AssignmentForm
          runs={runs.value ?? []}
          datasets={datasets.value ?? []}
          evaluators={evaluators}
          filters={filters.value ?? []}
          onCreated={(a) => {
            setChosen(a.id);
            refresh();
          }}
        />
      </section>
    </div>
  );
}
