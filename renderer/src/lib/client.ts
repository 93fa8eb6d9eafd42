// The one way the UI talks to Rung: window.rung in the desktop app (preload, IPC), else the same
// contract over HTTP in browser mode (POST /api/<method> with the page's access token; a file's bytes to POST /api/upload).
/// <reference path="../rung-window.d.ts" />
import type { RungClient } from '../../../electron/api/contract';
import type { ApiResult } from '../../../electron/api/errors';
import { methodNames } from '../../../electron/api/methods';
import { UPLOAD_NAME_HEADER, UPLOAD_PATH } from '../../../electron/api/upload';

const TOKEN_KEY = 'rung.token';

export const messages = {
  unreachable: 'The Rung server is unreachable. Is `rung serve` still running? Start it again and open the URL it prints.',
  /** When a refusal's body cannot be read (the server's own message names the command that started it). */
  badToken: "This page's access token is missing or wrong: open the address printed where you started Rung (`npm start` or `rung serve`).",
  forbidden: 'The Rung server refused this page (wrong address or origin): open the address printed where you started Rung, exactly as printed.',
  badResponse: (status: number) => `The Rung server sent a response this page cannot read (HTTP ${status}).`,
};

/**
 * Takes the token from `?token=` on first load, keeps it in sessionStorage (per tab, survives reloads)
 * and removes it from the visible URL so it is not bookmarked, shared or left in history.
 */
export function takeToken(): string | null {
  const url = new URL(window.location.href);
  const fromUrl = url.searchParams.get('token');
  if (fromUrl) {
    try {
      window.sessionStorage.setItem(TOKEN_KEY, fromUrl);
    } catch {
      // Storage may be disabled; the token still works for this page load.
    }
    url.searchParams.delete('token');
    window.history.replaceState(window.history.state, '', url.pathname + url.search + url.hash);
    return fromUrl;
  }
  try {
    return window.sessionStorage.getItem(TOKEN_KEY);
  } catch {
    return null;
  }
}

function isEnvelope(body: unknown): body is ApiResult<unknown> {
  if (typeof body !== 'object' || body === null) return false;
  const b = body as { ok?: unknown; error?: { code?: unknown; message?: unknown } };
  if (b.ok === true) return 'value' in b;
  return b.ok === false && typeof b.error?.code === 'string' && typeof b.error?.message === 'string';
}

/** One POST to the server with the page's token, its answer as a result envelope (a refusal's own message kept). */
async function post(token: string | null, path: string, json: string): Promise<ApiResult<unknown>> {
  let response: Response;
  try {
    response = await fetch(path, {
      method: 'POST',
      headers: {
        'Content-Type': 'application/json',
        ...(token ? { Authorization: `Bearer ${token}` } : {}),
      },
      body: json,
      credentials: 'omit',
      cache: 'no-store',
    });
  } catch {
    return { ok: false, error: { code: 'INTERNAL', message: messages.unreachable } };
  }
  let body: unknown;
  try {
    body = await response.json();
  } catch {
    body = undefined;
  }
  return answer(response.status, body);
}

/** A response's status and JSON body (undefined when it was not JSON) as a result envelope (a refusal's own message kept). */
function answer(status: number, body: unknown): ApiResult<unknown> {
  if (status === 401 || status === 403) {
    const fallback = status === 401 ? messages.badToken : messages.forbidden;
    return { ok: false, error: { code: 'FORBIDDEN', message: isEnvelope(body) && !body.ok ? body.error.message : fallback } };
  }
  if (!isEnvelope(body)) return { ok: false, error: { code: 'INTERNAL', message: messages.badResponse(status) } };
  return body;
}

/** Browser mode: one function per contract method, each a POST to /api/<method> (relative to the page). */
export function createHttpClient(token: string | null): RungClient {
  const client: Record<string, (params: unknown) => Promise<ApiResult<unknown>>> = {};
  for (const method of methodNames) client[method] = (params) => post(token, `/api/${method}`, JSON.stringify(params ?? {}));
  return client as unknown as RungClient;
}

/** Desktop: the preload's client, with a rejected IPC call turned into an error result like any other. */
function wrapDesktop(desktop: RungClient): RungClient {
  const client: Record<string, (params: unknown) => Promise<ApiResult<unknown>>> = {};
  const calls = desktop as unknown as Record<string, (params: unknown) => Promise<ApiResult<unknown>>>;
  for (const method of methodNames) {
    client[method] = async (params) => {
      try {
        return await calls[method](params);
      } catch (error) {
        const message = error instanceof Error ? error.message : String(error);
        return { ok: false, error: { code: 'INTERNAL', message: `${method}: ${message}` } };
      }
    };
  }
  return client as unknown as RungClient;
}

/** Browser mode: sends a file as it lies on disk (the browser streams it, nothing read into the page) to POST /api/upload;
 *  the uploadId answered names it in one call's source ({ kind: 'upload', uploadId, name }). XMLHttpRequest rather than
 *  fetch, because only it reports an upload's progress: onProgress gets the share of the bytes sent (0..1). */
export function uploadFile(file: Blob, name: string, onProgress?: (sent: number) => void): Promise<ApiResult<{ uploadId: string }>> {
  const token = pageToken();
  return new Promise((resolve) => {
    const request = new XMLHttpRequest();
    request.open('POST', UPLOAD_PATH);
    request.setRequestHeader('Content-Type', 'application/octet-stream');
    if (token) request.setRequestHeader('Authorization', `Bearer ${token}`);
    request.setRequestHeader(UPLOAD_NAME_HEADER, encodeURIComponent(name));
    request.upload.onprogress = (event) => {
      if (event.lengthComputable && event.total > 0) onProgress?.(event.loaded / event.total);
    };
    request.onerror = () => resolve({ ok: false, error: { code: 'INTERNAL', message: messages.unreachable } });
    request.onload = () => {
      let body: unknown;
      try {
        body = JSON.parse(request.responseText);
      } catch {
        body = undefined;
      }
      resolve(answer(request.status, body) as ApiResult<{ uploadId: string }>);
    };
    request.send(file);
  });
}

let cached: RungClient | undefined;
let token: string | null | undefined;

/** Browser mode's access token (taken from the URL once, then from this tab's storage). */
export function pageToken(): string | null {
  if (token === undefined) token = takeToken();
  return token;
}

export function getClient(): RungClient {
  if (!cached) {
    const desktop = window.rung;
    cached = desktop ? wrapDesktop(desktop) : createHttpClient(pageToken());
  }
  return cached;
}
