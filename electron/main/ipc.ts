// Registers the API contract on ipcMain: one channel per method, each call checked for its sender
// (our window's main frame on app://rung/) before it is validated and dispatched.
import type { BrowserWindow, IpcMain, IpcMainInvokeEvent } from 'electron';
import { ipcChannel, methodNames, type ApiResult, type MethodName } from '../api';
import type { ContractCall } from '../server/http';
import { isAppUrl } from './app-url';

export type SenderCheck = (event: IpcMainInvokeEvent) => boolean;

export function registerIpcHandlers(
  ipcMain: Pick<IpcMain, 'handle'>,
  call: ContractCall,
  isTrustedSender: SenderCheck,
): void {
  for (const name of methodNames) {
    ipcMain.handle(ipcChannel(name), async (event, params: unknown) => (isTrustedSender(event) ? call(name, params, 'ipc') : forbidden(name)));
  }
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

function forbidden(name: MethodName): ApiResult<never> {
  return {
    ok: false,
    error: { code: 'FORBIDDEN', message: `${name}: refused: the call did not come from Rung's own window` },
  };
}
