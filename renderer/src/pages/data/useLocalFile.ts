// The Data page's choice of a local file to send: the desktop app's dialog (a one-use token) or a browser's upload.
import { useRef, useState, type RefObject } from 'react';
import type { PickedPath } from '../../../../electron/api/file-picker';
import { MAX_UPLOAD_BYTES } from '../../../../electron/api/limits';
import { uploadFile } from '../../lib/client';

/** Where a call reads the chosen file from: the dialog's token, or the upload's id (the file sent to the server first). */
export type LocalFileSource = { kind: 'picked'; token: string } | { kind: 'upload'; uploadId: string; name: string };

export interface LocalFileOptions {
  /** The form is busy: the dialog is not opened. */
  busy: boolean;
  /** Says why the dialog failed, or why the upload cannot be sent (too large, unreadable). */
  onError: (message: string) => void;
  /** A file was chosen (its name), or the browser's field was emptied (null). */
  onChoose?: (name: string | null) => void;
  /** What to say when the upload is over the size limit. */
  tooLarge: (file: File) => string;
  /** Given, the upload is reported: 0 when it starts, the share of its bytes sent (at most 0.99) as they go, 1 once
   *  the server holds the file. */
  onReading?: (fraction: number) => void;
}

export interface LocalFile {
  /** The desktop app's own dialog is there (else the browser's file field is shown). */
  desktop: boolean;
  file: File | null;
  picked: PickedPath | null;
  chosenName: string | null;
  /** For the browser's file field, so that clear() empties it. */
  inputRef: RefObject<HTMLInputElement | null>;
  chooseInDialog: () => Promise<void>;
  chooseUpload: (file: File | null) => void;
  /** The source to send, or null (nothing chosen, or onError was told why). */
  source: () => Promise<LocalFileSource | null>;
  /** The picked file's token was sent, so it is used up: choosing the file again gives a new one. */
  forgetToken: () => void;
  /** Forget the choice, the browser's field emptied too. */
  clear: () => void;
}

export function useLocalFile({ busy, onError, onChoose, tooLarge, onReading }: LocalFileOptions): LocalFile {
  const desktopFiles = window.rungFiles;
  const [file, setFile] = useState<File | null>(null);
  const [picked, setPicked] = useState<PickedPath | null>(null);
  const inputRef = useRef<HTMLInputElement>(null);

  async function chooseInDialog() {
    if (!desktopFiles || busy) return;
    const chosen = await desktopFiles.pick('file');
    if (!chosen.ok) onError(chosen.error.message);
    else if (chosen.value) {
      setPicked(chosen.value);
      onChoose?.(chosen.value.name);
    }
  }

  function chooseUpload(chosen: File | null) {
    setFile(chosen);
    onChoose?.(chosen?.name ?? null);
  }

  async function source(): Promise<LocalFileSource | null> {
    if (picked) return { kind: 'picked', token: picked.token };
    if (!file) return null;
    if (file.size > MAX_UPLOAD_BYTES) {
      onError(tooLarge(file));
      return null;
    }
    onReading?.(0);
    const sent = await uploadFile(file, file.name, onReading && ((share) => onReading(Math.min(share, 0.99))));
    if (!sent.ok) {
      onError(sent.error.message);
      return null;
    }
    onReading?.(1);
    return { kind: 'upload', uploadId: sent.value.uploadId, name: file.name };
  }

  function clear() {
    setPicked(null);
    setFile(null);
    if (inputRef.current) inputRef.current.value = '';
  }

  return {
    desktop: Boolean(desktopFiles),
    file,
    picked,
    chosenName: picked?.name ?? file?.name ?? null,
    inputRef,
    chooseInDialog,
    chooseUpload,
    source,
    forgetToken: () => setPicked(null),
    clear,
  };
}
