// Runs the built `rung` CLI (out/node/cli.js) as a user's shell would, capturing output and exit code; and a small imported database for CLI tests.
import { spawnSync } from 'node:child_process';
import { existsSync, writeFileSync } from 'node:fs';
import { join, resolve } from 'node:path';

export const projectRoot = resolve(__dirname, '..', '..');
export const cliPath = join(projectRoot, 'out', 'node', 'cli.js');

export function assertBuilt(): void {
  if (!existsSync(cliPath)) throw new Error(`${cliPath} is missing: run \`npm run build\` first (npm test does)`);
}

export function rung(args: string[], env: NodeJS.ProcessEnv = {}, timeoutMs = 60_000): { code: number; stdout: string; stderr: string } {
  assertBuilt();
  const result = spawnSync(process.execPath, [cliPath, ...args], { encoding: 'utf8', env: { ...process.env, ...env }, timeout: timeoutMs });
  return { code: result.status ?? -1, stdout: result.stdout, stderr: result.stderr };
}

/** The CLI with a ten-minute limit: a simulation or an experiment trains many models. */
export const rungLong = (args: string[]) => rung(args, {}, 600_000);

/** A fresh database `dir`/rung.db holding the dataset "study" (file study.jsonl): 20 comparisons q0…q19, layer i % 2,
 *  imported with `rung import`; returns the database's path. */
export function importStudy(dir: string): string {
  const db = join(dir, 'rung.db');
  const path = join(dir, 'study.jsonl');
  writeFileSync(path, Array.from({ length: 20 }, (_, i) => `${JSON.stringify({ prompt: `q${i}`, response_a: `a${i}`, response_b: `b${i}`, layer: i % 2 })}\n`).join(''));
  const imported = rung(['import', path, '--db', db]);
  if (imported.code !== 0) throw new Error(`importStudy: ${imported.stderr}`);
  return db;
}
