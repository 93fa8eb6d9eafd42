// A reward model's name and notes, edited in place in the Ladder page's model list: editModel saves both (audited),
// a refusal shows beside the fields and keeps them open, Escape or Cancel leaves the model as it was.
import { useState } from 'react';
import type { ApiError } from '../../../../electron/api/errors';
import { getClient } from '../../lib/client';
import type { ModelSummary } from './jobs';

export function ModelEditor({ model, onDone }: { model: ModelSummary; onDone: (saved: boolean) => void }) {
  const [name, setName] = useState(model.name);
  const [notes, setNotes] = useState(model.notes);
  const [error, setError] = useState<ApiError>();
  const [saving, setSaving] = useState(false);

  async function save() {
    setSaving(true);
    const result = await getClient().editModel({ modelId: model.id, name, notes });
    setSaving(false);
    if (!result.ok) return setError(result.error);
    onDone(true);
  }

  return (
    <form
      className="model-editor"
      onSubmit={(event) => {
        event.preventDefault();
        void save();
      }}
      onKeyDown={(event) => {
        if (event.key === 'Escape') onDone(false);
      }}
      data-testid="model-editor"
    >
      <label>
        Name
        <input type="text" value={name} maxLength={200} autoFocus onChange={(event) => setName(event.target.value)} data-testid="model-edit-name" />
      </label>
      <label>
        Notes
        <textarea value={notes} maxLength={5000} rows={3} onChange={(event) => setNotes(event.target.value)} placeholder="What this model is for, what sets it apart" data-testid="model-edit-notes" />
      </label>
      <div className="form-actions">
        <button type="submit" className="button button-small button-primary" disabled={saving} data-testid="model-edit-save">
          {saving ? 'Saving…' : 'Save'}
        </button>
        <button type="button" className="button button-small" onClick={() => onDone(false)}>
          Cancel
        </button>
      </div>
      {error && (
        <p className="model-edit-error" role="alert" data-testid="model-edit-error">
          {error.message}
        </p>
      )}
    </form>
  );
}
