// The guidelines editor, shared by the Data page (a dataset's) and the Ladder page (a run layer's): a "Guidelines"
// button opens a dialog with the Markdown and its rendered preview; Save stores it (setGuidelines, audited), a refusal
// stays shown in the dialog, Cancel or Escape leaves the guidelines as they were.
import { useDeferredValue, useEffect, useState } from 'react';
import type { Params } from '../../../electron/api/contract';
import type { ApiError } from '../../../electron/api/errors';
import { getClient } from '../lib/client';
import { formatDate } from '../lib/format';
import { renderMarkdown } from '../lib/markdown';
import { ErrorAlert } from './ErrorAlert';
import './GuidelinesEditor.css';

/** Whose guidelines: a dataset's, or a run's layer's. */
export type GuidelinesTarget = Pick<Params<'getGuidelines'>, 'datasetId'> | Required<Pick<Params<'getGuidelines'>, 'runId' | 'layer'>>;

type Written = { writtenBy: string; writtenAt: string };

export function GuidelinesEditor({ target, title, onClose }: { target: GuidelinesTarget; title: string; onClose: () => void }) {
  const [draft, setDraft] = useState<string | null>(null);
  const [written, setWritten] = useState<Written | null>(null);
  const [error, setError] = useState<ApiError>();
  const [saving, setSaving] = useState(false);
  const preview = useDeferredValue(draft ?? '');
  const targetKey = JSON.stringify(target);

  useEffect(() => {
    let current = true;
    void getClient()
      .getGuidelines(target)
      .then((result) => {
        if (!current) return;
        if (!result.ok) return setError(result.error);
        const [found] = result.value;
        setDraft(found?.text ?? '');
        setWritten(found ?? null);
      });
    return () => {
      current = false;
    };
  }, [targetKey]);

  async function save() {
    if (draft === null) return;
    setSaving(true);
    const result = await getClient().setGuidelines({ ...target, text: draft });
    setSaving(false);
    if (!result.ok) return setError(result.error);
    onClose();
  }

  return (
    <div className="overlay" onKeyDown={(event) => event.key === 'Escape' && onClose()}>
      <form
        className="overlay-dialog guidelines-editor"
        role="dialog"
        aria-modal="true"
        aria-label={`Guidelines: ${title}`}
        onSubmit={(event) => {
          event.preventDefault();
          void save();
        }}
        data-testid="guidelines-editor"
      >
        <h2>Guidelines: {title}</h2>
        <p className="hint">
          Markdown, shown to evaluators beside each comparison on the Compare page (at most 64 KiB; empty: none).
          {written && ` Last written by ${written.writtenBy}, ${formatDate(written.writtenAt)}.`}
        </p>
        <div className="guidelines-editor-panes">
          <label>
            <span className="visually-hidden">Markdown</span>
            <textarea
              value={draft ?? ''}
              disabled={draft === null}
              rows={16}
              autoFocus
              placeholder="# What a good answer does…"
              onChange={(event) => setDraft(event.target.value)}
              data-testid="guidelines-text"
            />
          </label>
          <div className="guidelines-preview md" aria-label="Preview" data-testid="guidelines-preview" dangerouslySetInnerHTML={{ __html: renderMarkdown(preview) }} />
        </div>
        {error && <ErrorAlert error={error} title="The guidelines were not saved." testId="guidelines-error" />}
        <div className="form-actions">
          <button type="submit" className="button button-small button-primary" disabled={saving || draft === null} data-testid="guidelines-save">
            {saving ? 'Saving…' : 'Save'}
          </button>
          <button type="button" className="button button-small" onClick={onClose} data-testid="guidelines-cancel">
            Cancel
          </button>
        </div>
      </form>
    </div>
  );
}

/** A "Guidelines" button that opens the editor for its target. */
export function GuidelinesButton({ target, title }: { target: GuidelinesTarget; title: string }) {
  const [open, setOpen] = useState(false);
  return (
    <>
      <button type="button" className="button button-small" onClick={() => setOpen(true)} title={`Write the guidelines of ${title}`} data-testid="guidelines-open">
        Guidelines
      </button>
      {open && <GuidelinesEditor target={target} title={title} onClose={() => setOpen(false)} />}
    </>
  );
}
