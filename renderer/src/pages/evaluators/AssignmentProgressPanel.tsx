// The lab lead's view of an assignment (getAssignmentProgress): per evaluator assigned, done, remaining, median time,
// agreement so far with the others who judged the same items, the deadline, the last results bundle received and a
// download of their work bundle (exportWorkBundle with the assignment: a run layer's carries the run, a saved filter's or
// a dataset's the comparisons alone); below, the lab's overall agreement (LabAgreement.tsx).
import { useState } from 'react';
import type { Result } from '../../../../electron/api/contract';
import { ErrorAlert } from '../../components/ErrorAlert';
import { getClient } from '../../lib/client';
import { downloadBase64 } from '../../lib/download';
import { formatDate, percent, plural } from '../../lib/format';
import { useResource } from '../../lib/useResource';
import { LabAgreement } from './LabAgreement';

type Assignment = Result<'listAssignments'>[number];

interface Props {
  assignments: Result<'listAssignments'>;
  /** The assignment shown (its id). */
  selected: string;
  onSelect: (assignmentId: string) => void;
  /** Changes when the figures may have changed (a new assignment, Refresh). */
  reloadKey: string;
  onRefresh: () => void;
}

const sourceText = (a: Assignment) =>
  a.runName !== null ? `${a.runName}, layer ${a.layer}` : a.filterName !== null ? `saved filter ${a.filterName}` : `dataset ${a.datasetName ?? a.datasetId}`;

export function AssignmentProgressPanel({ assignments, selected, onSelect, reloadKey, onRefresh }: Props) {
  const progress = useResource(() => getClient().getAssignmentProgress({ assignmentId: selected }), `${selected}:${reloadKey}`);
  const value = progress.value?.assignment.id === selected ? progress.value : undefined;
  const assignment = value?.assignment;
  const [bundle, setBundle] = useState<{ busy: string | null; error: string | null }>({ busy: null, error: null });

  async function downloadWorkBundle(a: Assignment, evaluatorId: string, name: string) {
    if (bundle.busy) return;
    setBundle({ busy: evaluatorId, error: null });
    const result = await getClient().exportWorkBundle({ evaluatorId, assignmentId: a.id });
    if (!result.ok) return setBundle({ busy: null, error: `${name}'s work bundle: ${result.error.message}` });
    downloadBase64(result.value.contentBase64 ?? '', result.value.fileName);
    setBundle({ busy: null, error: null });
  }

  return (
    <>
      <div className="form-actions">
        <select value={selected} onChange={(e) => onSelect(e.target.value)} aria-label="Assignment" data-testid="lead-assignment">
          {assignments.map((a) => (
            <option key={a.id} value={a.id}>
              {`${a.name} — ${formatDate(a.createdAt)}`}
            </option>
          ))}
        </select>
        <button type="button" className="button button-small" onClick={onRefresh} data-testid="lead-refresh">
          Refresh
        </button>
      </div>
      {progress.error && <ErrorAlert title="Could not load the assignment's progress." error={progress.error} onRetry={progress.reload} testId="lead-error" />}
      {assignment && value && (
        <>
          <p className="muted" data-testid="lead-summary">
            {`${sourceText(assignment)}: ${plural(assignment.comparisons, 'comparison')}, each judged by ${assignment.overlap}` +
              ` (seed ${assignment.seed})${assignment.unassigned > 0 ? `; ${assignment.unassigned} left out by the quotas` : ''}.`}
          </p>
          <div className="table-wrap">
            <table className="table" data-testid="lead-table">
              <thead>
                <tr>
                  <th scope="col">Evaluator</th>
                  <th scope="col" className="num">Assigned</th>
                  <th scope="col" className="num">Done</th>
                  <th scope="col" className="num">Remaining</th>
                  <th scope="col" className="num">Median time</th>
                  <th scope="col" className="num" title="Share of verdicts on the same done items that agree with another person's (pairs compared)">
                    Agreement so far
                  </th>
                  <th scope="col">Deadline</th>
                  <th scope="col">Last bundle received</th>
                  <th scope="col">Work bundle</th>
                </tr>
              </thead>
              <tbody>
                {value.evaluators.map((row) => (
                  <tr key={row.evaluatorId} data-testid="lead-row">
                    <td data-testid="lead-name">{row.name}</td>
                    <td className="num" data-testid="lead-assigned">{row.assigned}</td>
                    <td className="num" data-testid="lead-done">
                      {row.done}
                      {row.skipped > 0 && <span className="muted">{` (${row.skipped} skipped)`}</span>}
                    </td>
                    <td className="num" data-testid="lead-remaining">{row.remaining}</td>
                    <td className="num">{row.medianSeconds === null ? '—' : `${row.medianSeconds} s`}</td>
                    <td className="num" data-testid="lead-agreement">
                      {row.agreement === null ? '—' : `${percent(row.agreement)} (${plural(row.agreementPairs, 'pair')})`}
                    </td>
                    <td className="lead-date">{assignment.deadline ?? '—'}</td>
                    <td className="lead-date" data-testid="lead-bundle">{row.lastBundleReceivedAt === null ? '—' : formatDate(row.lastBundleReceivedAt)}</td>
                    <td>
                      <button
                        type="button"
                        className="button button-small"
                        disabled={bundle.busy !== null || row.assigned === 0}
                        title={`A signed file with ${row.name}'s ${plural(row.assigned, 'comparison')}, to import on their workstation`}
                        onClick={() => void downloadWorkBundle(assignment, row.evaluatorId, row.name)}
                        data-testid="lead-work-bundle"
                      >
                        {bundle.busy === row.evaluatorId ? 'Writing…' : 'Download'}
                      </button>
                    </td>
                  </tr>
                ))}
              </tbody>
            </table>
          </div>
          {bundle.error && <ErrorAlert title="Could not write the work bundle." error={bundle.error} testId="lead-work-bundle-error" />}
          <LabAgreement assignmentId={assignment.id} reloadKey={reloadKey} />
        </>
      )}
    </>
  );
}
