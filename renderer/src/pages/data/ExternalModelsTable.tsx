// The External models section's list: each external model (a lab's imported scores) with its file, how many
// comparisons it scored, when it was imported, and the run layer (or the database) it serves, active or not.
import type { Result } from '../../../../electron/api/contract';
import { ErrorAlert } from '../../components/ErrorAlert';
import { formatDate } from '../../lib/format';
import type { Resource } from '../../lib/useResource';

type Model = Result<'listModels'>[number];

interface Props {
  models: Resource<Model[]>;
  runs: readonly { id: string; name: string }[];
}

export function ExternalModelsTable({ models, runs }: Props) {
  const rows = (models.value ?? []).filter((m) => m.kind === 'external');
  const placeOf = (m: Model) => (m.runId === null ? 'the database' : `${runs.find((r) => r.id === m.runId)?.name ?? m.runId}, layer ${m.layer}`);
  if (models.error) return <ErrorAlert title="Could not load the external models." error={models.error} onRetry={models.reload} />;
  if (!models.value) return null;
  if (rows.length === 0) return <p className="muted" data-testid="external-models-empty">No external models imported yet.</p>;
  return (
    <div className="table-wrap">
      <table className="table" data-testid="external-models-table">
        <thead>
          <tr>
            <th scope="col">Name</th>
            <th scope="col">File</th>
            <th scope="col" className="num">Scores</th>
            <th scope="col">Imported</th>
            <th scope="col">Model of</th>
          </tr>
        </thead>
        <tbody>
          {rows.map((m) => (
            <tr key={m.id} data-testid="external-model-row" data-model-id={m.id}>
              <td data-testid="external-model-name">{m.name}</td>
              <td data-testid="external-model-file">{m.external?.file ?? m.recipe}</td>
              <td className="num" data-testid="external-model-scores">
                {m.external?.scores ?? '—'}
              </td>
              <td>
                <time dateTime={m.external?.importedAt ?? m.createdAt}>{formatDate(m.external?.importedAt ?? m.createdAt)}</time>
              </td>
              <td data-testid="external-model-place">
                {placeOf(m)}
                {m.active && ' (active)'}
              </td>
            </tr>
          ))}
        </tbody>
      </table>
    </div>
  );
}
