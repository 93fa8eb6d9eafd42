// Browser mode's HTTP transport: 127.0.0.1 only, token required (401), Host and Origin checked (403),
// contract calls at POST /api/<method>, the built renderer served with a strict CSP and no path traversal.
import { mkdirSync, writeFileSync } from 'node:fs';
import { request } from 'node:http';
import { connect, type Socket } from 'node:net';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it, vi } from 'vitest';
import type { PushEvent } from '../../electron/api/events';
import { parseEventStream } from '../../renderer/src/lib/events';
import { dispatch, type Handlers } from '../../electron/api';
import { createHandlers } from '../../electron/core/service';
import { startServer, type RunningServer } from '../../electron/server/http';
import { tempStore, type TempStore } from '../helpers/store';

let t: TempStore;
let server: RunningServer;
let handlers: Handlers;
let rendererDir: string;

beforeAll(async () => {
  t = tempStore();
  rendererDir = join(t.dir, 'renderer');
  mkdirSync(join(rendererDir, 'assets'), { recursive: true });
  writeFileSync(join(rendererDir, 'index.html'), '<!doctype html><title>Rung</title>');
  writeFileSync(join(rendererDir, 'assets', 'app.js'), 'console.log(1)');
  writeFileSync(join(t.dir, 'secret.txt'), 'do not serve');
  handlers = createHandlers(t.store, { mode: 'browser', version: '1.0.0' });
  server = await startServer({ call: (method, params) => dispatch(handlers, method, params, () => undefined), port: 0, rendererDir, logError: () => undefined });
});
afterAll(async () => {
  await server.close();
  t.cleanup();
});

/** A raw HTTP request, so tests control the Host and Origin headers exactly as an attacker could. */
function raw(method: string, path: string, headers: Record<string, string>, body?: string, port = server.port): Promise<{ status: number; headers: Record<string, unknown>; body: string }> {
  return new Promise((resolve, reject) => {
    const req = request({ host: '127.0.0.1', port, method, path, headers }, (res) => {
      let text = '';
      res.on('data', (d) => (text += d));
      res.on('end', () => resolve({ status: res.statusCode!, headers: res.headers, body: text }));
    });
    req.on('error', reject);
    req.end(body);
  });
}

const host = () => `127.0.0.1:${server.port}`;
const api = (method: string, params: unknown, extra: Record<string, string> = {}) =>
  raw('POST', `/api/${method}`, { Host: host(), 'Content-Type': 'application/json', Authorization: `Bearer ${server.token}`, ...extra }, JSON.stringify(params));

