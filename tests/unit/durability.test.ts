// Once submitJudgment returns, the judgment survives the process being killed: a writer process is
// killed with SIGKILL mid-stream and every judgment it acknowledged must be in the database.
import { spawn } from 'node:child_process';
import { join, resolve } from 'node:path';
import { describe, expect, it } from 'vitest';
import { importDataset } from '../../electron/core/datasets/import';
import { createHumanEvaluator } from '../../electron/core/db/evaluators';
import { openStore } from '../../electron/core/store';
import { jsonl, tempStore } from '../helpers/store';

const root = resolve(__dirname, '..', '..');

describe('durability', () => {
  it('keeps every acknowledged judgment when the writer is killed with SIGKILL', async () => {
    const t = tempStore();
    await importDataset(t.store, { path: t.file('d.jsonl', jsonl([{ prompt: 'p', chosen: 'x', rejected: 'y' }])) });
    const comparisonId = (t.store.db.prepare('SELECT id FROM comparisons').get() as { id: string }).id;
    const evaluatorId = createHumanEvaluator(t.store.db, 'writer', []).id;
    t.store.close();
    const dbPath = join(t.dir, 'rung.db');

    // A plain Node child cannot load TypeScript; jiti compiles the writer on the fly.
    const child = spawn(process.execPath, [join(root, 'node_modules', 'jiti', 'lib', 'jiti-cli.mjs'), join(root, 'tests', 'helpers', 'judgment-writer.ts'), dbPath, comparisonId, evaluatorId], {
      cwd: root,
      stdio: ['ignore', 'pipe', 'pipe'],
    });
    let stderr = '';
    child.stderr.on('data', (d) => (stderr += d));
    const acknowledged: string[] = [];
    let partial = '';
    await new Promise<void>((done, fail) => {
      child.on('exit', () => (acknowledged.length >= 200 ? done() : fail(new Error(`writer exited early: ${stderr}`))));
      child.stdout.on('data', (d: Buffer) => {
        const lines = (partial + d.toString()).split('\n');
        partial = lines.pop()!;
        acknowledged.push(...lines);
        if (acknowledged.length >= 200 && !child.killed) child.kill('SIGKILL');
      });
    });
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
});
