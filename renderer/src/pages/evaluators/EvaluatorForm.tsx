// Form to add an evaluator (createEvaluator): a name and comma-separated domains; errors shown as returned.
import { useId, useState, type FormEvent } from 'react';
import { getClient } from '../../lib/client';
import { ErrorAlert } from '../../components/ErrorAlert';

/** "math, code,  ,Law" → ["math", "code", "Law"], duplicates removed. */
export function parseDomains(text: string): string[] {
  return [...new Set(text.split(',').map((d) => d.trim()).filter(Boolean))];
}

export function EvaluatorForm({ onCreated }: { onCreated: () => void }) {
  const [name, setName] = useState('');
  const [domains, setDomains] = useState('');
  const [busy, setBusy] = useState(false);
  const [error, setError] = useState<string | null>(null);
  const [created, setCreated] = useState<string | null>(null);
  const ids = useId();

  async function submit(event: FormEvent) {
    event.preventDefault();
    if (busy) return;
    setBusy(true);
    setError(null);
    setCreated(null);
    const result = await getClient().createEvaluator({ name: name.trim(), domains: parseDomains(domains) });
    setBusy(false);
    if (!result.ok) {
      setError(result.error.message);
      return;
    }
    setCreated(`Added ${result.value.name}.`);
    setName('');
    setDomains('');
    onCreated();
  }

  return (
    <section className="panel" aria-labelledby={`${ids}-heading`}>
      <h2 id={`${ids}-heading`}>Add an evaluator</h2>
      <form className="form" onSubmit={submit} data-testid="evaluator-form">
        <div className="field">
          <label htmlFor={`${ids}-name`}>Name</label>
          <input
            id={`${ids}-name`}
            type="text"
            value={name}
            maxLength={200}
            required
            autoComplete="off"
            onChange={(e) => setName(e.target.value)}
            data-testid="evaluator-name"
          />
        </div>
        <div className="field">
          <label htmlFor={`${ids}-domains`}>Domains</label>
          <input
            id={`${ids}-domains`}
            type="text"
            value={domains}
            placeholder="e.g. math, code"
            autoComplete="off"
            aria-describedby={`${ids}-domains-hint`}
            onChange={(e) => setDomains(e.target.value)}
            data-testid="evaluator-domains"
          />
          <p id={`${ids}-domains-hint`} className="hint">
            Separate domains with commas; leave empty for none.
          </p>
        </div>
        <div className="form-actions">
          <button type="submit" className="button button-primary" disabled={busy || name.trim() === ''} data-testid="evaluator-submit">
            {busy ? 'Adding…' : 'Add evaluator'}
          </button>
        </div>
      </form>
      {error && <ErrorAlert title="Could not add the evaluator." error={error} testId="evaluator-error" />}
      {created && (
        <p className="alert alert-success" role="status" data-testid="evaluator-created">
          {created}
        </p>
      )}
    </section>
  );
}
