// Bundles on the Data page: export an evaluator's results as a signed bundle (a download), and import a work or
// results bundle in two steps — inspect (who signed it, trusted or not, its format version and features, what it would add; nothing written), then
// import once the user confirms. The desktop app picks the file in its own dialog (a token); a browser uploads it.
import { useId, useState } from 'react';
import { bundleVersionWords } from '../../../../electron/api/bundle-words';
import type { Result } from '../../../../electron/api/contract';
import { ErrorAlert } from '../../components/ErrorAlert';
import { getClient } from '../../lib/client';
import { downloadBase64 } from '../../lib/download';
import { useResource } from '../../lib/useResource';
import { formatDate } from '../../lib/format';
import { LocalFileField } from './LocalFileField';
import { useLocalFile } from './useLocalFile';

type Inspection = Result<'inspectBundle'>;

/** "12 judgments, 1 retractions" from what a bundle adds, zeros left out ("nothing new" when all are zero). */
export function addedText(added: Record<string, number>): string {
  const parts = Object.entries(added)
    .filter(([, n]) => n > 0)
    .map(([kind, n]) => `${n.toLocaleString('en-US')} ${kind.replace(/([A-Z])/g, ' $1').toLowerCase()}`);
  return parts.length ? parts.join(', ') : 'nothing new';
}

const trustText: Record<Inspection['signer']['trust'], string> = {
  'this-workstation': 'this workstation',
  trusted: 'trusted',
  unknown: 'not known here: importing trusts this key',
  mismatch: 'does not match the key trusted for that workstation',
  revoked: 'revoked',
};

/** What an inspected bundle is and would add, for the user to confirm. */
export function BundleInspectionView({ inspection }: { inspection: Inspection }) {
  const { signer } = inspection;
  return (
    <dl className="summary" data-testid="bundle-inspection">
      <dt>File</dt>
      <dd>{inspection.fileName}</dd>
      <dt>Kind</dt>
      <dd>{inspection.kind === 'work' ? 'Work bundle' : 'Results bundle'} for {inspection.evaluator.name}, made <time dateTime={inspection.createdAt}>{formatDate(inspection.createdAt)}</time></dd>
      <dt>Format</dt>
      <dd data-testid="bundle-format">{bundleVersionWords(inspection)}</dd>
      <dt>Signed by workstation</dt>
      <dd data-testid="bundle-signer">{signer.workstationId}</dd>
      <dt>Key fingerprint</dt>
      <dd data-testid="bundle-fingerprint">
        <code>{signer.fingerprint}</code>
      </dd>
      <dt>Key</dt>
      <dd data-testid="bundle-trust">
        {trustText[signer.trust]}
        {signer.displayName ? ` (${signer.displayName})` : ''}
      </dd>
      <dt>Would add</dt>
      <dd data-testid="bundle-would-add">{addedText(inspection.added)}</dd>
    </dl>
  );
}

type State =
  | { phase: 'idle' }
  | { phase: 'busy'; what: string }
  | { phase: 'inspected'; inspection: Inspection }
  | { phase: 'imported'; outcome: Result<'importBundle'> }
  | { phase: 'failed'; message: string };