describe('browser-mode server', () => {
  it('listens on 127.0.0.1 and prints a URL with its token', () => {
    expect(server.server.address()).toMatchObject({ address: '127.0.0.1' });
    expect(server.url).toBe(`http://127.0.0.1:${server.port}/?token=${server.token}`);
    expect(server.token.length).toBeGreaterThanOrEqual(32);
  });

  it('answers a contract call with the result envelope', async () => {
    const res = await api('getStats', {});
    expect(res.status).toBe(200);
    expect(JSON.parse(res.body)).toMatchObject({ ok: true, value: { comparisons: 0 } });
  });

  it('refuses calls without the token or with a wrong one (401)', async () => {
    const none = await raw('POST', '/api/getStats', { Host: host(), 'Content-Type': 'application/json' }, '{}');
    expect(none.status).toBe(401);
    // the token with its last character changed (to one it is not: one token in 64 ends in 'x')
    const wrongToken = `${server.token.slice(0, -1)}${server.token.endsWith('x') ? 'y' : 'x'}`;
    const wrong = await api('getStats', {}, { Authorization: `Bearer ${wrongToken}` });
    expect(wrong.status).toBe(401);
    const inQuery = await raw('POST', `/api/getStats?token=${server.token}`, { Host: host(), 'Content-Type': 'application/json' }, '{}');
    expect(inQuery.status).toBe(401);
    // The refusal says where the address with the token was printed: here the default, `rung serve`.
    expect(JSON.parse(none.body)).toEqual({
      ok: false,
      error: { code: 'FORBIDDEN', message: "This page's access token is missing or wrong: open the address that `rung serve` printed in its terminal (a new tab needs that address too)." },
    });
  });

  it('names the command that started it in its refusals (npm start, rung start, …)', async () => {
    const started = await startServer({ call: (method, params) => dispatch(handlers, method, params, () => undefined), port: 0, rendererDir, logError: () => undefined, startedBy: 'npm start' });
    try {
      const h = `127.0.0.1:${started.port}`;
      const noToken = await raw('POST', '/api/getStats', { Host: h, 'Content-Type': 'application/json' }, '{}', started.port);
      expect(JSON.parse(noToken.body).error.message).toContain('open the address that `npm start` printed');
      const foreign = await raw('GET', '/', { Host: 'evil.example' }, undefined, started.port);
      expect(foreign.status).toBe(403);
      expect(JSON.parse(foreign.body).error.message).toContain('`npm start`');
    } finally {
      await started.close();
    }
  });

  it('refuses a foreign Host (DNS rebinding) and a foreign Origin (403), even with the token', async () => {
    expect((await api('getStats', {}, { Host: `evil.example:${server.port}` })).status).toBe(403);
    expect((await api('getStats', {}, { Origin: 'http://evil.example' })).status).toBe(403);
    expect((await raw('GET', '/', { Host: 'evil.example' })).status).toBe(403);
    expect((await api('getStats', {}, { Origin: `http://localhost:${server.port}`, Host: `localhost:${server.port}` })).status).toBe(200);
  });

  it('validates params, names unknown methods, and wants JSON', async () => {
    expect(JSON.parse((await api('nextComparison', { evaluatorId: 'x' })).body)).toMatchObject({ ok: false, error: { code: 'INVALID_PARAMS' } });
    const unknown = await api('dropTables', {});
    expect(unknown.status).toBe(404);
    expect(JSON.parse(unknown.body)).toMatchObject({ ok: false, error: { code: 'UNKNOWN_METHOD' } });
    const form = await raw('POST', '/api/getStats', { Host: host(), Authorization: `Bearer ${server.token}`, 'Content-Type': 'text/plain' }, '{}');
    expect(form.status).toBe(415);
    const notJson = await raw('POST', '/api/getStats', { Host: host(), Authorization: `Bearer ${server.token}`, 'Content-Type': 'application/json' }, '{nope');
    expect(notJson.status).toBe(400);
    expect((await raw('GET', '/api/getStats', { Host: host(), Authorization: `Bearer ${server.token}` })).status).toBe(405);
  });

  it('serves the renderer with a strict CSP and refuses path traversal', async () => {
    const page = await raw('GET', '/', { Host: host() });
    expect(page.status).toBe(200);
    expect(page.body).toContain('<title>Rung</title>');
    expect(page.headers['content-security-policy']).toMatch(/default-src 'self'/);
    expect(page.headers['content-security-policy']).toMatch(/connect-src 'self'/);
    expect(page.headers['x-frame-options']).toBe('DENY');
    expect((await raw('GET', '/assets/app.js', { Host: host() })).headers['content-type']).toMatch(/javascript/);
    for (const path of ['/../secret.txt', '/%2e%2e/secret.txt', '/assets/..%2f..%2fsecret.txt', '/nope.html']) {
      const res = await raw('GET', path, { Host: host() });
      expect(res.status, path).toBe(404);
      expect(res.body).not.toContain('do not serve');
    }
  });

  it('refuses a body over its method\'s limit from its Content-Length, without reading it', async () => {
    const declared = 2 * 1024 * 1024; // over the 1 MiB limit of every method but importDataset
    const res = await new Promise<{ status: number; body: string }>((resolve, reject) => {
      const req = request(
        { host: '127.0.0.1', port: server.port, method: 'POST', path: '/api/getStats', headers: { Host: host(), 'Content-Type': 'application/json', Authorization: `Bearer ${server.token}`, 'Content-Length': declared } },
        (response) => {
          let text = '';
          response.on('data', (d) => (text += d));
          response.on('end', () => resolve({ status: response.statusCode!, body: text }));
        },
      );
      req.on('error', reject);
      req.write('{'); // the rest never comes: the answer must not wait for it
    });
    expect(res.status).toBe(413);
    expect(JSON.parse(res.body).error.message).toBe('getStats: request body over 1,048,576 bytes');
  });

  it('refuses a body that is not valid UTF-8 instead of storing replacement characters', async () => {
    const res = await new Promise<{ status: number; body: string }>((resolve, reject) => {
      const body = Buffer.concat([Buffer.from('{"name":"Ada'), Buffer.from([0xff, 0xfe]), Buffer.from('"}')]);
      const req = request(
        { host: '127.0.0.1', port: server.port, method: 'POST', path: '/api/createEvaluator', headers: { Host: host(), 'Content-Type': 'application/json', Authorization: `Bearer ${server.token}` } },
        (response) => {
          let text = '';
          response.on('data', (d) => (text += d));
          response.on('end', () => resolve({ status: response.statusCode!, body: text }));
        },
      );
      req.on('error', reject);
      req.end(body);
    });
    expect(res.status).toBe(400);
    expect(JSON.parse(res.body).error.message).toBe('createEvaluator: the body is not valid UTF-8; nothing was stored');
    expect(JSON.parse((await api('listEvaluators', {})).body).value).toEqual([]);
  });
});

