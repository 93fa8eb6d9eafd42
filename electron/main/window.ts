// The main window: locked-down web preferences, shown once its first paint is ready, loading app://rung/.
import { BrowserWindow, type BrowserWindowConstructorOptions } from 'electron';
import { APP_ENTRY_URL } from './app-url';

export function mainWindowOptions(preloadPath: string): BrowserWindowConstructorOptions {
  return {
    title: 'Rung',
    width: 1280,
    height: 800,
    minWidth: 1024,
    minHeight: 640,
    show: false,
    webPreferences: {
      preload: preloadPath,
      contextIsolation: true,
      sandbox: true,
      nodeIntegration: false,
      nodeIntegrationInSubFrames: false,
      webSecurity: true,
      allowRunningInsecureContent: false,
      webviewTag: false,
      // The spellchecker's dictionaries are downloaded from Google's servers on demand: off, so nothing is fetched.
      spellcheck: false,
    },
  };
}

export function createMainWindow(preloadPath: string): BrowserWindow {
  // Electronegativity flags this line (CONTEXT_ISOLATION_JS_CHECK, SANDBOX_JS_CHECK, AUXCLICK_JS_CHECK) because it cannot
  // read options built by a function: mainWindowOptions sets contextIsolation, sandbox, no nodeIntegration, no webview,
  // and every window.open, a middle click's included, is denied by security.ts's setWindowOpenHandler.
  const window = new BrowserWindow(mainWindowOptions(preloadPath));
  window.once('ready-to-show', () => window.show());
  window.loadURL(APP_ENTRY_URL).catch((error: unknown) => {
    console.error(`Rung: could not load ${APP_ENTRY_URL}:`, error);
  });
  return window;
}
