// The origin the renderer is served from (app://rung/) and the one test of whether a URL belongs to it.
// Navigation, IPC sender checks and the protocol handler all ask isAppUrl, so "ours" means the same everywhere.

export const APP_SCHEME = 'app';
export const APP_HOST = 'rung';
export const APP_ENTRY_URL = `${APP_SCHEME}://${APP_HOST}/index.html`;

export function isAppUrl(url: string): boolean {
  try {
    const parsed = new URL(url);
    return parsed.protocol === `${APP_SCHEME}:` && parsed.host === APP_HOST;
  } catch {
    return false;
  }
}
