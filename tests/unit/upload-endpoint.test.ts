// Browser mode's POST /api/upload: a file's bytes streamed into a private file (0600) of this process's upload folder,
// answered with an uploadId that one call then names and uses up; the same guards as /api/*; a body over the limit is
// refused from its Content-Length before it is read, and while it streams when chunked; a half-sent upload leaves no
// file; uploads left unused are removed after their lifetime, and those of ended processes at the next start.
import { spawnSync } from 'node:child_process';
import { existsSync, mkdirSync, readdirSync, readFileSync, statSync, writeFileSync } from 'node:fs';
import type { IncomingMessage } from 'node:http';
import { connect } from 'node:net';
import { join } from 'node:path';
import { Readable } from 'node:stream';
import { afterAll, beforeAll, describe, expect, it, vi } from 'vitest';
import { dispatch } from '../../electron/api';
import { UPLOAD_LIFETIME_MS } from '../../electron/api/upload';
import { createHandlers } from '../../electron/core/service';
import { uploadFolder } from '../../electron/core/uploads';
import { startServer, type RunningServer } from '../../electron/server/http';
import { Uploads } from '../../electron/server/uploads';
import { jsonl, tempStore, type TempStore } from '../helpers/store';

const LIMIT = 64 * 1024;
let t: TempStore;
let server: RunningServer;

beforeAll(async () => {
  t = tempStore();
  const handlers = createHandlers(t.store, { mode: 'browser', version: '1.0.0' });
  server = await startServer({
    call: (method, params, transport) => dispatch(handlers, method, params, () => undefined, { transport }),
    port: 0,
    rendererDir: t.dir,
    logError: () => undefined,
    maxUploadBytes: LIMIT,
  });
});
afterAll(async () => {
  await server.close();
  t.cleanup();
});

const url = (path: string) => `http://127.0.0.1:${server.port}${path}`;
const upload = (body: BodyInit, headers: Record<string, string> = {}) =>
  fetch(url('/api/upload'), { method: 'POST', headers: { 'Content-Type': 'application/octet-stream', Authorization: `Bearer ${server.token}`, ...headers }, body });
const call = async (method: string, params: unknown) =>
  (await fetch(url(`/api/${method}`), { method: 'POST', headers: { 'Content-Type': 'application/json', Authorization: `Bearer ${server.token}` }, body: JSON.stringify(params) })).json();
const filesNow = () => (existsSync(uploadFolder()) ? readdirSync(uploadFolder()).sort() : []);

/** Raw bytes to the server over one connection, and what it answered (empty when it closed without an answer). */
function rawExchange(head: string, body: Buffer | string): Promise<string> {
  return new Promise((resolve, reject) => {
    const socket = connect(server.port, '127.0.0.1');
    let answer = '';
    socket.on('data', (d) => (answer += d));
    socket.on('close', () => resolve(answer));
    socket.on('error', (error) => ((error as NodeJS.ErrnoException).code === 'ECONNRESET' ? resolve(answer) : reject(error)));
    socket.write(head);
    socket.write(body);
  });
}
const head = (extra: string) => `POST /api/upload HTTP/1.1\r\nHost: 127.0.0.1:${server.port}\r\nAuthorization: Bearer ${server.token}\r\nContent-Type: application/octet-stream\r\n${extra}\r\n`;

