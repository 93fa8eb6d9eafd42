// A dataset's Delete in the Data page's table: a confirmation dialog that says in words what would go
// (datasetDeletionPlan), asks to tick "Also delete the N verdicts…" when others judged its comparisons, and shows
// deleteDataset's refusal in the dialog; Cancel or Escape leaves the dataset as it was.
import { useEffect, useState } from 'react';
import type { Result } from '../../../../electron/api/contract';
import { deletionPlanWords } from '../../../../electron/api/deletion-words';
import type { ApiError } from '../../../../electron/api/errors';
import { ErrorAlert } from '../../components/ErrorAlert';
import { getClient } from '../../lib/client';
import { plural } from '../../lib/format';

type Dataset = Result<'listDatasets'>[number];
type Plan = Result<'datasetDeletionPlan'>;

function DeleteDialog({ dataset, onClose, onDeleted }: { dataset: Dataset; onClose: () => void; onDeleted: () => void }) {
  const [plan, setPlan] = useState<Plan>();
  const [withJudgments, setWithJudgments] = useState(false);
  const [error, setError] = useState<ApiError>();
  const [deleting, setDeleting] = useState(false);

  useEffect(() => {
    let current = true;
    void getClient()
      .datasetDeletionPlan({ datasetId: dataset.id })
      .then((result) => {
        if (!current) return;
        if (!result.ok) return setError(result.error);
        setPlan(result.value);
      });
    return () => {
      current = false;
    };
  }, [dataset.id]);

  async function remove() {
    setDeleting(true);
    const result = await getClient().deleteDataset({ datasetId: dataset.id, withJudgments });
    setDeleting(false);
    if (!result.ok) return setError(result.error);
    onClose();
    onDeleted();
  }

  const blocked = plan === undefined || (plan.otherVerdicts > 0 && !withJudgments);
  return (
    <div className="overlay" onKeyDown={(event) => event.key === 'Escape' && onClose()}>
      <form
        className="overlay-dialog dataset-delete"
        role="dialog"
        aria-modal="true"
        aria-label={`Delete dataset ${dataset.name}`}
        onSubmit={(event) => {
          event.preventDefault();
          void remove();
        }}
        data-testid="dataset-delete-dialog"
      >
        <h2>Delete dataset {dataset.name}?</h2>
        {plan === undefined && !error && <p className="muted">Reading what would go…</p>}
        {plan && (
          <ul data-testid="dataset-delete-plan">
            {deletionPlanWords(plan).map((line) => (
              <li key={line}>{line}</li>
            ))}
          </ul>
        )}
        {plan && plan.otherVerdicts > 0 && (
          <label>
            <input type="checkbox" checked={withJudgments} onChange={(event) => setWithJudgments(event.target.checked)} data-testid="dataset-delete-with-judgments" />{' '}
            Also delete the {plural(plan.otherVerdicts, 'verdict')} given on its comparisons
          </label>
        )}
        {error && <ErrorAlert error={error} title="The dataset was not deleted." testId="dataset-delete-error" />}
        <div className="form-actions">
          <button type="submit" className="button button-small button-primary" disabled={deleting || blocked} data-testid="dataset-delete-confirm">
            {deleting ? 'Deleting…' : 'Delete'}
          </button>
          <button type="button" className="button button-small" onClick={onClose} autoFocus data-testid="dataset-delete-cancel">
            Cancel
          </button>
        </div>
      </form>
    </div>
  );
}

/** A "Delete" button that opens the confirmation for its dataset. */
export function DatasetDeleteButton({ dataset, onDeleted }: { dataset: Dataset; onDeleted: () => void }) {
  const [open, setOpen] = useState(false);
  return (
    <>
      <button type="button" className="button button-small" onClick={() => setOpen(true)} aria-label={`Delete ${dataset.name}`} data-testid="dataset-delete">
        Delete
      </button>
      {open && <DeleteDialog dataset={dataset} onClose={() => setOpen(false)} onDeleted={onDeleted} />}
    </>
  );
}
