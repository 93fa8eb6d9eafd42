// Browser mode: the API contract over HTTP on 127.0.0.1 only, each method at POST /api/<method>,
// guarded by a random token (401) and Host/Origin checks against DNS rebinding (403); serves the built renderer.
import { randomBytes, timingSafeEqual } from 'node:crypto';
import { createReadStream } from 'node:fs';
import { stat } from 'node:fs/promises';
import { createServer, type IncomingMessage, type Server, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import { extname, join, normalize, sep } from 'node:path';
import { dispatch, type Handlers } from '../api';
import { MAX_UPLOAD_BASE64 } from '../api/limits';
import { contentTypeFor } from '../core/web/content-types';
import { CONTENT_SECURITY_POLICY } from '../core/web/csp';

/** Largest request body: the biggest upload the contract allows plus room for the JSON around it. */
const MAX_BODY_BYTES = MAX_UPLOAD_BASE64 + 1024 * 1024;

export interface ServeOptions {
  handlers: Handlers;
  /** 0 picks a free port. */
  port: number;
  /** Folder holding the built renderer (index.html and assets). */
  rendererDir: string;
  /** Fixed token for tests; a random one otherwise. */
  token?: string;
  logError?: (message: string, error: unknown) => void;
}

export interface RunningServer {
  url: string;
  port: number;
  token: string;
  server: Server;
  close(): Promise<void>;
}

function sameToken(given: string, expected: string): boolean {
  const a = Buffer.from(given);
  const b = Buffer.from(expected);
  return a.length === b.length && timingSafeEqual(a, b);
}

function send(res: ServerResponse, status: number, body: unknown): void {
  const text = JSON.stringify(body);
  res.writeHead(status, { 'Content-Type': 'application/json; charset=utf-8', 'Cache-Control': 'no-store', 'Content-Length': Buffer.byteLength(text) });
  res.end(text);
}

function refuse(res: ServerResponse, status: 401 | 403 | 404 | 405 | 413 | 415 | 400, code: string, message: string): void {
  send(res, status, { ok: false, error: { code, message } });
}

async function readBody(req: IncomingMessage): Promise<Buffer | null> {
  const chunks: Buffer[] = [];
  let size = 0;
  for await (const chunk of req) {
    size += (chunk as Buffer).length;
    if (size > MAX_BODY_BYTES) return null;
    chunks.push(chunk as Buffer);
  }
  return Buffer.concat(chunks);
}

export async function startServer(options: ServeOptions): Promise<RunningServer> {
  const token = options.token ?? randomBytes(24).toString('base64url');
  const logError = options.logError ?? ((message, error) => console.error(message, error));
  let port = options.port;
  const allowedHosts = () => new Set([`127.0.0.1:${port}`, `localhost:${port}`]);
  const allowedOrigins = () => new Set([`http://127.0.0.1:${port}`, `http://localhost:${port}`]);
  const root = normalize(options.rendererDir);

  async function serveStatic(req: IncomingMessage, res: ServerResponse, pathname: string): Promise<void> {
    if (req.method !== 'GET' && req.method !== 'HEAD') return refuse(res, 405, 'FORBIDDEN', `${req.method} is not allowed here`);
    let relative: string;
    try {
      relative = decodeURIComponent(pathname === '/' ? '/index.html' : pathname);
    } catch {
      return refuse(res, 400, 'BAD_INPUT', 'malformed path');
    }
    const file = normalize(join(root, relative));
    if (!file.startsWith(root + sep) || relative.includes('\0')) return refuse(res, 404, 'NOT_FOUND', 'not found');
    try {
      const info = await stat(file);
      if (!info.isFile()) return refuse(res, 404, 'NOT_FOUND', 'not found');
      res.writeHead(200, {
        'Content-Type': contentTypeFor(file),
        'Content-Length': info.size,
        'Content-Security-Policy': CONTENT_SECURITY_POLICY,
        'X-Content-Type-Options': 'nosniff',
        'X-Frame-Options': 'DENY',
        'Referrer-Policy': 'no-referrer',
        'Cache-Control': extname(file) === '.html' ? 'no-store' : 'public, max-age=31536000, immutable',
      });
      if (req.method === 'HEAD') return void res.end();
      createReadStream(file).pipe(res);
    } catch {
      refuse(res, 404, 'NOT_FOUND', 'not found');
    }
  }

  async function serveApi(req: IncomingMessage, res: ServerResponse, method: string): Promise<void> {
    if (req.method !== 'POST') return refuse(res, 405, 'FORBIDDEN', 'API calls are POST requests');
    const auth = req.headers.authorization ?? '';
    const given = auth.startsWith('Bearer ') ? auth.slice('Bearer '.length) : '';
    if (!given || !sameToken(given, token)) return refuse(res, 401, 'FORBIDDEN', 'missing or wrong access token');
    const type = req.headers['content-type'] ?? '';
    if (!type.startsWith('application/json')) return refuse(res, 415, 'INVALID_PARAMS', 'the body must be application/json');
    const body = await readBody(req);
    if (body === null) return refuse(res, 413, 'BAD_INPUT', 'request body too large');
    let params: unknown = {};
    if (body.length > 0) {
      try {
        params = JSON.parse(body.toString('utf8'));
      } catch {
        return send(res, 400, { ok: false, error: { code: 'INVALID_PARAMS', message: `${method}: the body is not valid JSON` } });
      }
    }
    const result = await dispatch(options.handlers, method, params, logError, { transport: 'http' });
    send(res, !result.ok && result.error.code === 'UNKNOWN_METHOD' ? 404 : 200, result);
  }

  const server = createServer((req, res) => {
    // Against DNS rebinding: only our own host names, and no foreign page's origin.
    if (!allowedHosts().has(req.headers.host ?? '')) return refuse(res, 403, 'FORBIDDEN', 'unexpected Host header');
    const origin = req.headers.origin;
    if (origin !== undefined && !allowedOrigins().has(origin)) return refuse(res, 403, 'FORBIDDEN', 'cross-origin requests are refused');
    const url = new URL(req.url ?? '/', 'http://127.0.0.1');
    const handled = url.pathname.startsWith('/api/')
      ? serveApi(req, res, url.pathname.slice('/api/'.length))
      : serveStatic(req, res, url.pathname);
    handled.catch((error) => {
      logError('request failed', error);
      if (!res.headersSent) send(res, 500, { ok: false, error: { code: 'INTERNAL', message: 'internal error' } });
      else res.destroy();
    });
  });
  server.requestTimeout = 0; // large uploads may take a while; the body limit bounds them

  await new Promise<void>((resolve, reject) => {
    server.once('error', reject);
    server.listen(options.port, '127.0.0.1', () => {
      server.off('error', reject);
      resolve();
    });
  });
  port = (server.address() as AddressInfo).port;
  return {
    url: `http://127.0.0.1:${port}/?token=${token}`,
    port,
    token,
    server,
    close: () =>
      new Promise<void>((resolve) => {
        server.closeAllConnections();
        server.close(() => resolve());
      }),
  };
}
