// The record browser's saved filters (listRecordFilters), beside "Save these filters as": each with its filter in words,
// what it matches now, who saved it when, and a Delete that asks first — saying that the assignments drawn from it
// keep their comparisons (deleteRecordFilter).
import { useState } from 'react';
import type { Result } from '../../../../../electron/api/contract';
import { ErrorAlert } from '../../../components/ErrorAlert';
import { getClient } from '../../../lib/client';
import { formatDate, plural } from '../../../lib/format';
import { useResource } from '../../../lib/useResource';

type Listed = Result<'listRecordFilters'>[number];

const matchesText = (f: Listed) => (f.matches === null ? 'too many to count here' : `${plural(f.matches, 'comparison')} match now`);
const quotedList = (names: readonly string[]) => names.map((n) => `"${n}"`).join(', ');

/** The confirmation a Delete asks for: which filter, and what becomes of the assignments drawn from it. */
export function deleteQuestion(f: Listed): string {
  const kept = f.assignments.length === 0 ? '' : ` ${f.assignments.length === 1 ? 'Assignment' : 'Assignments'} ${quotedList(f.assignments)} keep${f.assignments.length === 1 ? 's' : ''} the comparisons drawn from it.`;
  return `Delete saved filter "${f.name}"?${kept}`;
}

/** `reloadKey` changes when a filter is saved or the data changes: the list is read again. */
export function SavedFilters({ reloadKey }: { reloadKey: unknown }) {
  const filters = useResource(() => getClient().listRecordFilters({}), reloadKey);
  const [asking, setAsking] = useState<string | null>(null);
  const [busy, setBusy] = useState(false);
  const [status, setStatus] = useState<{ ok: boolean; text: string } | null>(null);

  async function remove(name: string) {
    setBusy(true);
    const result = await getClient().deleteRecordFilter({ name });
    setBusy(false);
    setAsking(null);
    if (!result.ok) return setStatus({ ok: false, text: result.error.message });
    setStatus({ ok: true, text: `Deleted saved filter "${name}".` });
    filters.reload();
  }

  if (filters.error) return <ErrorAlert title="Could not list the saved filters." error={filters.error} onRetry={filters.reload} testId="saved-filters-error" />;
  const list = filters.value ?? [];
  if (list.length === 0 && !status) return null;
  return (
    <div className="saved-filters" data-testid="saved-filters">
      <h3>Saved filters</h3>
      {list.length === 0 ? (
        <p className="muted">No saved filters.</p>
      ) : (
        <ul>
          {list.map((f) => (
            <li key={f.name} data-testid="saved-filter">
              <div className="saved-filter-text">
                <strong data-testid="saved-filter-name">{f.name}</strong>: <span data-testid="saved-filter-words">{f.words}</span>
                <span className="muted" data-testid="saved-filter-facts">
                  {` — ${matchesText(f)}; saved by ${f.savedBy}, `}
                  <time dateTime={f.savedAt}>{formatDate(f.savedAt)}</time>
                </span>
              </div>
              {asking === f.name ? (
                <div className="saved-filter-confirm" role="group" aria-label={`Delete saved filter ${f.name}`}>
                  <span data-testid="saved-filter-question">{deleteQuestion(f)}</span>
                  <button type="button" className="button button-small button-primary" disabled={busy} onClick={() => void remove(f.name)} data-testid="saved-filter-confirm">
                    {busy ? 'Deleting…' : 'Delete'}
                  </button>
                  <button type="button" className="button button-small" disabled={busy} onClick={() => setAsking(null)} autoFocus data-testid="saved-filter-cancel">
                    Cancel
                  </button>
                </div>
              ) : (
                <button type="button" className="button button-small" onClick={() => (setAsking(f.name), setStatus(null))} data-testid="saved-filter-delete" aria-label={`Delete saved filter ${f.name}`}>
                  Delete
                </button>
              )}
            </li>
          ))}
        </ul>
      )}
      {status && (
        <p className={`records-save-status ${status.ok ? 'is-ok' : 'is-error'}`} role="status" data-testid="saved-filters-status">
          {status.text}
        </p>
      )}
    </div>
  );
}
