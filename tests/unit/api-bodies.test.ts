// API bodies (#17.2, #17.9): over HTTP a duplicate key, a lone surrogate, a number that is not finite and nesting too
// deep are refused naming the place, and nothing is stored; over IPC and from `rung` (dispatch) a string holding a lone
// surrogate is refused the same way.
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
let handlers: ReturnType<typeof createHandlers>;

beforeAll(async () => {
  t = tempStore();
  const rendererDir = join(t.dir, 'renderer');
  mkdirSync(rendererDir, { recursive: true });
  writeFileSync(join(rendererDir, 'index.html'), '<!doctype html><title>Rung</title>');
  handlers = createHandlers(t.store, { mode: 'browser', version: '1.0.0' });
  server = await startServer({ call: (method, params, transport) => dispatch(handlers, method, params, () => undefined, { transport }), port: 0, rendererDir, logError: () => undefined });
});
afterAll(async () => {
  await server.close();
  t.cleanup();
});

/** POSTs `body` (text, sent as it is) to /api/<method> with the token. */
function post(method: string, body: string): Promise<{ status: number; json: any }> {
  return new Promise((resolve, reject) => {
    const req = request(
      {
        host: '127.0.0.1',
        port: server.port,
        method: 'POST',
        path: `/api/${method}`,
        headers: { Host: `127.0.0.1:${server.port}`, 'Content-Type': 'application/json', Authorization: `Bearer ${server.token}` },
      },
      (res) => {
        let text = '';
        res.on('data', (d) => (text += d));
        res.on('end', () => resolve({ status: res.statusCode!, json: JSON.parse(text) }));
      },
    );
    req.on('error', reject);
    req.end(body);
  });
}

const evaluatorCount = () => t.store.db.prepare('SELECT count(*) FROM evaluators').pluck().get();

describe('HTTP bodies JSON.parse would change silently', () => {
  it('a duplicate key is refused naming it; nothing is stored', async () => {
    const res = await post('createEvaluator', '{"name": "Ada", "name": "Eve"}');
    expect(res).toEqual({ status: 400, json: { ok: false, error: { code: 'INVALID_PARAMS', message: 'createEvaluator: name: duplicate key "name" (the object names it more than once)' } } });
    expect(evaluatorCount()).toBe(0);
  });

  it('a lone surrogate is refused naming its field', async () => {
    const res = await post('createEvaluator', '{"name": "Ada", "domains": ["math", "x\\ud800"]}');
    expect(res.json.error).toEqual({ code: 'INVALID_PARAMS', message: 'createEvaluator: domains[1]: a lone UTF-16 surrogate (\\ud800) is not a character' });
    expect(evaluatorCount()).toBe(0);
  });

  it('1e400 is "not a finite number"', async () => {
    const res = await post('createRun', '{"name": "r", "layers": [{"name": "l", "rule": {"kind": "field", "layer": 1e400}}]}');
    expect(res.json.error).toEqual({ code: 'INVALID_PARAMS', message: 'createRun: layers[0].rule.layer: not a finite number (1e400)' });
  });

  it('nesting 500,000 levels deep is refused without a crash, and the server keeps answering', async () => {
    const res = await post('getStats', '['.repeat(500_000) + ']'.repeat(500_000));
    expect(res.json.error).toEqual({ code: 'INVALID_PARAMS', message: 'getStats: [0][0][0][0][0][0][0][0][0][0][0][0][0][0][0][0][0][0][0][0]…: nested more than 64 levels deep' });
    expect((await post('getStats', '{}')).json.ok).toBe(true);
  });
});

describe('strings with a lone surrogate from IPC or the CLI', () => {
  it('are refused by dispatch naming the field, also as a key', async () => {
    expect(await dispatch(handlers, 'createEvaluator', { name: 'Ada\udc00' }, () => undefined, { transport: 'ipc' })).toEqual({
      ok: false,
      error: { code: 'INVALID_PARAMS', message: 'createEvaluator: name: a lone UTF-16 surrogate (\\udc00) is not a character' },
    });
    const keyed = await dispatch(handlers, 'createEvaluator', { name: 'Ada', ['\ud800x']: 1 }, () => undefined, { transport: 'cli' });
    expect(keyed).toMatchObject({ ok: false, error: { code: 'INVALID_PARAMS', message: 'createEvaluator: (params) (a key): a lone UTF-16 surrogate (\\ud800) is not a character' } });
    expect(evaluatorCount()).toBe(0);
    expect(await dispatch(handlers, 'createEvaluator', { name: 'Ada 😀' }, () => undefined, { transport: 'ipc' })).toMatchObject({ ok: true });
  });
});

describe('found by fuzzing', () => {
  it('an option given an object without a prototype is refused, not a TypeError out of dispatch', async () => {
    const odd = Object.create(null) as Record<string, unknown>;
    odd.x = 1;
    const result = await dispatch(handlers, 'simulateDemo', { scale: odd }, () => undefined, { transport: 'ipc' });
    expect(result).toMatchObject({ ok: false, error: { code: 'INVALID_PARAMS', message: expect.stringContaining('got "{"x":1}"') } });
  });
});
