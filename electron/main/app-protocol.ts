// The app:// protocol: serves the built renderer (out/renderer) to the window, never a file outside it,
// with a strict Content-Security-Policy on every response.
import { protocol } from 'electron';
import { readFile, realpath } from 'node:fs/promises';
import { isAbsolute, join, relative, sep } from 'node:path';
import { APP_HOST, APP_SCHEME } from './app-url';
import { contentTypeFor } from '../core/web/content-types';
import { CONTENT_SECURITY_POLICY } from '../core/web/csp';


/** Must run before the app is ready: app:// behaves like https (standard, secure origin, fetch allowed). */
export function registerAppScheme(): void {
  protocol.registerSchemesAsPrivileged([
    { scheme: APP_SCHEME, privileges: { standard: true, secure: true, supportFetchAPI: true } },
  ]);
}

/** Serves app://rung/… from rootDir on the default session; call once the app is ready. */
export function serveAppProtocol(rootDir: string): void {
  protocol.handle(APP_SCHEME, createAppProtocolHandler(rootDir));
}

export function createAppProtocolHandler(rootDir: string): (request: Request) => Promise<Response> {
  return async (request) => {
    if (request.method !== 'GET' && request.method !== 'HEAD') return textResponse(405, 'Method not allowed');
    const file = await resolveInsideRoot(rootDir, request.url);
    if (!file) return textResponse(404, 'Not found');
    let body: Buffer;
    try {
      body = await readFile(file);
    } catch {
      return textResponse(404, 'Not found');
    }
    return new Response(request.method === 'HEAD' ? null : new Uint8Array(body), {
      status: 200,
      headers: responseHeaders(contentTypeFor(file)),
    });
  };
}

/** The file a URL names under rootDir, or null when the URL is not ours or leaves rootDir (.., encoded slashes, symlinks). */
async function resolveInsideRoot(rootDir: string, url: string): Promise<string | null> {
  let pathname: string;
  try {
    const parsed = new URL(url);
    if (parsed.host !== APP_HOST) return null;
    pathname = decodeURIComponent(parsed.pathname);
  } catch {
    return null;
  }
  if (pathname.includes('\0')) return null;
  const requested = join(rootDir, pathname === '/' ? 'index.html' : pathname);
  try {
    const [realRoot, realFile] = await Promise.all([realpath(rootDir), realpath(requested)]);
    return isInside(realRoot, realFile) ? realFile : null;
  } catch {
    return null;
  }
}

function isInside(root: string, candidate: string): boolean {
  const path = relative(root, candidate);
  return path !== '' && path !== '..' && !path.startsWith(`..${sep}`) && !isAbsolute(path);
}

function responseHeaders(contentType: string): Record<string, string> {
  return {
    'Content-Type': contentType,
    // Electronegativity's CSP_GLOBAL_CHECK reports no CSP: it looks for a meta tag; ours is this header (and browser mode's).
    'Content-Security-Policy': CONTENT_SECURITY_POLICY,
    'X-Content-Type-Options': 'nosniff',
  };
}

function textResponse(status: number, message: string): Response {
  return new Response(message, { status, headers: responseHeaders('text/plain; charset=utf-8') });
}
