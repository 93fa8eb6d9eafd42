// `npm start` and `npm run serve` hand their signals to Rung: stopping npm (SIGTERM or SIGINT sent to npm alone, as a
// process manager or an IDE does) stops the server too, and leaves no orphan serving the database (#18).
import { spawn } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync, symlinkSync, writeFileSync } from 'node:fs';
import { connect } from 'node:net';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';

const root = resolve(__dirname, '..', '..');
const scripts = (JSON.parse(readFileSync(join(root, 'package.json'), 'utf8')) as { scripts: Record<string, string> }).scripts;
const builtCli = join(root, 'out', 'node', 'cli.js');

let dir: string;
afterEach(() => {
  if (dir) rmSync(dir, { recursive: true, force: true });
});

/** True while something accepts connections on the port. */
const listening = (port: number) =>
  new Promise<boolean>((done) => {
    const socket = connect(port, '127.0.0.1');
    socket.once('connect', () => (socket.destroy(), done(true)));
    socket.once('error', () => done(false));
  });

async function until(condition: () => Promise<boolean>, what: string, ms = 30_000): Promise<void> {
  const end = Date.now() + ms;
  while (!(await condition())) {
    if (Date.now() > end) throw new Error(`timed out waiting for ${what}`);
    await new Promise((r) => setTimeout(r, 100));
  }
}

describe('npm scripts and signals', () => {
  it('start and serve run the server in place of the shell npm starts (exec), so signals reach it', () => {
    expect(scripts.start).toMatch(/&& exec node out\/node\/cli\.js start$/);
    expect(scripts.serve).toMatch(/&& exec node out\/node\/cli\.js serve$/);
  });

  for (const signal of ['SIGTERM', 'SIGINT'] as const) {
    it(`stops the server when npm alone gets ${signal}`, async () => {
      expect(readFileSync(builtCli, 'utf8').length).toBeGreaterThan(0); // built by `npm test`'s build step
      // A package whose `serve` is ours, with the build step already done (the built app is linked in).
      dir = mkdtempSync(join(tmpdir(), 'rung-npm-signal-'));
      writeFileSync(join(dir, 'package.json'), JSON.stringify({ name: 'rung-signal-probe', private: true, scripts: { build: 'true', serve: scripts.serve } }));
      symlinkSync(join(root, 'out'), join(dir, 'out'));
      const npm = spawn('npm', ['run', '--silent', 'serve', '--', '--port', '0', '--db', join(dir, 'rung.db')], {
        cwd: dir,
        stdio: ['ignore', 'pipe', 'pipe'],
        env: { ...process.env, npm_config_update_notifier: 'false' },
      });
      let output = '';
      npm.stdout.on('data', (chunk: Buffer) => (output += chunk.toString()));
      npm.stderr.on('data', (chunk: Buffer) => (output += chunk.toString()));
      const exited = new Promise<number | null>((done) => npm.once('exit', (code) => done(code)));
      await until(async () => /Open http:\/\/127\.0\.0\.1:(\d+)\//.test(output), `the server's address in: ${output}`);
      const port = Number(/Open http:\/\/127\.0\.0\.1:(\d+)\//.exec(output)![1]);
      expect(await listening(port)).toBe(true);
      // A tab without the token is told which command printed the address.
      const refused = await fetch(`http://127.0.0.1:${port}/api/getStats`, { method: 'POST', headers: { 'Content-Type': 'application/json' }, body: '{}' });
      expect(((await refused.json()) as { error: { message: string } }).error.message).toContain('open the address that `npm run serve` printed');

      npm.kill(signal);
      await exited;
      await until(async () => !(await listening(port)), `port ${port} to close after npm stopped (an orphaned server would keep it)`, 15_000);
    }, 60_000);
  }
});
