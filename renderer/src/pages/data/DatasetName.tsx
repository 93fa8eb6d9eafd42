// A dataset's name in the Data page's table, with Rename: an inline field (Enter saves, Escape cancels) that calls
// renameDataset and shows its refusal (a name another dataset has, an empty one) beside the field.
import { useState } from 'react';
import type { Result } from '../../../../electron/api/contract';
import type { ApiError } from '../../../../electron/api/errors';
import { getClient } from '../../lib/client';

type Dataset = Result<'listDatasets'>[number];

export function DatasetName({ dataset, onRenamed }: { dataset: Dataset; onRenamed: () => void }) {
  const [draft, setDraft] = useState<string | null>(null);
  const [error, setError] = useState<ApiError>();
  const [saving, setSaving] = useState(false);

  const close = () => {
    setDraft(null);
    setError(undefined);
  };
  const save = async () => {
    if (draft === null) return;
    setSaving(true);
    const result = await getClient().renameDataset({ datasetId: dataset.id, name: draft });
    setSaving(false);
    if (!result.ok) return setError(result.error);
    close();
    onRenamed();
  };

  if (draft === null) {
    return (
      <span className="dataset-name">
        <span title={dataset.fileName !== dataset.name ? `File: ${dataset.fileName}` : undefined}>{dataset.name}</span>{' '}
        <button type="button" className="button button-small" onClick={() => setDraft(dataset.name)} aria-label={`Rename ${dataset.name}`} data-testid="dataset-rename">
          Rename
        </button>
      </span>
    );
  }
  return (
    <form
      className="dataset-rename"
      onSubmit={(event) => {
        event.preventDefault();
        void save();
      }}
    >
      <input
        type="text"
        value={draft}
        maxLength={200}
        autoFocus
        aria-label={`New name for ${dataset.name}`}
        aria-invalid={error !== undefined}
        onChange={(event) => setDraft(event.target.value)}
        onKeyDown={(event) => {
          if (event.key === 'Escape') close();
        }}
        data-testid="dataset-rename-input"
      />{' '}
      <button type="submit" className="button button-small button-primary" disabled={saving} data-testid="dataset-rename-save">
        Save
      </button>{' '}
      <button type="button" className="button button-small" onClick={close}>
        Cancel
      </button>
      {error && (
        <span className="field-error" role="alert" data-testid="dataset-rename-error">
          {error.message}
        </span>
      )}
    </form>
  );
}
