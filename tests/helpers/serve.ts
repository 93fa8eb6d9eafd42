// Test helper: starts the built `rung serve` (out/node/cli.js) on a free port, reads the URL it prints, stops it.
// Used by the browser-mode end-to-end tests; requires `npm run build` first.
import { spawn, type ChildProcess } from 'node:child_process';
import { assertBuilt, cliPath, projectRoot } from './cli';
import { jsonl } from './store';

/** The line `rung serve` prints: http://127.0.0.1:PORT/?token=TOKEN */
const URL_PATTERN = /http:\/\/127\.0\.0\.1:\d+\/\?token=[^\s"'<>]+/;

export interface RungServer {
  /** The full URL as printed, token included. */
  url: string;
  /** http://127.0.0.1:PORT */
  origin: string;
  token: string;
  child: ChildProcess;
  /** Everything the server printed so far (stdout and stderr), for failure messages. */
  output(): string;
  /** One contract call over HTTP with the token; resolves to the result envelope. */
  call<T = any>(method: string, params?: unknown): Promise<{ ok: boolean; value?: T; error?: { code: string; message: string } }>;
  /** One contract call that must succeed: its value, else an error naming the method, code and message. */
  value<T = any>(method: string, params?: unknown): Promise<T>;
  /** Rows sent as an uploaded JSONL file (POST /api/upload): the source a call then names it by (used up by that call). */
  uploadRows(fileName: string, rows: unknown[]): Promise<{ kind: 'upload'; uploadId: string; name: string }>;
  stop(): Promise<void>;
}

export interface StartOptions {
  dbPath: string;
  /** Extra arguments after `serve --db PATH --port 0`. */
  args?: string[];
  env?: NodeJS.ProcessEnv;
  timeoutMs?: number;
}

export async function startServer({ dbPath, args = [], env, timeoutMs = 20_000 }: StartOptions): Promise<RungServer> {
  assertBuilt();
  const child = spawn(process.execPath, [cliPath, 'serve', '--db', dbPath, '--port', '0', ...args], {
    cwd: projectRoot,
    env: { ...process.env, ...env },
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  let output = '';
  child.stderr!.setEncoding('utf8').on('data', (chunk: string) => (output += chunk));

  const exited = new Promise<void>((resolve) => child.once('exit', () => resolve()));
  const stop = async (): Promise<void> => {
    if (child.exitCode !== null || child.signalCode !== null) return;
    child.kill('SIGTERM');
    const timer = setTimeout(() => child.kill('SIGKILL'), 5_000);
    await exited;
    clearTimeout(timer);
  };

  const url = await new Promise<string>((resolve, reject) => {
    let stdout = '';
    const fail = (why: string) => {
      clearTimeout(timer);
      void stop();
      reject(new Error(`rung serve ${why}. Output:\n${output || '(none)'}`));
    };
    const timer = setTimeout(() => fail(`printed no URL within ${timeoutMs / 1000} s`), timeoutMs);
    child.stdout!.setEncoding('utf8').on('data', (chunk: string) => {
      output += chunk;
      stdout += chunk;
      const match = URL_PATTERN.exec(stdout);
      if (match) {
        clearTimeout(timer);
        resolve(match[0]);
      }
    });
    child.once('error', (error) => fail(`could not start: ${error.message}`));
    child.once('exit', (code, signal) => fail(`exited before printing its URL (code ${code}, signal ${signal})`));
  });

  const parsed = new URL(url);
  const token = parsed.searchParams.get('token')!;
  const call: RungServer['call'] = async (method, params = {}) => {
    const response = await fetch(`${parsed.origin}/api/${method}`, {
      method: 'POST',
      headers: { 'Content-Type': 'application/json', Authorization: `Bearer ${token}` },
      body: JSON.stringify(params),
    });
    return response.json();
  };
  const value: RungServer['value'] = async (method, params = {}) => {
    const body = await call(method, params);
    if (!body.ok) throw new Error(`${method}: ${body.error?.code} ${body.error?.message}`);
    return body.value;
  };
  const uploadRows: RungServer['uploadRows'] = async (fileName, rows) => {
    const response = await fetch(`${parsed.origin}/api/upload`, {
      method: 'POST',
      headers: { 'Content-Type': 'application/octet-stream', Authorization: `Bearer ${token}` },
      body: jsonl(rows),
    });
    const body = await response.json();
    if (!body.ok) throw new Error(`upload of ${fileName}: ${body.error?.code} ${body.error?.message}`);
    return { kind: 'upload', uploadId: body.value.uploadId, name: fileName };
  };
  return { url, origin: parsed.origin, token, child, output: () => output, call, value, uploadRows, stop };
}
