// Training data from judgments: the consensus rule, and splits/folds that never put one prompt on both sides.
import { describe, expect, it } from 'vitest';
import { foldsByPrompt, splitByPrompt } from '../../electron/core/engine/pair-table';
import { consensusTarget } from '../../electron/core/ladder/consensus';
import { pairMetrics } from '../../electron/core/engine/metrics';

describe('consensus and splits', () => {
  it('takes the majority of A/B verdicts; ties by majority or a level A/B give 0.5', () => {
    expect(consensusTarget(2, 0, 1)).toBe(1);
    expect(consensusTarget(0, 2, 1)).toBe(0);
    expect(consensusTarget(1, 0, 1)).toBe(1);
    expect(consensusTarget(1, 1, 1)).toBe(0.5);
    expect(consensusTarget(1, 0, 2)).toBe(0.5);
    expect(consensusTarget(3, 3, 0)).toBe(0.5);
  });

  it('holds out whole prompts, about the asked share of comparisons, and folds by prompt', () => {
    const group = Uint32Array.from({ length: 1000 }, (_, i) => i % 37);
    const { train, test } = splitByPrompt(group, 0.2, 5);
    expect(train.length + test.length).toBe(1000);
    expect(test.length / 1000).toBeGreaterThanOrEqual(0.2);
    expect(test.length / 1000).toBeLessThan(0.25);
    const testGroups = new Set(Array.from(test, (i) => group[i]));
    for (const i of train) expect(testGroups.has(group[i])).toBe(false);
    const folds = foldsByPrompt(group, 5, 6);
    for (let i = 0; i < group.length; i++) expect(folds[i]).toBe(folds[group[i]]);
    expect(new Set(folds).size).toBe(5);
  });

  it('splits and folds half a million comparisons, one prompt each (a TRL import of that size)', () => {
    const group = Uint32Array.from({ length: 500_000 }, (_, i) => i);
    const { train, test } = splitByPrompt(group, 0.2, 5);
    expect(train.length + test.length).toBe(500_000);
    expect(test.length).toBe(100_000);
    const folds = foldsByPrompt(group, 5, 6);
    expect(Array.from({ length: 5 }, (_, k) => folds.filter((f) => f === k).length)).toEqual([100_000, 100_000, 100_000, 100_000, 100_000]);
  });

  it('computes accuracy without ties, log loss with them, ECE and the length baseline', () => {
    const m = pairMetrics([0.9, 0.2, 0.6, 0.5], [1, 0, 0, 0.5], [10, 5, 3, 1], [5, 10, 4, 1]);
    expect(m.decided).toBe(3);
    expect(m.accuracy).toBeCloseTo(2 / 3);
    expect(m.lengthBaselineAccuracy).toBeCloseTo(1);
    expect(m.logLoss).toBeCloseTo(-(Math.log(0.9) + Math.log(0.8) + Math.log(0.4) + Math.log(0.5)) / 4);
    expect(m.ece).toBeCloseTo((Math.abs(0.9 - 1) + Math.abs(0.2 - 0) + Math.abs(0.6 - 0)) / 3);
  });
});

