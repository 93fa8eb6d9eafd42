// The Data page's "Records" section: search and filter the comparisons (RecordFilters), save the filters by name (SaveFilter), list and delete
// the saved ones (SavedFilters), page through them in a virtual list (RecordsTable) and open one with its judgments, flags and model scores (RecordDetail).
import { useState } from 'react';
import { getClient } from '../../../lib/client';
import { ErrorAlert } from '../../../components/ErrorAlert';
import { useResource } from '../../../lib/useResource';
import { emptyForm, queryOf, type RecordForm } from './logic';
import { RecordDetail } from './RecordDetail';
import { RecordFilters } from './RecordFilters';
import { RecordsTable } from './RecordsTable';
import { SaveFilter } from './SaveFilter';
import { SavedFilters } from './SavedFilters';
import { useRecordPages } from './useRecordPages';
import '../../flags/flags.css';
import './records.css';

interface Props {
  datasets: readonly { id: string; name: string }[];
  /** Changes when the data changes (an import): the list starts over. */
  version: number;
}

export function RecordsSection({ datasets, version }: Props) {
  const runs = useResource(() => getClient().listRuns({}), version);
  const evaluators = useResource(() => getClient().listEvaluators({}), version);
  const [form, setForm] = useState<RecordForm>(emptyForm);
  const pages = useRecordPages(queryOf(form), version);
  const [selected, setSelected] = useState(-1);
  const [openId, setOpenId] = useState<string | null>(null);
  const [saves, setSaves] = useState(0);

  const search = (next: RecordForm) => {
    setForm(next);
    setSelected(-1);
  };
  const filtered = JSON.stringify(queryOf(form)) !== '{}';
  const nothing = pages.rows.length === 0 && !pages.more && !pages.loading && !pages.error && pages.scope !== null;

  return (
    <section className="panel records" aria-labelledby="records-heading" data-testid="records">
      <h2 id="records-heading">Records</h2>
      <RecordFilters datasets={datasets} runs={runs.value ?? []} evaluators={evaluators.value ?? []} onSearch={search} />
      <SaveFilter query={queryOf(form)} onSaved={() => setSaves((n) => n + 1)} />
      <SavedFilters reloadKey={`${version}:${saves}`} />
      {pages.error && <ErrorAlert title="Could not search the comparisons." error={pages.error} onRetry={pages.loadMore} testId="records-error" />}
      {nothing ? (
        <p className="muted records-empty" data-testid="records-empty">
          {filtered ? 'No comparison matches these filters.' : 'No comparisons yet: import a file above.'}
        </p>
      ) : (
        <div className={`records-body${openId ? ' is-split' : ''}`}>
          <RecordsTable pages={pages} selected={selected} onSelect={setSelected} onOpen={(i) => setOpenId(pages.rows[i]?.id ?? null)} openId={openId} />
          {openId && <RecordDetail id={openId} onClose={() => setOpenId(null)} />}
        </div>
      )}
    </section>
  );
}
