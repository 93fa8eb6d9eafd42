// Hardening for every web contents and the default session: no new windows, no navigation (of the page or any
// frame) away from app://rung/, no webviews, no permissions, and no request to any scheme the app does not serve itself.
import type { Session, WebContents } from 'electron';
import { isAppUrl } from './app-url';

/** Schemes a page may load from: the app itself, DevTools, and inline data. Everything else (http, https, ws, file, …) is cancelled. */
const allowedRequestSchemes = new Set(['app:', 'devtools:', 'data:', 'blob:']);

export function isAllowedRequestUrl(url: string): boolean {
  try {
    return allowedRequestSchemes.has(new URL(url).protocol);
  } catch {
    return false;
  }
}

export function hardenWebContents(contents: WebContents): void {
  contents.setWindowOpenHandler(() => ({ action: 'deny' }));
  contents.on('will-navigate', (event) => {
    if (!isAppUrl(event.url)) event.preventDefault();
  });
  contents.on('will-redirect', (event) => {
    if (!isAppUrl(event.url)) event.preventDefault();
  });
  // A frame (an iframe in rendered content, say) may not navigate away from the app either; about:srcdoc is a frame
  // showing the page's own text (the Experiments page's report, sandboxed without scripts), never a main frame.
  contents.on('will-frame-navigate', (event) => {
    if (!isAppUrl(event.url) && !(event.url === 'about:srcdoc' && !event.isMainFrame)) event.preventDefault();
  });
  contents.on('will-attach-webview', (event) => event.preventDefault());
}

export function hardenSession(session: Session): void {
  session.setPermissionRequestHandler((_contents, _permission, callback) => callback(false));
  session.setPermissionCheckHandler(() => false);
  session.webRequest.onBeforeRequest((details, callback) => callback({ cancel: !isAllowedRequestUrl(details.url) }));
}