export function BundlesPanel({ onImported }: { onImported: () => void }) {
  const ids = useId();
  const evaluators = useResource(() => getClient().listEvaluators({}), 0);
  const [evaluator, setEvaluator] = useState('');
  const [state, setState] = useState<State>({ phase: 'idle' });
  const busy = state.phase === 'busy';
  const local = useLocalFile({
    busy,
    onError: (message) => setState({ phase: 'failed', message }),
    tooLarge: (file) => `${file.name} is too large to upload here; import it from a terminal with \`rung bundle import\`.`,
  });
  const humans = (evaluators.value ?? []).filter((e) => e.kind === 'human');

  async function exportResults() {
    if (!evaluator || busy) return;
    setState({ phase: 'busy', what: `Exporting ${evaluator}'s results…` });
    const result = await getClient().exportResultsBundle({ evaluator });
    if (!result.ok) return setState({ phase: 'failed', message: result.error.message });
    downloadBase64(result.value.contentBase64 ?? '', result.value.fileName);
    setState({ phase: 'idle' });
  }

  async function inspect() {
    if (busy) return;
    const chosen = await local.source();
    if (!chosen) return;
    setState({ phase: 'busy', what: 'Checking the bundle…' });
    const result = await getClient().inspectBundle({ source: chosen });
    local.forgetToken(); // a picked token is used up: the import reads the inspected copy
    setState(result.ok ? { phase: 'inspected', inspection: result.value } : { phase: 'failed', message: result.error.message });
  }

  /** Cancel: the copy the inspection staged is removed (a failure to remove it is left to the next inspection's sweep). */
  function cancelImport(inspection: Inspection) {
    setState({ phase: 'idle' });
    void getClient().discardInspectedBundle({ sha256: inspection.sha256 });
  }

  async function confirmImport(inspection: Inspection) {
    setState({ phase: 'busy', what: 'Importing…' });
    const result = await getClient().importBundle({
      source: { kind: 'staged', sha256: inspection.sha256, fileName: inspection.fileName },
      trust: inspection.signer.trust === 'unknown',
    });
    setState(result.ok ? { phase: 'imported', outcome: result.value } : { phase: 'failed', message: result.error.message });
    onImported();
  }

  return (
    <section className="panel" aria-labelledby={`${ids}-heading`}>
      <h2 id={`${ids}-heading`}>Bundles (workstations without a network)</h2>
      <div className="form">
        <div className="field">
          <label htmlFor={`${ids}-evaluator`}>Evaluator</label>
          <select id={`${ids}-evaluator`} value={evaluator} disabled={busy} onChange={(e) => setEvaluator(e.target.value)} data-testid="bundle-evaluator">
            <option value="">Choose…</option>
            {humans.map((e) => (
              <option key={e.id} value={e.name}>
                {e.name}
              </option>
            ))}
          </select>
          <button type="button" className="button" disabled={!evaluator || busy} onClick={() => void exportResults()} data-testid="bundle-export">
            Export results for evaluator
          </button>
        </div>
        <div className="field">
          <label htmlFor={`${ids}-file`}>Bundle file</label>
          <LocalFileField local={local} id={`${ids}-file`} accept=".rungbundle" disabled={busy} testIds={{ choose: 'bundle-choose', file: 'bundle-file' }} />
          <button type="button" className="button" disabled={busy || local.chosenName === null} onClick={() => void inspect()} data-testid="bundle-inspect">
            Import bundle…
          </button>
        </div>
        <p className="hint" role="status" aria-live="polite">
          {state.phase === 'busy' ? state.what : 'A bundle is checked (checksum, signature, signer) and shown before anything is written.'}
        </p>
      </div>
      {state.phase === 'inspected' && (
        <>
          <BundleInspectionView inspection={state.inspection} />
          <div className="form-actions">
            <button type="button" className="button button-primary" onClick={() => void confirmImport(state.inspection)} data-testid="bundle-confirm">
              {state.inspection.signer.trust === 'unknown' ? 'Trust this key and import' : 'Import'}
            </button>
            <button type="button" className="button" onClick={() => cancelImport(state.inspection)} data-testid="bundle-cancel">
              Cancel
            </button>
          </div>
        </>
      )}
      {state.phase === 'imported' && (
        <p className="alert alert-success" role="status" data-testid="bundle-imported">
          Imported {state.outcome.fileName}: {addedText(state.outcome.added)}. Format {bundleVersionWords(state.outcome)}.
        </p>
      )}
      {state.phase === 'failed' && <ErrorAlert title="Nothing was imported or exported." error={state.message} testId="bundle-error" />}
    </section>
  );
}
