// The table of imported datasets on the Data page (listDatasets), newest first, each name with its Rename, its Guidelines
// and its Delete.
import type { Result } from '../../../../electron/api/contract';
import type { ApiError } from '../../../../electron/api/errors';
import { ErrorAlert } from '../../components/ErrorAlert';
import { GuidelinesButton } from '../../components/GuidelinesEditor';
import { formatDate, shortFormatName } from '../../lib/format';
import { DatasetDeleteButton } from './DatasetDelete';
import { DatasetName } from './DatasetName';

const DATASET_COUNT_WORDS = {
  imported: 'Judgments the file brought (its annotators’ and its own labels) that stand.',
  appVerdicts: 'Verdicts (A, B or tie) people gave in Rung on this dataset’s comparisons that stand; position-check repeats and skips not counted.',
};

interface Props {
  datasets: Result<'listDatasets'> | undefined;
  error: ApiError | undefined;
  onRetry: () => void;
  /** The datasets changed (one renamed or deleted): the page reads them again. */
  onChanged: () => void;
}

export function DatasetsTable({ datasets, error, onRetry, onChanged }: Props) {
  const rows = datasets ? [...datasets].sort((a, b) => b.importedAt.localeCompare(a.importedAt)) : [];
  return (
    <section className="panel" aria-labelledby="datasets-heading">
      <h2 id="datasets-heading">Datasets</h2>
      {error && <ErrorAlert title="Could not load the datasets." error={error} onRetry={onRetry} />}
      {datasets && rows.length === 0 && <p className="muted">No datasets imported yet.</p>}
      {rows.length > 0 && (
        <div className="table-wrap">
          <table className="table" data-testid="datasets-table">
            <thead>
              <tr>
                <th scope="col">Name</th>
                <th scope="col">Format</th>
                <th scope="col" className="num">Comparisons</th>
                <th scope="col" className="num" title={DATASET_COUNT_WORDS.imported}>
                  Imported judgments
                </th>
                <th scope="col" className="num" title={DATASET_COUNT_WORDS.appVerdicts}>
                  Verdicts in Rung
                </th>
                <th scope="col">Imported</th>
              </tr>
            </thead>
            <tbody>
              {rows.map((d) => (
                <tr key={d.id} data-testid="dataset-row">
                  <td>
                    <DatasetName dataset={d} onRenamed={onChanged} /> <GuidelinesButton target={{ datasetId: d.id }} title={`dataset ${d.name}`} />{' '}
                    <DatasetDeleteButton dataset={d} onDeleted={onChanged} />
                  </td>
                  <td>{shortFormatName[d.format] ?? d.format}</td>
                  <td className="num">{d.comparisons}</td>
                  <td className="num">{d.judgments}</td>
                  <td className="num" data-testid="dataset-app-verdicts">{d.appVerdicts}</td>
                  <td>
                    <time dateTime={d.importedAt}>{formatDate(d.importedAt)}</time>
                    {!d.complete && (
                      <>
                        {' '}
                        <span className="badge badge-warn" data-testid="dataset-incomplete" title={`If no import of it is running, import ${d.fileName} again to finish it.`}>
                          copy not finished
                        </span>
                      </>
                    )}
                  </td>
                </tr>
              ))}
            </tbody>
          </table>
        </div>
      )}
    </section>
  );
}
