// "Load the demo dataset": the offer an empty database makes on the Data and Compare pages (loadDemo), with its
// busy state and its error.
import { useState } from 'react';
import { getClient } from '../lib/client';
import { ErrorAlert } from './ErrorAlert';

export function LoadDemoButton({ onLoaded, autoFocus = false, testId }: { onLoaded: () => void; autoFocus?: boolean; testId: string }) {
  const [busy, setBusy] = useState(false);
  const [error, setError] = useState<string | null>(null);
  const load = async () => {
    setBusy(true);
    setError(null);
    const result = await getClient().loadDemo({});
    setBusy(false);
    if (!result.ok) return setError(result.error.message);
    onLoaded();
  };
  return (
    <>
      <button type="button" className="button button-primary" onClick={load} disabled={busy} autoFocus={autoFocus} data-testid={testId}>
        {busy ? 'Loading the demo…' : 'Load the demo dataset'}
      </button>
      {error && <ErrorAlert title="Could not load the demo." error={error} />}
    </>
  );
}
