// Browser mode: the API contract over HTTP on 127.0.0.1 only, each method at POST /api/<method>, a file's upload at
// POST /api/upload (streamed to disk), guarded by a random token (401) and Host/Origin checks against DNS rebinding
// (403); serves the built renderer.
import { randomBytes, timingSafeEqual } from 'node:crypto';
import { createReadStream } from 'node:fs';
import { stat } from 'node:fs/promises';
import { createServer, type IncomingMessage, type Server, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import { extname, join, normalize, sep } from 'node:path';
import type { ApiResult } from '../api';
import type { Transport } from '../api/caller';
import type { PushEvent } from '../api/events';
import { MAX_PARAMS_BYTES, MAX_UPLOAD_BYTES } from '../api/limits';
import { UPLOAD_NAME_HEADER, UPLOAD_PATH } from '../api/upload';
import { contentTypeFor } from '../core/web/content-types';
import { CONTENT_SECURITY_POLICY } from '../core/web/csp';
import { parseStrictJson, StrictJsonError } from '../core/strict-json';
import { Uploads, UploadTooLarge } from './uploads';

/** Time limits: the headers within 10 s, a whole request (a 256 MiB upload included) within 5 minutes. */
const HEADERS_TIMEOUT_MS = 10_000;
const REQUEST_TIMEOUT_MS = 300_000;
/** Open connections at once: a page holds a few; more is a runaway client. */
const MAX_CONNECTIONS = 64;
const strictUtf8 = new TextDecoder('utf-8', { fatal: true });
const EVENTS_KEEPALIVE_MS = 15_000;

/** Runs one contract call (validation included) for a transport: the domain host's, or dispatch over in-process handlers. */
export type ContractCall = (method: string, params: unknown, transport: Transport) => Promise<ApiResult<unknown>>;

export interface ServeOptions {
  call: ContractCall;
  /** 0 picks a free port. */
  port: number;
  /** Folder holding the built renderer (index.html and assets). */
  rendererDir: string;
  /** Fixed token for tests; a random one otherwise. */
  token?: string;
  logError?: (message: string, error: unknown) => void;
  /** Where GET /api/events takes its events from (imports' progress, training jobs); absent: the stream stays empty. */
  subscribe?: (listener: (event: PushEvent) => void) => () => void;
  /** The command that started this server, named in refusals so a person knows where the address was printed. */
  startedBy?: string;
  /** Time limits (tests shorten them): the headers, and the whole request. */
  headersTimeoutMs?: number;
  requestTimeoutMs?: number;
  /** Largest upload (POST /api/upload), MAX_UPLOAD_BYTES unless tests shorten it. */
  maxUploadBytes?: number;
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

function refuse(res: ServerResponse, status: 401 | 403 | 404 | 405 | 413 | 415 | 400 | 507, code: string, message: string): void {
  send(res, status, { ok: false, error: { code, message } });
}

/** A body refused before its end (over its limit, or no room for it): the connection closes rather than taking in the rest. */
function refuseUnread(req: IncomingMessage, res: ServerResponse, status: 413 | 507, message: string): void {
  res.setHeader('Connection', 'close');
  refuse(res, status, 'BAD_INPUT', message);
  res.once('finish', () => req.destroy());
}

/** An upload's file name from its header (URI-encoded), for the endpoint's refusals. */
function uploadName(req: IncomingMessage): string {
  const header = req.headers[UPLOAD_NAME_HEADER.toLowerCase()];
  try {
    return typeof header === 'string' && header !== '' ? decodeURIComponent(header) : 'the upload';
  } catch {
    return 'the upload';
  }
}

/** The body, or null as soon as it passes `limit` bytes (by its Content-Length before reading any of it). */
async function readBody(req: IncomingMessage, limit: number): Promise<Buffer | null> {
  const declared = Number(req.headers['content-length'] ?? 0);
  if (declared > limit) return null;
  const chunks: Buffer[] = [];
  let size = 0;
  for await (const chunk of req) {
    size += (chunk as Buffer).length;
    if (size > limit) return null;
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
  const startedBy = options.startedBy ?? 'rung serve';
  const refusals = {
    token: `This page's access token is missing or wrong: open the address that \`${startedBy}\` printed in its terminal (a new tab needs that address too).`,
    host: `The Rung server refused this page (unexpected Host): open the address that \`${startedBy}\` printed, exactly as printed.`,
    origin: `The Rung server refused a request from another origin: open the address that \`${startedBy}\` printed, exactly as printed.`,
  };

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

  const authorized = (req: IncomingMessage): boolean => {
    const auth = req.headers.authorization ?? '';
    const given = auth.startsWith('Bearer ') ? auth.slice('Bearer '.length) : '';
    return given !== '' && sameToken(given, token);
  };

  /** GET /api/events: Server-Sent Events, one `data:` line of JSON per event, a comment every 15 s to keep it open. */
  function serveEvents(req: IncomingMessage, res: ServerResponse): void {
    if (req.method !== 'GET') return refuse(res, 405, 'FORBIDDEN', 'the event stream is a GET request');
    if (!authorized(req)) return refuse(res, 401, 'FORBIDDEN', refusals.token);
    res.writeHead(200, { 'Content-Type': 'text/event-stream; charset=utf-8', 'Cache-Control': 'no-store', 'X-Content-Type-Options': 'nosniff' });
    res.write(': connected\n\n');
    const unsubscribe = options.subscribe?.((event) => res.write(`data: ${JSON.stringify(event)}\n\n`)) ?? (() => {});
    const keepAlive = setInterval(() => res.write(': keep-alive\n\n'), EVENTS_KEEPALIVE_MS);
    res.once('close', () => {
      clearInterval(keepAlive);
      unsubscribe();
    });
  }

  async function serveApi(req: IncomingMessage, res: ServerResponse, method: string): Promise<void> {
    if (req.method !== 'POST') return refuse(res, 405, 'FORBIDDEN', 'API calls are POST requests');
    if (!authorized(req)) return refuse(res, 401, 'FORBIDDEN', refusals.token);
    const type = req.headers['content-type'] ?? '';
    if (!type.startsWith('application/json')) return refuse(res, 415, 'INVALID_PARAMS', 'the body must be application/json');
    const body = await readBody(req, MAX_PARAMS_BYTES);
    if (body === null) return refuseUnread(req, res, 413, `${method}: request body over ${MAX_PARAMS_BYTES.toLocaleString('en-US')} bytes`);
    let params: unknown = {};
    if (body.length > 0) {
      let text: string;
      try {
        text = strictUtf8.decode(body);
      } catch {
        return send(res, 400, { ok: false, error: { code: 'INVALID_PARAMS', message: `${method}: the body is not valid UTF-8; nothing was stored` } });
      }
      try {
        params = parseStrictJson(text);
      } catch (error) {
        if (!(error instanceof StrictJsonError)) throw error;
        const message = `${error.path || '(params)'}: ${error.message}`;
        return send(res, 400, { ok: false, error: { code: 'INVALID_PARAMS', message: `${method}: ${message}` } });
      }
    }
    const result = await options.call(method, params, 'http');
    send(res, !result.ok && result.error.code === 'UNKNOWN_METHOD' ? 404 : 200, result);
  }

  /** POST /api/upload: the body (a file's bytes) streamed into a new upload, answered with its id for a call's source. */
  async function serveUpload(req: IncomingMessage, res: ServerResponse): Promise<void> {
    if (req.method !== 'POST') return refuse(res, 405, 'FORBIDDEN', 'an upload is a POST request');
    if (!authorized(req)) return refuse(res, 401, 'FORBIDDEN', refusals.token);
    if (!(req.headers['content-type'] ?? '').startsWith('application/octet-stream')) return refuse(res, 415, 'INVALID_PARAMS', 'an upload\'s body must be application/octet-stream');
    const name = uploadName(req);
    const tooLarge = `${name}: over ${maxUpload.toLocaleString('en-US')} bytes, too large to upload; import it from a terminal with \`rung import\``;
    if (Number(req.headers['content-length'] ?? 0) > maxUpload) return refuseUnread(req, res, 413, tooLarge);
    let uploadId: string;
    try {
      uploadId = await uploads.receive(req, maxUpload);
    } catch (error) {
      if (error instanceof UploadTooLarge) return refuseUnread(req, res, 413, tooLarge);
      if (req.destroyed) return void res.destroy(); // the client went away (or its time ran out): nobody to answer
      if ((error as NodeJS.ErrnoException).code === 'ENOSPC') return refuseUnread(req, res, 507, `${name}: no room for it in the temp folder; free some disk space, or import it with \`rung import\``);
      res.once('finish', () => req.destroy());
      throw error;
    }
    send(res, 200, { ok: true, value: { uploadId } });
  }

  const uploads = new Uploads();
  const maxUpload = options.maxUploadBytes ?? MAX_UPLOAD_BYTES;
  const requestTimeout = options.requestTimeoutMs ?? REQUEST_TIMEOUT_MS;
  // How often Node checks the time limits: often enough that a limit holds within a second or so.
  const server = createServer({ connectionsCheckingInterval: Math.min(1_000, requestTimeout) }, (req, res) => {
    // Against DNS rebinding: only our own host names, and no foreign page's origin.
    if (!allowedHosts().has(req.headers.host ?? '')) return refuse(res, 403, 'FORBIDDEN', refusals.host);
    const origin = req.headers.origin;
    if (origin !== undefined && !allowedOrigins().has(origin)) return refuse(res, 403, 'FORBIDDEN', refusals.origin);
    const url = new URL(req.url ?? '/', 'http://127.0.0.1');
    const handled =
      url.pathname === '/api/events'
        ? Promise.resolve(serveEvents(req, res))
        : url.pathname === UPLOAD_PATH
          ? serveUpload(req, res)
          : url.pathname.startsWith('/api/')
            ? serveApi(req, res, url.pathname.slice('/api/'.length))
            : serveStatic(req, res, url.pathname);
    handled.catch((error) => {
      logError('request failed', error);
      if (!res.headersSent) send(res, 500, { ok: false, error: { code: 'INTERNAL', message: 'internal error' } });
      else res.destroy();
    });
  });
  server.headersTimeout = Math.min(options.headersTimeoutMs ?? HEADERS_TIMEOUT_MS, requestTimeout);
  server.requestTimeout = requestTimeout;
  server.maxConnections = MAX_CONNECTIONS;

  await new Promise<void>((resolve, reject) => {
    const failed = (error: Error) => {
      uploads.close();
      reject(error);
    };
    server.once('error', failed);
    server.listen(options.port, '127.0.0.1', () => {
      server.off('error', failed);
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
        server.close(() => {
          uploads.close();
          resolve();
        });
      }),
  };
}
