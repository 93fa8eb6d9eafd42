// The `?` overlay: every action with its keys, each remappable (press Change, then the new key); the map is
// kept per evaluator in this browser. Under it, the rubric's keys (fixed: Tab, Shift+Tab, Enter; the verdict keys). Keys only: the study design's shares are on the Ladder page (StudyDesign).
import { useEffect, useRef, useState } from 'react';
import { actionLabels, actions, defaultKeymap, keyLabel, keyName, rebind, reservedKeys, type Action, type Keymap } from './keymap';

interface Props {
  keymap: Keymap;
  onChange: (keymap: Keymap) => void;
  onClose: () => void;
}

/** The rubric's keys: the verdict keys judge the active criterion; Tab, Shift+Tab and Enter are fixed. */
const rubricKeys = (keymap: Keymap): [string, string[]][] => [
  ['Verdict on the active criterion (strength first, optional), then on to the next', [...keymap.left, ...keymap.tie, ...keymap.right]],
  ['Next criterion / previous criterion', ['Tab', 'Shift+Tab']],
  ['Submit, once every criterion has a verdict (else it names the one missing)', ['Enter']],
  ['Skip the whole comparison', keymap.skip],
];

export function HelpOverlay({ keymap, onChange, onClose }: Props) {
  const [listening, setListening] = useState<Action | null>(null);
  const dialogRef = useRef<HTMLDivElement>(null);
  const closeRef = useRef<HTMLButtonElement>(null);

  useEffect(() => {
    closeRef.current?.focus();
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

  return (
    <div className="overlay" role="presentation" onClick={(e) => e.target === e.currentTarget && onClose()}>
      <div className="overlay-dialog help-dialog" role="dialog" aria-modal="true" aria-labelledby="help-title" ref={dialogRef} data-testid="compare-help">
        <div className="overlay-header">
          <h2 id="help-title">Keys</h2>
          <button type="button" className="button button-small" onClick={onClose} ref={closeRef}>
            Close <kbd>Esc</kbd>
          </button>
        </div>
        <p className="hint">
          Give a strength first (optional), then the verdict; the next comparison appears at once. Undo brings the last one back.
          Review looks back through your verdicts, read-only; change retracts the one shown and puts it in front to judge again.
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
        <h3 className="subheading">Under a rubric (a run with criteria)</h3>
        <table className="table keys-table" data-testid="compare-help-rubric">
          <tbody>
            {rubricKeys(keymap).map(([label, keys]) => (
              <tr key={label}>
                <td>{label}</td>
                <td>{keys.length ? keys.map((k) => <kbd key={k}>{keyLabel(k)}</kbd>) : <span className="muted">none</span>}</td>
              </tr>
            ))}
          </tbody>
        </table>
        <div className="form-actions overlay-footer">
          <button type="button" className="button button-small" onClick={() => onChange({ ...defaultKeymap })} data-testid="keys-reset">
            Restore default keys
          </button>
        </div>
      </div>
    </div>
  );
}
