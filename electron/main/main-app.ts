// Wires the Electron shell together: single instance, app:// protocol, hardening, database, IPC, menu, window.
// Domain code comes in through deps, so this module has no side effects until startMainApp is called.
import { app, BrowserWindow, dialog, ipcMain, session } from 'electron';
import { EVENT_CHANNEL } from '../api/events';
import { registerAppScheme, serveAppProtocol } from './app-protocol';
import { desktopDbPath, openDesktopDomain, type Domain, type OpenDomain } from './database';
import { pickPath } from './file-dialog';
import { mainWindowSenderCheck, registerIpcHandlers } from './ipc';
import { installApplicationMenu } from './menu';
import { PickedPaths } from './picked-paths';
import { hardenSession, hardenWebContents } from './security';
import { createMainWindow } from './window';

export interface MainAppDeps {
  /** Folder holding the built renderer (index.html and assets). */
  rendererRoot: string;
  /** The built preload script. */
  preloadPath: string;
  /** Starts the domain's worker threads on the database (the main process itself runs no SQL). */
  openDomain: OpenDomain;
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
  app.enableSandbox(); // every renderer sandboxed, whatever a window's own options say
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
  let domain: Domain;
  try {
    domain = await openDesktopDomain(deps.openDomain, dbPath, env, app.getVersion(), app.isPackaged);
  } catch (error) {
    dialog.showErrorBox('Rung could not open its database', `${dbPath}\n\n${errorMessage(error)}`);
    app.exit(1);
    return;
  }
  // The database threads close their connections before the process ends (a forced end would still lose nothing).
  let domainClosed = false;
  app.on('will-quit', (event) => {
    if (domainClosed) return;
    event.preventDefault();
    void domain.close().finally(() => {
      domainClosed = true;
      app.quit();
    });
  });

  try {
    hardenSession(session.defaultSession);
    serveAppProtocol(deps.rendererRoot);
    const picked = new PickedPaths();
    const picker = {
      picked,
      pick: async (kind: unknown) =>
        mainWindow && !mainWindow.isDestroyed()
          ? pickPath(kind, mainWindow, picked)
          : { ok: false as const, error: { code: 'UNAVAILABLE' as const, message: 'pickPath: the window is gone' } },
    };
    registerIpcHandlers(ipcMain, domain.call, mainWindowSenderCheck(() => mainWindow), picker);
    // Pushed to our window only, on one channel its preload listens to.
    domain.onEvent((event) => {
      if (mainWindow && !mainWindow.isDestroyed()) mainWindow.webContents.send(EVENT_CHANNEL, event);
    });
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
