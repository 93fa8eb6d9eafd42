// Registers the API contract on ipcMain: one channel per method, each call checked for its sender
// (our window's main frame on app://rung/) and its paths (only those the app's own dialog chose) before it is
// validated and dispatched; and the file picker's channel, for the same sender only.
import type { BrowserWindow, IpcMain, IpcMainInvokeEvent } from 'electron';
import { ipcChannel, methodNames, type ApiResult, type MethodName } from '../api';
import { PICK_PATH_CHANNEL, type PickedPath } from '../api/file-picker';
import type { ContractCall } from '../server/http';
import { isAppUrl } from './app-url';
import { admitWindowCall, type PickedPaths } from './picked-paths';

export type SenderCheck = (event: IpcMainInvokeEvent) => boolean;

/** The desktop file picker: the paths it granted, and its dialog (answering a token for the chosen path). */
export interface FilePicker {
  picked: PickedPaths;
  pick(kind: unknown): Promise<ApiResult<PickedPath | null>>;
}

export function registerIpcHandlers(
  ipcMain: Pick<IpcMain, 'handle'>,
  call: ContractCall,
  isTrustedSender: SenderCheck,
  picker: FilePicker,
): void {
  for (const name of methodNames) {
    ipcMain.handle(ipcChannel(name), async (event, params: unknown) => {
      if (!isTrustedSender(event)) return forbidden(name);
      const admitted = admitWindowCall(name, params, picker.picked);
      return admitted.ok ? call(name, admitted.params, 'ipc') : admitted;
    });
  }
  ipcMain.handle(PICK_PATH_CHANNEL, async (event, kind: unknown) => (isTrustedSender(event) ? picker.pick(kind) : forbidden('pickPath')));
}

/** Trusts only the main frame of the current main window, and only while it shows app://rung/. */
export function mainWindowSenderCheck(getMainWindow: () => BrowserWindow | null): SenderCheck {
  return (event) => {
    const frame = event.senderFrame;
    if (!frame || frame.parent !== null || !isAppUrl(frame.url)) return false;
    const window = getMainWindow();
    return window !== null && !window.isDestroyed() && event.sender === window.webContents;
  };
}

function forbidden(name: MethodName | 'pickPath'): ApiResult<never> {
  return {
    ok: false,
    error: { code: 'FORBIDDEN', message: `${name}: refused: the call did not come from Rung's own window` },
  };
}
