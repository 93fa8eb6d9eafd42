// The record browser's "Save filters as NAME": keeps the filters of the current search under a name (saveRecordFilter),
// which the Evaluators page's "Assign work" form then offers as a source. A name taken is refused until Replace.
import { useState, type FormEvent } from 'react';
import { getClient } from '../../../lib/client';
import type { RecordQuery } from './useRecordPages';

/** `onSaved`: called after a filter is saved (the list of saved filters is read again). */
export function SaveFilter({ query, onSaved }: { query: RecordQuery; onSaved?: () => void }) {
  const [name, setName] = useState('');
  const [busy, setBusy] = useState(false);
  const [status, setStatus] = useState<{ ok: boolean; text: string; taken?: boolean } | null>(null);

  async function save(replace: boolean) {
    if (busy) return;
    setBusy(true);
    const result = await getClient().saveRecordFilter({ name, filter: query, replace });
    setBusy(false);
    if (!result.ok) return setStatus({ ok: false, text: result.error.message, taken: result.error.code === 'CONFLICT' });
    setStatus({ ok: true, text: `Saved filter "${result.value.name}": assign its comparisons on the Evaluators page.` });
    onSaved?.();
  }
  const submit = (event: FormEvent) => {
    event.preventDefault();
    void save(false);
  };

  return (
    <form className="records-save" onSubmit={submit} data-testid="records-save" aria-label="Save these filters">
      <label>
        <span>Save these filters as</span>
        <input value={name} onChange={(e) => (setName(e.target.value), setStatus(null))} placeholder="e.g. math, not judged" maxLength={100} data-testid="records-save-name" />
      </label>
      <button type="submit" className="button" disabled={busy} data-testid="records-save-submit">
        Save filter
      </button>
      {status?.taken && (
        <button type="button" className="button" disabled={busy} onClick={() => void save(true)} data-testid="records-save-replace">
          Replace it
        </button>
      )}
      {status && (
        <p className={`records-save-status ${status.ok ? 'is-ok' : 'is-error'}`} role="status" data-testid="records-save-status">
          {status.text}
        </p>
      )}
    </form>
  );
}
