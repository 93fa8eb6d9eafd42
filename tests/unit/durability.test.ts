// Once submitJudgment returns, the judgment survives the process being killed: a writer process is
// killed with SIGKILL mid-stream and every judgment it acknowledged must be in the database. The same for verdicts
// acknowledged from the verdict journal while another writer held the lock: the store takes them in when next served.
import { spawn } from 'node:child_process';
import { join, resolve } from 'node:path';
import { describe, expect, it } from 'vitest';
import { importDataset } from '../../electron/core/datasets/import';
import { createVerdictIntake } from '../../electron/core/app/verdict-intake';
import { createHumanEvaluator } from '../../electron/core/db/evaluators';
import { openStore } from '../../electron/core/store';
import { jsonl, tempStore } from '../helpers/store';

const root = resolve(__dirname, '..', '..');

/** Runs a writer child (tests/helpers/<script>) and kills it with SIGKILL once it has printed `count` acknowledged ids. */
async function acknowledgedUntilKilled(script: string, args: string[], count: number): Promise<string[]> {
  // A plain Node child cannot load TypeScript; jiti compiles the writer on the fly.
  const child = spawn(process.execPath, [join(root, 'node_modules', 'jiti', 'lib', 'jiti-cli.mjs'), join(root, 'tests', 'helpers', script), ...args], {
    cwd: root,
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  let stderr = '';
  child.stderr.on('data', (d) => (stderr += d));
  const acknowledged: string[] = [];
  let partial = '';
  await new Promise<void>((done, fail) => {
    child.on('exit', () => (acknowledged.length >= count ? done() : fail(new Error(`writer exited early: ${stderr}`))));
    child.stdout.on('data', (d: Buffer) => {
      const lines = (partial + d.toString()).split('\n');
      partial = lines.pop()!;
      acknowledged.push(...lines);
      if (acknowledged.length >= count && !child.killed) child.kill('SIGKILL');
    });
  });
  return acknowledged;
}

describe('durability', () => {
  it('keeps every acknowledged judgment when the writer is killed with SIGKILL', async () => {
    const t = tempStore();
    await importDataset(t.store, { path: t.file('d.jsonl', jsonl([{ prompt: 'p', chosen: 'x', rejected: 'y' }])) });
    const comparisonId = (t.store.db.prepare('SELECT id FROM comparisons').get() as { id: string }).id;
    const evaluatorId = createHumanEvaluator(t.store.db, 'writer', []).id;
    t.store.close();
    const dbPath = join(t.dir, 'rung.db');

    const acknowledged = await acknowledgedUntilKilled('judgment-writer.ts', [dbPath, comparisonId, evaluatorId], 200);
    expect(acknowledged.length).toBeGreaterThanOrEqual(200);

    const store = openStore(dbPath);
    try {
      const stored = new Set((store.db.prepare('SELECT id FROM judgments').all() as { id: string }[]).map((r) => r.id));
      const lost = acknowledged.filter((id) => !stored.has(id));
      expect(lost).toEqual([]);
    } finally {
      store.close();
      t.cleanup();
    }
  });

  it('keeps every verdict acknowledged from the journal when the writer is killed with SIGKILL', async () => {
    const t = tempStore();
    const records = Array.from({ length: 400 }, (_, i) => ({ prompt: `p${i}`, chosen: `x${i}`, rejected: `y${i}` }));
    await importDataset(t.store, { path: t.file('d.jsonl', jsonl(records)) });
    const evaluatorId = createHumanEvaluator(t.store.db, 'writer', []).id;
    t.store.close();
    const dbPath = join(t.dir, 'rung.db');

    const acknowledged = await acknowledgedUntilKilled('journaled-judgment-writer.ts', [dbPath, evaluatorId], 150);
    expect(acknowledged.length).toBeGreaterThanOrEqual(150);

    const store = openStore(dbPath);
    try {
      const storedIds = () => new Set(store.db.prepare(`SELECT id FROM judgments WHERE origin = 'ui'`).pluck().all() as string[]);
      expect(storedIds().size).toBe(0); // the lock was held throughout: all of them were in the journal only
      await createVerdictIntake(store).stored(); // the store served again takes them in
      const stored = storedIds();
      expect(acknowledged.filter((id) => !stored.has(id))).toEqual([]);
    } finally {
      store.close();
      t.cleanup();
    }
  });
});
