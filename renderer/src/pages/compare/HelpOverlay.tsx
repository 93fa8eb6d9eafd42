// The `?` overlay: every action with its keys, each remappable (press Change, then the new key); the map is
// kept per evaluator in this browser. Also the position-check and control-trial shares (database-wide settings).
import { useEffect, useRef, useState } from 'react';
import { getClient } from '../../lib/client';
import { actionLabels, actions, defaultKeymap, keyLabel, keyName, rebind, reservedKeys, type Action, type Keymap } from './keymap';

interface Props {
  keymap: Keymap;
  onChange: (keymap: Keymap) => void;
  onClose: () => void;
}

export function HelpOverlay({ keymap, onChange, onClose }: Props) {
  const [listening, setListening] = useState<Action | null>(null);
  const dialogRef = useRef<HTMLDivElement>(null);
  const closeRef = useRef<HTMLButtonElement>(null);
  const [share, setShare] = useState<string>('');
  const [shareNote, setShareNote] = useState<string | null>(null);
  const [control, setControl] = useState<string>('');
  const [controlNote, setControlNote] = useState<string | null>(null);

  useEffect(() => {
    closeRef.current?.focus();
    void getClient()
      .getSettings({})
      .then((r) => {
        if (!r.ok) return;
        setShare(String(Math.round(r.value.positionCheckShare * 1000) / 10));
        setControl(String(Math.round(r.value.controlShare * 1000) / 10));
      });
  }, []);

  useEffect(() => {
    const onKey = (event: KeyboardEvent) => {
      if (listening) {
        event.preventDefault();
        event.stopPropagation();
        if (event.key === 'Escape') return setListening(null);
        if (reservedKeys.has(event.key)) return;
        onChange(rebind(keymap, listening, event.key));
        setListening(null);
        return;
      }
      const target = event.target as HTMLElement | null;
      if (target?.tagName === 'INPUT') return;
      if (event.key === 'Escape' || keymap.help.includes(keyName(event.key))) {
        event.preventDefault();
        onClose();
      }
    };
    window.addEventListener('keydown', onKey, true);
    return () => window.removeEventListener('keydown', onKey, true);
  }, [listening, keymap, onChange, onClose]);

  const saveShare = async () => {
    const percent = Number(share);
    if (!Number.isFinite(percent) || percent < 0 || percent > 50) return setShareNote('Enter a share between 0 and 50 %.');
    const result = await getClient().updateSettings({ positionCheckShare: percent / 100 });
    setShareNote(result.ok ? 'Saved.' : result.error.message);
  };

  const saveControl = async () => {
    const percent = Number(control);
    if (control.trim() === '' || !Number.isFinite(percent) || percent < 0 || percent > 100) return setControlNote('Enter a share between 0 and 100 %.');
    const result = await getClient().updateSettings({ controlShare: percent / 100 });
    setControlNote(result.ok ? 'Saved.' : result.error.message);
  };

  return (
    <div className="overlay" role="presentation" onClick={(e) => e.target === e.currentTarget && onClose()}>
      <div className="overlay-dialog" role="dialog" aria-modal="true" aria-labelledby="help-title" ref={dialogRef} data-testid="compare-help">
        <div className="overlay-header">
          <h2 id="help-title">Keys</h2>
          <button type="button" className="button button-small" onClick={onClose} ref={closeRef}>
            Close <kbd>Esc</kbd>
          </button>
        </div>
        <p className="hint">
          Give a strength first (optional), then the verdict; the next comparison appears at once. Undo brings the last one back.
          At assisted layers, select segments and mark each correct, wrong or unsure before the verdict (optional).
          Keys are remembered for this evaluator in this browser.
        </p>
        <table className="table keys-table">
          <thead>
            <tr>
              <th scope="col">Action</th>
              <th scope="col">Keys</th>
              <th scope="col">
                <span className="visually-hidden">Change</span>
              </th>
            </tr>
          </thead>
          <tbody>
            {actions.map((action) => (
              <tr key={action} data-testid={`key-row-${action}`}>
                <td>{actionLabels[action]}</td>
                <td>{keymap[action].length ? keymap[action].map((k) => <kbd key={k}>{keyLabel(k)}</kbd>) : <span className="muted">none</span>}</td>
                <td className="num">
                  <button type="button" className="button button-small" onClick={() => setListening(action)} data-testid={`key-change-${action}`}>
                    {listening === action ? 'Press a key… (Esc cancels)' : 'Change'}
                  </button>
                </td>
              </tr>
            ))}
          </tbody>
        </table>
        <div className="form-actions overlay-footer">
          <button type="button" className="button button-small" onClick={() => onChange({ ...defaultKeymap })} data-testid="keys-reset">
            Restore default keys
          </button>
          <label className="share-field">
            Position checks: show
            <input type="text" inputMode="decimal" value={share} onChange={(e) => setShare(e.target.value)} size={4} aria-label="Position-check share in percent" data-testid="position-share" />
            % of judged comparisons again later, sides swapped
          </label>
          <button type="button" className="button button-small" onClick={() => void saveShare()}>
            Save
          </button>
          {shareNote && <span className="muted">{shareNote}</span>}
        </div>
        <div className="form-actions overlay-footer">
          <label className="share-field">
            Control trials: show
            <input type="text" inputMode="decimal" value={control} onChange={(e) => setControl(e.target.value)} size={4} aria-label="Control-trial share in percent" data-testid="control-share" />
            % of comparisons at assisted layers without assistance
          </label>
          <button type="button" className="button button-small" onClick={() => void saveControl()} data-testid="control-share-save">
            Save
          </button>
          {controlNote && <span className="muted" data-testid="control-share-note">{controlNote}</span>}
        </div>
      </div>
    </div>
  );
}
