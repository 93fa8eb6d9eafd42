// Wires the Electron shell together: single instance, app:// protocol, hardening, database, IPC, menu, window.
// Domain code comes in through deps, so this module has no side effects until startMainApp is called.
import { app, BrowserWindow, dialog, ipcMain, session } from 'electron';
import type { Handlers } from '../api';
import type { Store } from '../core/store';
import { registerAppScheme, serveAppProtocol } from './app-protocol';
import { desktopDbPath, openDesktopStore, type OpenStore } from './database';
import { mainWindowSenderCheck, registerIpcHandlers } from './ipc';
import { installApplicationMenu } from './menu';
import { hardenSession, hardenWebContents } from './security';
import { createMainWindow } from './window';

export interface MainAppDeps {
  /** Folder holding the built renderer (index.html and assets). */
  rendererRoot: string;
  /** The built preload script. */
  preloadPath: string;
  openStore: OpenStore;
  createHandlers: (store: Store, context: { mode: 'desktop'; version: string }) => Handlers;
  env?: NodeJS.ProcessEnv;
}

/** Starts the desktop app; resolves once the window is created, or the app is on its way out. */
export async function startMainApp(deps: MainAppDeps): Promise<void> {
  const env = deps.env ?? process.env;
  app.setName('Rung');
  if (!app.requestSingleInstanceLock()) {
    app.quit();
    return;
  }
  registerAppScheme();
  app.on('web-contents-created', (_event, contents) => hardenWebContents(contents));

  let mainWindow: BrowserWindow | null = null;
  const showMainWindow = (): void => {
    if (mainWindow && !mainWindow.isDestroyed()) {
      if (mainWindow.isMinimized()) mainWindow.restore();
      mainWindow.focus();
      return;
    }
    const window = createMainWindow(deps.preloadPath);
    window.on('closed', () => {
      if (mainWindow === window) mainWindow = null;
    });
    mainWindow = window;
  };
  app.on('window-all-closed', () => {
    if (process.platform !== 'darwin') app.quit();
  });

  await app.whenReady();
  const dbPath = desktopDbPath(app.getPath('userData'), env);
  let store: Store;
  try {
    store = openDesktopStore(deps.openStore, dbPath, env);
  } catch (error) {
    dialog.showErrorBox('Rung could not open its database', `${dbPath}\n\n${errorMessage(error)}`);
    app.exit(1);
    return;
  }
  app.on('will-quit', () => store.close());

  try {
    hardenSession(session.defaultSession);
    serveAppProtocol(deps.rendererRoot);
    const handlers = deps.createHandlers(store, { mode: 'desktop', version: app.getVersion() });
    registerIpcHandlers(ipcMain, handlers, mainWindowSenderCheck(() => mainWindow));
    installApplicationMenu(app.isPackaged);
    showMainWindow();
    app.on('second-instance', showMainWindow);
    app.on('activate', showMainWindow);
  } catch (error) {
    dialog.showErrorBox('Rung could not start', errorMessage(error));
    app.exit(1);
  }
}

function errorMessage(error: unknown): string {
  return error instanceof Error ? error.message : String(error);
}
