// The Data page's Encoders section: register a pretrained encoder folder of this machine (loaded and checked on the
// spot: a bad folder is refused naming the file and field), list the registered ones with their architecture,
// dimensions, vocabulary, size and checksum, and remove one. The desktop app picks the folder in its own dialog (the
// page sends a token for it, never a path); a browser names the folder, and the server says to use `rung encoder add`.
import { useId, useState, type FormEvent } from 'react';
import type { Result } from '../../../../electron/api/contract';
import { EMBEDDINGS_ONLY, NO_FOLDER } from '../../../../electron/api/encoders';
import type { ApiError } from '../../../../electron/api/errors';
import type { PickedPath } from '../../../../electron/api/file-picker';
import { ErrorAlert } from '../../components/ErrorAlert';
import { getClient } from '../../lib/client';
import { formatDate } from '../../lib/format';
import { useResource } from '../../lib/useResource';

type Encoder = Result<'listEncoders'>[number];

const megabytes = (bytes: number) => `${(bytes / 1e6).toFixed(1)} MB`;

export function EncodersPanel() {
  const ids = useId();
  const [version, setVersion] = useState(0);
  const encoders = useResource(() => getClient().listEncoders({}), version);
  const desktopFiles = window.rungFiles;
  const [path, setPath] = useState('');
  const [picked, setPicked] = useState<PickedPath | null>(null);
  const [name, setName] = useState('');
  const [busy, setBusy] = useState(false);
  const [error, setError] = useState<ApiError>();
  const [added, setAdded] = useState<Encoder>();

  async function add(e: FormEvent) {
    e.preventDefault();
    if (busy || (picked === null && path.trim() === '')) return;
    setBusy(true);
    setError(undefined);
    setAdded(undefined);
    const folder = picked ? { picked: picked.token } : { path: path.trim() };
    const result = await getClient().addEncoder({ ...folder, name: name.trim() === '' ? undefined : name.trim() });
    setBusy(false);
    setPicked(null); // a token is used once
    
    if (!result.ok) return setError(result.error);
    setAdded(result.value);
    setPath('');
    setName('');
    setVersion((v) => v + 1);
  }

  async function chooseFolder() {
    if (!desktopFiles || busy) return;
    const chosen = await desktopFiles.pick('folder');
    if (!chosen.ok) setError(chosen.error);
    else if (chosen.value) setPicked(chosen.value);
  }

  async function remove(encoder: Encoder) {
    setError(undefined);
    setAdded(undefined);
    const result = await getClient().removeEncoder({ name: encoder.name });
    if (!result.ok) setError(result.error);
    setVersion((v) => v + 1);
  }

  const rows = encoders.value ?? [];
  return (
    <section className="panel" aria-labelledby={`${ids}-heading`} data-testid="encoders-panel">
      <h2 id={`${ids}-heading`}>Encoders</h2>
      <p className="hint">
        A pretrained text encoder (BERT family: BERT, MiniLM, BGE, E5, GTE) in a Hugging Face folder on this machine. Reward models
        can then learn from its embeddings instead of hashed words (the training form's "Text features").
      </p>
      <form className="form" onSubmit={add} data-testid="encoder-form">
        <div className="field">
          <label htmlFor={`${ids}-path`}>Folder</label>
          {desktopFiles ? (
            <span className="file-choice">
              <button id={`${ids}-path`} type="button" className="button" disabled={busy} onClick={() => void chooseFolder()} data-testid="encoder-choose">
                Choose folder…
              </button>
              <span data-testid="encoder-chosen">{picked ? picked.name : 'No folder chosen'}</span>
            </span>
          ) : (
            <input id={`${ids}-path`} type="text" value={path} disabled={busy} placeholder="/models/all-MiniLM-L6-v2" onChange={(e) => setPath(e.target.value)} data-testid="encoder-path" />
          )}
        </div>
        <div className="field">
          <label htmlFor={`${ids}-name`}>Name (optional)</label>
          <input id={`${ids}-name`} type="text" value={name} disabled={busy} placeholder="the folder's name" onChange={(e) => setName(e.target.value)} data-testid="encoder-name" />
        </div>
        <div className="form-actions">
          <button type="submit" className="button button-primary" disabled={busy || (picked === null && path.trim() === '')} data-testid="encoder-add">
            {busy ? 'Checking…' : 'Add encoder'}
          </button>
        </div>
      </form>
      {error && <ErrorAlert title="The encoder was not changed." error={error} testId="encoder-error" />}
      {added && (
        <p role="status" data-testid="encoder-added">
          Added “{added.name}”: {added.architecture}, {added.hiddenSize} dimensions, vocabulary {added.vocabSize}.
        </p>
      )}
      {encoders.error && <ErrorAlert title="Could not load the encoders." error={encoders.error} onRetry={encoders.reload} />}
      {encoders.value && rows.length === 0 && <p className="muted">No encoders registered yet.</p>}
      {rows.length > 0 && (
        <div className="table-wrap">
          <table className="table" data-testid="encoders-table">
            <thead>
              <tr>
                <th scope="col">Name</th>
                <th scope="col">Architecture</th>
                <th scope="col" className="num">Dimensions</th>
                <th scope="col" className="num">Vocabulary</th>
                <th scope="col" className="num">Positions</th>
                <th scope="col" className="num">Size</th>
                <th scope="col" className="num">Cached texts</th>
                <th scope="col">Checksum</th>
                <th scope="col">Added</th>
                <th scope="col">
                  <span className="visually-hidden">Actions</span>
                </th>
              </tr>
            </thead>
            <tbody>
              {rows.map((e) => (
                <tr key={e.id} data-testid="encoder-row">
                  {e.path === NO_FOLDER ? (
                    <td title="A work bundle registered it with the run's cached embeddings; its folder stays on the lead's machine">
                      {e.name} <span className="muted" data-testid="encoder-embeddings-only">({EMBEDDINGS_ONLY})</span>
                    </td>
                  ) : (
                    <td title={e.path}>{e.name}</td>
                  )}
                  <td>{e.architecture}</td>
                  <td className="num">{e.hiddenSize}</td>
                  <td className="num">{e.vocabSize}</td>
                  <td className="num">{e.maxPositions}</td>
                  <td className="num">{megabytes(e.bytes)}</td>
                  <td className="num">{e.cachedEmbeddings}</td>
                  <td title={e.checksum}>
                    <code>{e.checksum.slice(0, 12)}</code>
                  </td>
                  <td>
                    <time dateTime={e.addedAt}>{formatDate(e.addedAt)}</time>
                  </td>
                  <td>
                    <button type="button" className="button button-small" onClick={() => remove(e)} aria-label={`Remove encoder ${e.name}`} data-testid="encoder-remove">
                      Remove
                    </button>
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
