// Browser mode's HTTP transport: 127.0.0.1 only, token required (401), Host and Origin checked (403),
// contract calls at POST /api/<method>, the built renderer served with a strict CSP and no path traversal.
import { mkdirSync, writeFileSync } from 'node:fs';
import { request } from 'node:http';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { dispatch } from '../../electron/api';
import { createHandlers } from '../../electron/core/service';
import { startServer, type RunningServer } from '../../electron/server/http';
import { tempStore, type TempStore } from '../helpers/store';

let t: TempStore;
let server: RunningServer;

beforeAll(async () => {
  t = tempStore();
  const rendererDir = join(t.dir, 'renderer');
  mkdirSync(join(rendererDir, 'assets'), { recursive: true });
  writeFileSync(join(rendererDir, 'index.html'), '<!doctype html><title>Rung</title>');
  writeFileSync(join(rendererDir, 'assets', 'app.js'), 'console.log(1)');
  writeFileSync(join(t.dir, 'secret.txt'), 'do not serve');
    const handlers = createHandlers(t.store, { mode: 'browser', version: '1.0.0' });
  server = await startServer({ call: (method, params) => dispatch(handlers, method, params, () => undefined), port: 0, rendererDir, logError: () => undefined });
});
afterAll(async () => {
  await server.close();
  t.cleanup();
});

/** A raw HTTP request, so tests control the Host and Origin headers exactly as an attacker could. */
function raw(method: string, path: string, headers: Record<string, string>, body?: string): Promise<{ status: number; headers: Record<string, unknown>; body: string }> {
  return new Promise((resolve, reject) => {
    const req = request({ host: '127.0.0.1', port: server.port, method, path, headers }, (res) => {
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
    const wrong = await api('getStats', {}, { Authorization: `Bearer ${server.token.slice(0, -1)}x` });
    expect(wrong.status).toBe(401);
    const inQuery = await raw('POST', `/api/getStats?token=${server.token}`, { Host: host(), 'Content-Type': 'application/json' }, '{}');
    expect(inQuery.status).toBe(401);
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
});
