// Sandboxed preload: exposes window.rung with one function per API method, each an IPC invoke on its channel,
// window.rungEvents to hear what the app pushes (import progress, training jobs), and window.rungFiles, the app's
// own open dialog (a token for the chosen path, never the path). Imports only dependency-free modules; nothing else
// (ipcRenderer included) reaches the page.
import { contextBridge, ipcRenderer, type IpcRendererEvent } from 'electron';
import { EVENT_CHANNEL, type PushEvent } from '../api/events';
import { PICK_PATH_CHANNEL, type PickKind } from '../api/file-picker';
import { ipcChannel, methodNames, type MethodName } from '../api/methods';

type IpcClient = Record<MethodName, (params?: unknown) => Promise<unknown>>;

const client = Object.fromEntries(
  methodNames.map((name) => [name, (params?: unknown) => ipcRenderer.invoke(ipcChannel(name), params)]),
) as IpcClient;

contextBridge.exposeInMainWorld('rung', client);
contextBridge.exposeInMainWorld('rungEvents', {
  /** Calls listener with each pushed event until the returned function is called. */
  subscribe(listener: (event: PushEvent) => void): () => void {
    const forward = (_event: IpcRendererEvent, pushed: PushEvent) => listener(pushed);
    ipcRenderer.on(EVENT_CHANNEL, forward);
    return () => void ipcRenderer.removeListener(EVENT_CHANNEL, forward);
  },
});
contextBridge.exposeInMainWorld('rungFiles', {
  /** Shows the app's open dialog; answers {ok, value: {token, name, bytes} | null (cancelled)}. */
  pick: (kind: PickKind) => ipcRenderer.invoke(PICK_PATH_CHANNEL, kind),
});
