// Paths the user chose in the desktop app's own open dialog, each stood for by a one-use token handed to the window,
// and the admission of the window's calls: a picked token becomes its path, a path the page typed is refused (#17.5).
import { randomBytes } from 'node:crypto';
import { PICKED_TOKEN } from '../api/file-picker';
import type { ApiError } from '../api/errors';
import type { MethodName } from '../api/methods';

/** How long a token stays good: a person picks a file, then imports it within the hour. */
export const PICKED_TOKEN_LIFETIME_MS = 60 * 60 * 1000;

export class PickedPaths {
  private readonly byToken = new Map<string, { path: string; expiresAt: number }>();

  constructor(private readonly now: () => number = Date.now) {}

  /** A fresh token for a path the dialog returned. */
  grant(path: string): string {
    this.forgetExpired();
    const token = randomBytes(32).toString('hex');
    this.byToken.set(token, { path, expiresAt: this.now() + PICKED_TOKEN_LIFETIME_MS });
    return token;
  }

  /** The path a token stands for, once; undefined when the token is unknown, used or expired. */
  redeem(token: string): string | undefined {
    const entry = this.byToken.get(token);
    this.byToken.delete(token);
    return entry && entry.expiresAt > this.now() ? entry.path : undefined;
  }

  /** The path a token stands for, leaving the token good (a preview of the file the import will then read). */
  peek(token: string): string | undefined {
    const entry = this.byToken.get(token);
    return entry && entry.expiresAt > this.now() ? entry.path : undefined;
  }

  private forgetExpired(): void {
    const now = this.now();
    for (const [token, entry] of this.byToken) if (entry.expiresAt <= now) this.byToken.delete(token);
  }
}

export type Admission = { ok: true; params: unknown } | { ok: false; error: ApiError };

const isRecord = (value: unknown): value is Record<string, unknown> => typeof value === 'object' && value !== null && !Array.isArray(value);
const forbidden = (message: string): Admission => ({ ok: false, error: { code: 'FORBIDDEN', message } });

/**
 * What the window may send before the contract validates it: an import's picked token becomes the path the dialog
 * chose (used up, except by a preview); a path the page wrote itself (an import's or a scoring file's) is refused. Everything else passes unchanged.
 */
export function admitWindowCall(method: MethodName, params: unknown, picked: PickedPaths): Admission {
  if (method === 'scoreComparisons' && isRecord(params) && params.path !== undefined) {
    return forbidden('scoreComparisons: a file path sent by the page is refused; import the file, then score its dataset');
  }
  if (method === 'addEncoder' && isRecord(params)) return admitEncoderFolder(params, picked);
  const form = formOfSource[method];
  if (form === undefined || !isRecord(params) || !isRecord(params.source)) return { ok: true, params };
  const source = params.source;
  if (source.kind === 'path') return forbidden(`${method}: a file path sent by the page is refused; choose the file with the ${form}'s file picker`);
  if (source.kind !== 'picked') return { ok: true, params };
  // a preview reads the file the import then reads: it leaves the token good
  const use = method === 'previewImport' ? picked.peek.bind(picked) : picked.redeem.bind(picked);
  const path = typeof source.token === 'string' && PICKED_TOKEN.test(source.token) ? use(source.token) : undefined;
  if (path === undefined) return forbidden(`${method}: the chosen file is no longer known to the app (its token is unknown, used or expired); choose the file again`);
  return { ok: true, params: { ...params, source: { kind: 'path', path } } };
}

/** The calls whose `source` may be a picked file, and the form of the Data page that picks it. */
const formOfSource: Partial<Record<MethodName, string>> = {
  importDataset: 'Import form',
  previewImport: 'Import form',
  inspectBundle: 'Bundles section',
  importBundle: 'Bundles section',
  trustBundleSigner: 'Bundles section',
  importScores: 'External models section',
};

/** An encoder folder from the window: its picked token becomes the path; a typed path is refused. */
function admitEncoderFolder(params: Record<string, unknown>, picked: PickedPaths): Admission {
  if (params.path !== undefined) return forbidden("addEncoder: a folder path sent by the page is refused; choose the folder with the Encoders section's folder picker");
  if (params.picked === undefined) return { ok: true, params };
  const path = typeof params.picked === 'string' && PICKED_TOKEN.test(params.picked) ? picked.redeem(params.picked) : undefined;
  if (path === undefined) return forbidden('addEncoder: the chosen folder is no longer known to the app (its token is unknown, used or expired); choose the folder again');
  const { picked: _token, ...rest } = params;
  return { ok: true, params: { ...rest, path } };
}
