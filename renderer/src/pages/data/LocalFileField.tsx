// The Data page's file field: the desktop app's "Choose file…" button and the chosen file, or a browser's upload field.
import type { PickedPath } from '../../../../electron/api/file-picker';
import type { LocalFile } from './useLocalFile';

interface Props {
  local: LocalFile;
  /** The button's or the field's id, for the label. */
  id: string;
  /** The file types the browser's field offers. */
  accept: string;
  disabled: boolean;
  /** The dialog's button, the chosen file's text (none: no test id) and the browser's field. */
  testIds: { choose: string; chosen?: string; file: string };
  /** How the picked file is shown; its name unless given. */
  chosenText?: (picked: PickedPath) => string;
}

export function LocalFileField({ local, id, accept, disabled, testIds, chosenText = (picked) => picked.name }: Props) {
  if (local.desktop)
    return (
      <span className="file-choice">
        <button id={id} type="button" className="button" disabled={disabled} onClick={() => void local.chooseInDialog()} data-testid={testIds.choose}>
          Choose file…
        </button>
        <span data-testid={testIds.chosen}>{local.picked ? chosenText(local.picked) : 'No file chosen'}</span>
      </span>
    );
  return <input id={id} ref={local.inputRef} type="file" accept={accept} disabled={disabled} data-testid={testIds.file} onChange={(e) => local.chooseUpload(e.target.files?.[0] ?? null)} />;
}
