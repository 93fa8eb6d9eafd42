// Sandboxed preload: exposes window.rung with one function per API method, each an IPC invoke on its channel.
// Imports only the dependency-free method list; nothing else (ipcRenderer included) reaches the page.
import { contextBridge, ipcRenderer } from 'electron';
import { ipcChannel, methodNames, type MethodName } from '../api/methods';

type IpcClient = Record<MethodName, (params?: unknown) => Promise<unknown>>;

const client = Object.fromEntries(
  methodNames.map((name) => [name, (params?: unknown) => ipcRenderer.invoke(ipcChannel(name), params)]),
) as IpcClient;

contextBridge.exposeInMainWorld('rung', client);