describe('browser-mode server limits', () => {
  it('closes a connection whose body never finishes once the request time limit passes', async () => {
    const handlers = createHandlers(t.store, { mode: 'browser', version: '1.0.0' });
    const rendererDir = join(t.dir, 'renderer');
    const slow = await startServer({ call: (method, params) => dispatch(handlers, method, params, () => undefined), port: 0, rendererDir, logError: () => undefined, requestTimeoutMs: 500 });
    try {
      const started = Date.now();
      const closed = await new Promise<{ status: number | null }>((resolve) => {
        const socket = connect(slow.port, '127.0.0.1', () => {
          socket.write(`POST /api/getStats HTTP/1.1\r\nHost: 127.0.0.1:${slow.port}\r\nContent-Type: application/json\r\nAuthorization: Bearer ${slow.token}\r\nContent-Length: 100\r\n\r\n{`);
        });
        let text = '';
        socket.on('data', (d) => (text += d));
        socket.on('close', () => resolve({ status: /^HTTP\/1\.1 (\d+)/.exec(text) ? Number(/^HTTP\/1\.1 (\d+)/.exec(text)![1]) : null }));
      });
      expect(closed.status === null || closed.status === 408).toBe(true);
      expect(Date.now() - started).toBeLessThan(10_000); // closed by the server, not left open
    } finally {
      await slow.close();
    }
  });

  it('takes at most 64 connections at once', async () => {
    const handlers = createHandlers(t.store, { mode: 'browser', version: '1.0.0' });
    const capped = await startServer({ call: (method, params) => dispatch(handlers, method, params, () => undefined), port: 0, rendererDir: join(t.dir, 'renderer'), logError: () => undefined });
    const sockets: Socket[] = [];
    try {
      for (let i = 0; i < 64; i++) {
        sockets.push(await new Promise<Socket>((resolve) => { const s = connect(capped.port, '127.0.0.1', () => resolve(s)); }));
      }
      const extra = connect(capped.port, '127.0.0.1');
      sockets.push(extra);
      const refused = await new Promise<boolean>((resolve) => {
        extra.on('close', () => resolve(true));
        extra.on('error', () => resolve(true));
        extra.on('connect', () => extra.write(`GET / HTTP/1.1\r\nHost: 127.0.0.1:${capped.port}\r\n\r\n`));
        extra.on('data', () => resolve(false));
        setTimeout(() => resolve(false), 5_000);
      });
      expect(refused).toBe(true);
    } finally {
      for (const s of sockets) s.destroy();
      await capped.close();
    }
  });
});

describe('browser-mode event stream', () => {
  it('streams pushed events to a client with the token, as Server-Sent Events, and refuses one without it', async () => {
    const handlers = createHandlers(t.store, { mode: 'browser', version: '1.0.0' });
    const listeners = new Set<(event: PushEvent) => void>();
    const streaming = await startServer({
      call: (method, params) => dispatch(handlers, method, params, () => undefined),
      subscribe: (listener) => {
        listeners.add(listener);
        return () => void listeners.delete(listener);
      },
      port: 0,
      rendererDir: join(t.dir, 'renderer'),
      logError: () => undefined,
    });
    try {
      const refused = await fetch(`http://127.0.0.1:${streaming.port}/api/events`);
      expect(refused.status).toBe(401);
      const response = await fetch(`http://127.0.0.1:${streaming.port}/api/events`, { headers: { Authorization: `Bearer ${streaming.token}` } });
      expect(response.status).toBe(200);
      expect(response.headers.get('content-type')).toMatch(/^text\/event-stream/);
      const reader = response.body!.pipeThrough(new TextDecoderStream()).getReader();
      await vi.waitFor(() => expect(listeners.size).toBe(1));
      const event: PushEvent = { kind: 'import-progress', progressId: 'p1', progress: { phase: 'writing', records: 3, bytes: 9, totalBytes: 9 } };
      for (const listener of listeners) listener(event);
      let text = '';
      while (!text.includes('data:')) text += (await reader.read()).value ?? '';
      expect(parseEventStream(text).events).toEqual([event]);
      await reader.cancel();
      await vi.waitFor(() => expect(listeners.size).toBe(0)); // the closed stream unsubscribed
    } finally {
      await streaming.close();
    }
  });
});

