// `rung` reaches the application only through the contract: the same bad option gets the same refusal from the CLI
// (naming the option, exit 2) as from the contract method over HTTP; and electron/cli imports nothing from
// electron/core but what opening the store and building the handlers need.
import { readdirSync, readFileSync, rmSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { projectRoot, rung } from '../helpers/cli';
import { startServer, type RungServer } from '../helpers/serve';
import { tempDir } from '../helpers/store';

let dir: string;
let db: string;
let server: RungServer;
beforeAll(async () => {
  dir = tempDir();
  db = join(dir, 'rung.db');
  server = await startServer({ dbPath: db });
});
afterAll(async () => {
  await server.stop();
  rmSync(dir, { recursive: true, force: true });
});

/** The one issue of an INVALID_PARAMS refusal over HTTP. */
async function httpIssue(method: string, params: unknown): Promise<{ path: string; message: string }> {
  const body = await server.call(method, params);
  expect(body.ok).toBe(false);
  expect(body.error?.code).toBe('INVALID_PARAMS');
  const issues = (body.error as { issues?: { path: string; message: string }[] }).issues ?? [];
  expect(issues).toHaveLength(1);
  expect(body.error?.message).toBe(`${method}: ${issues[0].path}: ${issues[0].message}`);
  return issues[0];
}

describe('rung and the contract', () => {
  it('refuses a holdout of 1 (or 1.5) the same way as trainModel and startTraining over HTTP', async () => {
    const run = await server.value('createRun', { name: 'R', layers: [{ name: 'all', rule: { kind: 'field', layer: 0 } }] });
    for (const holdout of ['1', '1.5']) {
      const overHttp = await httpIssue('trainModel', { holdout: Number(holdout) });
      expect(overHttp).toEqual({ path: 'holdout', message: `must be a number from 0 to below 1, got "${holdout}"` });
      expect(await httpIssue('startTraining', { runId: run.id, layer: 0, holdout: Number(holdout) })).toEqual(overHttp);
      const cli = rung(['train', '--db', db, '--holdout', holdout]);
      expect(cli).toMatchObject({ code: 2, stderr: `rung train: --${overHttp.path} ${overHttp.message}\n` });
    }
    // One rule: what the API accepts, the CLI accepts (0.95 goes on to training, which finds nothing to learn from).
    expect(rung(['train', '--db', db, '--holdout', '0.95'])).toMatchObject({ code: 1, stderr: 'rung train: training needs at least 2 comparisons with human judgments, found 0\n' });
    expect((await server.call('trainModel', { holdout: 0.95 })).error).toEqual({ code: 'CONFLICT', message: 'training needs at least 2 comparisons with human judgments, found 0' });
  });

  it('refuses an audit share of 2 the same way as routeLayer over HTTP', async () => {
    const run = await server.value('createRun', { name: 'Routed', layers: [{ name: 'all', rule: { kind: 'field', layer: 0 } }] });
    const overHttp = await httpIssue('routeLayer', { runId: run.id, layer: 0, auditShare: 2 });
    expect(overHttp).toEqual({ path: 'auditShare', message: 'must be a number from 0 to 1, got "2"' });
    expect(rung(['route', '--db', db, '--run', 'Routed', '--layer', '0', '--audit', '2'])).toMatchObject({ code: 2, stderr: `rung route: --audit ${overHttp.message}\n` });
  });

  it('imports nothing from electron/core but the store, its path, the handlers and the domain host (serve)', () => {
    const allowed = new Set(['../core/service', '../core/store', '../core/paths', '../core/host/domain-host']);
    const cliDir = join(projectRoot, 'electron', 'cli');
    const files = readdirSync(cliDir).filter((f) => f.endsWith('.ts'));
    expect(files.length).toBeGreaterThan(3);
    const found: string[] = [];
    for (const file of files) {
      const source = readFileSync(join(cliDir, file), 'utf8');
      for (const m of source.matchAll(/\b(?:import|export)\s[^;]*?\bfrom\s+['"]([^'"]+)['"]|\bimport\s*\(\s*['"]([^'"]+)['"]\s*\)|\brequire\s*\(\s*['"]([^'"]+)['"]\s*\)/g)) {
        const target = m[1] ?? m[2] ?? m[3];
        if (/(^|\/)core(\/|$)/.test(target)) found.push(`${file}: ${target}`);
      }
      expect(source, `${file} prepares SQL`).not.toMatch(/\.prepare\(|\bSELECT\b|\bINSERT\b|\bUPDATE\s+\w+\s+SET\b/);
    }
    expect(found.filter((f) => !allowed.has(f.split(': ')[1]))).toEqual([]);
    // The scan does see core imports (here, the allowed ones).
    expect(found.length).toBeGreaterThan(0);
  });
});