describe('training data from the database', () => {
  it('orders comparisons and judgments by id, however the rows were written, so training is the same on every workstation', async () => {
    const { loadComparisons } = await import('../../electron/core/ladder/training-data');
    const { importDataset } = await import('../../electron/core/datasets/import');
    const { tempStore, jsonl } = await import('../helpers/store');
    const rows = Array.from({ length: 40 }, (_, i) => ({ prompt: `p${i % 7}`, response_a: `a${i}`, response_b: `b${i}`, judgments: [{ evaluator: 'e0', choice: 'A' }, { evaluator: 'e1', choice: 'B' }] }));
    const tables = [];
    for (const order of [rows, [...rows].reverse()]) {
      const t = tempStore();
      try {
        await importDataset(t.store, { path: t.file('d.jsonl', jsonl(order)) });
        tables.push(loadComparisons(t.store.db, { judgedOnly: true }));
      } finally {
        t.cleanup();
      }
    }
    const [forward, backward] = tables;
    expect(forward.comparisonIds).toEqual([...forward.comparisonIds].sort());
    expect(forward.judgmentIds).toEqual([...forward.judgmentIds].sort());
    expect(backward.comparisonIds).toEqual(forward.comparisonIds);
    expect(backward.judgmentIds).toEqual(forward.judgmentIds);
    expect(backward.responseIds).toEqual(forward.responseIds);
    expect(Array.from(backward.a)).toEqual(Array.from(forward.a));
    expect(Array.from(backward.b)).toEqual(Array.from(forward.b));
    expect(backward.prompts).toEqual(forward.prompts);
    expect(Array.from(backward.group)).toEqual(Array.from(forward.group));
    expect(Array.from(backward.promptIndex)).toEqual(Array.from(forward.promptIndex));
    // prompts (shared by several comparisons, held once) and responses numbered as they first appear in id order
    expect(forward.prompts).toHaveLength(7);
    expect([...new Set(forward.group)]).toEqual([0, 1, 2, 3, 4, 5, 6]);
    const firstSeen = [...new Set(Array.from(forward.a).flatMap((a, k) => [a, forward.b[k]]))];
    expect(firstSeen).toEqual(forward.responses.map((_, i) => i));
    // and each comparison's texts are its own: response a<n> and b<n> to prompt p<n mod 7>
    forward.comparisonIds.forEach((_, k) => {
      const n = Number(forward.responses[forward.a[k]].slice(1));
      expect(forward.responses[forward.b[k]]).toBe(`b${n}`);
      expect(forward.prompts[forward.group[k]]).toBe(`p${n % 7}`);
      expect(forward.prompts[forward.promptIndex[forward.a[k]]]).toBe(`p${n % 7}`);
    });
  });

  it('leaves out retracted, excluded and position-check judgments, and lists the judgments it used', async () => {
    const { loadComparisons } = await import('../../electron/core/ladder/training-data');
    const { importDataset } = await import('../../electron/core/datasets/import');
    const { tempStore, jsonl } = await import('../helpers/store');
    const t = tempStore();
    try {
      const row = (p: string, votes: string[]) => ({ prompt: p, response_a: `${p} a`, response_b: `${p} b`, judgments: votes.map((choice, i) => ({ evaluator: `e${i}`, choice })) });
      await importDataset(t.store, { path: t.file('d.jsonl', jsonl([row('p1', ['A', 'A', 'B']), row('p2', ['B'])])) });
      const db = t.store.db;
      const judgment = (prompt: string, evaluator: string) =>
        (db.prepare(`SELECT j.id FROM judgments j JOIN comparisons c ON c.id = j.comparison_id JOIN prompts p ON p.id = c.prompt_id JOIN evaluators e ON e.id = j.evaluator_id WHERE p.text = ? AND e.name = ?`).get(prompt, evaluator) as { id: string }).id;
      const targetOf = (table: ReturnType<typeof loadComparisons>, prompt: string) => table.target[table.comparisonIds.findIndex((_, i) => table.prompts[table.group[i]] === prompt)];
      expect(targetOf(loadComparisons(db, { judgedOnly: true }), 'p1')).toBe(1);
      // Exclude one A and retract the other: B wins p1.
      db.prepare('UPDATE judgments SET excluded_at = ? WHERE id = ?').run('t', judgment('p1', 'e0'));
      db.prepare('UPDATE judgments SET retracted_at = ? WHERE id = ?').run('t', judgment('p1', 'e1'));
      // A position-check repeat by e0 on p2 saying A does not count as a second vote.
      const p2 = db.prepare(`SELECT comparison_id AS c, evaluator_id AS e FROM judgments WHERE id = ?`).get(judgment('p2', 'e0')) as { c: string; e: string };
      db.prepare(`INSERT INTO judgments (id, comparison_id, evaluator_id, choice, origin, created_at, repeat_of) VALUES ('00000000-0000-4000-8000-000000000001', ?, ?, 'A', 'ui', 't', ?)`).run(p2.c, p2.e, judgment('p2', 'e0'));
      const table = loadComparisons(db, { judgedOnly: true });
      expect(targetOf(table, 'p1')).toBe(0);
      expect(targetOf(table, 'p2')).toBe(0);
      expect(table.judgmentIds.sort()).toEqual([judgment('p1', 'e2'), judgment('p2', 'e0')].sort());
    } finally {
      t.cleanup();
    }
  });
});