describe('POST /api/upload', () => {
  it('streams the body into a private file and answers its id; the call that names it reads it by its own name, then removes it', async () => {
    const rows = Array.from({ length: 50 }, (_, i) => ({ prompt: `p${i}`, chosen: `a${i}`, rejected: `b${i}` }));
    const sent = await upload(new Blob([jsonl(rows)]), { 'X-Rung-File-Name': encodeURIComponent('prefs ü.jsonl') });
    expect(sent.status).toBe(200);
    const { uploadId } = (await sent.json()).value;
    expect(uploadId).toMatch(/^[0-9a-f]{32}$/);
    const file = join(uploadFolder(), uploadId);
    expect(readFileSync(file, 'utf8')).toBe(jsonl(rows));
    if (process.platform !== 'win32') {
      expect(statSync(file).mode & 0o777).toBe(0o600);
      expect(statSync(uploadFolder()).mode & 0o777).toBe(0o700);
    }
    const source = { kind: 'upload', uploadId, name: 'prefs.jsonl' };
    expect(await call('importDataset', { source })).toMatchObject({ ok: true, value: { comparisonsAdded: 50, name: 'prefs' } });
    expect(existsSync(file)).toBe(false);
    expect(filesNow().filter((name) => name.startsWith(uploadId))).toEqual([]);
    // used up: the same id again, and one never sent, are refused by the upload's name, never a path
    const again = await call('importDataset', { source });
    expect(again).toEqual({ ok: false, error: { code: 'NOT_FOUND', message: `prefs.jsonl: no upload ${uploadId} here: it was used already, or not used within 10 minutes, or sent to another server; send the file again` } });
    expect(again.error.message).not.toContain(uploadFolder());
    expect(await call('importScores', { source: { kind: 'upload', uploadId: '0'.repeat(32), name: 'lab.jsonl' }, name: 'lab' })).toMatchObject({ ok: false, error: { code: 'NOT_FOUND', message: expect.stringMatching(/^lab\.jsonl: no upload 0{32} here/) } });
  });

  it("names the user's file, not the upload's, in a refusal of its content", async () => {
    const { uploadId } = (await (await upload('{"prompt": 1}\n')).json()).value;
    const refused = await call('importDataset', { source: { kind: 'upload', uploadId, name: 'bad.jsonl' } });
    expect(refused).toMatchObject({ ok: false, error: { code: 'BAD_INPUT', message: expect.stringMatching(/^bad\.jsonl:1: /) } });
    expect(refused.error.message).not.toContain(uploadId);
    expect(filesNow().filter((name) => name.startsWith(uploadId))).toEqual([]);
  });

  it('has the guards of /api/*: the token (401), a POST (405), raw bytes (415); a path stays refused over HTTP', async () => {
    const before = filesNow();
    expect((await fetch(url('/api/upload'), { method: 'POST', headers: { 'Content-Type': 'application/octet-stream' }, body: 'x' })).status).toBe(401);
    expect((await upload('x', { Authorization: 'Bearer wrong' })).status).toBe(401);
    expect((await fetch(url('/api/upload'), { headers: { Authorization: `Bearer ${server.token}` } })).status).toBe(405);
    const json = await upload('{}', { 'Content-Type': 'application/json' });
    expect(json.status).toBe(415);
    expect(await json.json()).toEqual({ ok: false, error: { code: 'INVALID_PARAMS', message: "an upload's body must be application/octet-stream" } });
    expect(filesNow()).toEqual(before);
    expect(await call('importDataset', { source: { kind: 'path', path: join(uploadFolder(), 'x') } })).toMatchObject({ ok: false, error: { code: 'FORBIDDEN' } });
  });

  it('refuses a body over the limit from its Content-Length before reading any of it', async () => {
    const before = filesNow();
    const answer = await rawExchange(head(`Content-Length: ${LIMIT + 1}\r\n`), '');
    expect(answer).toMatch(/^HTTP\/1\.1 413 /);
    expect(answer).toContain(`the upload: over ${LIMIT.toLocaleString('en-US')} bytes, too large to upload`);
    expect(filesNow()).toEqual(before);
  });

  it('refuses a chunked body once it passes the limit while streaming, and keeps nothing of it', async () => {
    const before = filesNow();
    const chunk = Buffer.alloc(16 * 1024, 0x61);
    const chunks = Array.from({ length: 6 }, () => `${chunk.length.toString(16)}\r\n${chunk.toString()}\r\n`).join('');
    const answer = await rawExchange(head(`Transfer-Encoding: chunked\r\nX-Rung-File-Name: big.jsonl\r\n`), `${chunks}0\r\n\r\n`);
    expect(answer).toMatch(/^HTTP\/1\.1 413 /);
    expect(answer).toContain(`big.jsonl: over ${LIMIT.toLocaleString('en-US')} bytes`);
    await vi.waitFor(() => expect(filesNow()).toEqual(before));
  });

  it('leaves no file of an upload whose client went away before its end', async () => {
    const before = filesNow();
    const socket = connect(server.port, '127.0.0.1');
    await new Promise<void>((resolve) => socket.once('connect', () => resolve()));
    socket.write(head('Content-Length: 4096\r\n'));
    socket.write(Buffer.alloc(1024, 0x62));
    await vi.waitFor(() => expect(filesNow().some((name) => name.endsWith('.part'))).toBe(true));
    socket.destroy();
    await vi.waitFor(() => expect(filesNow()).toEqual(before));
  });
});

describe('the upload folder over time', () => {
  const request = (bytes: string) => Object.assign(Readable.from([Buffer.from(bytes)]), { complete: true }) as unknown as IncomingMessage;

  it('removes an upload left unused past its lifetime, and every upload of its own when it closes', async () => {
    let now = 1_000_000;
    const uploads = new Uploads(UPLOAD_LIFETIME_MS, () => now);
    const stale = await uploads.receive(request('old'), 1024);
    now += UPLOAD_LIFETIME_MS / 2;
    const fresh = await uploads.receive(request('new'), 1024);
    now += UPLOAD_LIFETIME_MS / 2;
    uploads.sweep();
    expect(existsSync(join(uploadFolder(), stale))).toBe(false);
    expect(readFileSync(join(uploadFolder(), fresh), 'utf8')).toBe('new');
    uploads.close();
    expect(existsSync(join(uploadFolder(), fresh))).toBe(false);
  });

  it("removes at start the folders that ended processes left behind (killed), not a running one's", () => {
    const ended = spawnSync(process.execPath, ['-e', '']).pid!;
    const left = uploadFolder(ended);
    mkdirSync(left, { recursive: true });
    writeFileSync(join(left, 'a'.repeat(32)), 'left behind');
    const uploads = new Uploads();
    try {
      expect(existsSync(left)).toBe(false);
      expect(existsSync(uploadFolder())).toBe(true);
    } finally {
      uploads.close();
    }
  });
});
