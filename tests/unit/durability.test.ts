// Once submitJudgment returns, the judgment survives the process being killed: a writer process is
// killed with SIGKILL mid-stream and every judgment it acknowledged must be in the database. The same for verdicts
// acknowledged from the verdict journal while another writer held the lock: the store takes them in when next served.
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { importDataset } from '../../electron/core/datasets/import';
import { createVerdictIntake } from '../../electron/core/app/verdict-intake';
import { createHumanEvaluator } from '../../electron/core/db/evaluators';
import { openStore } from '../../electron/core/store';
import { runKilledOnCue } from '../helpers/killed-child';
import { jsonl, tempStore } from '../helpers/store';

/** Runs a writer child (tests/helpers/<script>) and kills it with SIGKILL once it has printed `count` acknowledged ids. */
async function acknowledgedUntilKilled(script: string, args: string[], count: number): Promise<string[]> {
  const { stdout, stderr } = await runKilledOnCue(script, args, (out) => (out.split('\n').length - 1 >= count ? 0 : null));
  const acknowledged = stdout.split('\n').slice(0, -1); // the last line may be cut off
  if (acknowledged.length < count) throw new Error(`writer exited early: ${stderr}`);
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
