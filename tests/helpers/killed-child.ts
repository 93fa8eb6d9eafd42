// Test helper for the durability tests: runs a TypeScript file of tests/helpers in a child Node process (jiti compiles
// it on the fly) and kills it with SIGKILL once its output so far asks for it, after the delay the cue gives.
import { spawn } from 'node:child_process';
import { join } from 'node:path';
import { projectRoot } from './cli';

/** Runs tests/helpers/`script` with `args`; `cue(stdout)` returns the delay (ms) before SIGKILL, or null to wait on. */
export function runKilledOnCue(script: string, args: string[], cue: (stdout: string) => number | null): Promise<{ stdout: string; stderr: string }> {
  const child = spawn(process.execPath, [join(projectRoot, 'node_modules', 'jiti', 'lib', 'jiti-cli.mjs'), join(projectRoot, 'tests', 'helpers', script), ...args], {
    cwd: projectRoot,
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  let stdout = '';
  let stderr = '';
  let cued = false;
  child.stderr.on('data', (d) => (stderr += d));
  return new Promise((done) => {
    child.stdout.on('data', (d: Buffer) => {
      stdout += d.toString();
      const delay = cued ? null : cue(stdout);
      if (delay !== null) {
        cued = true;
        setTimeout(() => child.kill('SIGKILL'), delay);
      }
    });
    child.on('exit', () => done({ stdout, stderr }));
  });
}
