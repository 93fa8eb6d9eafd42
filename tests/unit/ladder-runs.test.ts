// Runs and layers: each entry rule selects the comparisons it should, counts are per layer, bad rules and
// duplicate names are refused, and the demo ladder splits the demo dataset into its three layers.
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { importDataset } from '../../electron/core/datasets/import';
import { loadDemo } from '../../electron/core/demo';
import { DEMO_COUNTS } from '../../electron/core/demo/generate';
import type { LayerRule } from '../../electron/core/db/layer-rules';
import { runComparisonIds } from '../../electron/core/db/runs';
import { createDemoRun, createRun, listRuns } from '../../electron/core/ladder/runs';
import { useService } from '../helpers/api';
import { jsonl, tempStore, type TempStore } from '../helpers/store';

let t: TempStore;
beforeEach(() => {
  t = tempStore();
});
afterEach(() => t.cleanup());

const rows = [
  { id: 1, prompt: 'p1', response_a: 'short', response_b: 'tiny', layer: 0, metadata: { difficulty: 'easy' } },
  { id: 2, prompt: 'p2', response_a: 'a much longer answer here', response_b: 'also rather long text', layer: 1, metadata: { difficulty: 'hard' }, segments: { a: ['a', 'b', 'c'], b: ['d'] } },
  { id: 3, prompt: 'p3', response_a: 'x', response_b: 'y', metadata: { difficulty: 'medium' }, judgments: [{ evaluator: 'ann', choice: 'A' }, { evaluator: 'bob', choice: 'skip' }] },
];

describe('runs and layers', () => {
  it('selects comparisons by field, length, segments, metadata and dataset', async () => {
    const summary = await importDataset(t.store, { path: t.file('r.jsonl', jsonl(rows)) });
    let runs = 0;
    const membersOf = (rule: LayerRule) => runComparisonIds(t.store.db, createRun(t.store.db, `rule ${++runs}`, '', [{ name: 'only', rule }], 'test').id, 0);
    const prompts = (rule: LayerRule) =>
      membersOf(rule).map((id) => (t.store.db.prepare('SELECT p.text FROM comparisons c JOIN prompts p ON p.id = c.prompt_id WHERE c.id = ?').get(id) as { text: string }).text);
    expect(prompts({ kind: 'field', layer: 1 })).toEqual(['p2']);
    expect(prompts({ kind: 'length', maxChars: 10 })).toEqual(['p1', 'p3']);
    expect(prompts({ kind: 'length', minChars: 20 })).toEqual(['p2']);
    expect(prompts({ kind: 'segments', min: 3 })).toEqual(['p2']);
    expect(prompts({ kind: 'segments', max: 0 })).toEqual(['p1', 'p3']);
    expect(prompts({ kind: 'metadata', key: 'difficulty', values: ['easy', 'medium'] })).toEqual(['p1', 'p3']);
    expect(prompts({ kind: 'datasets', datasetIds: [summary.datasetId] })).toEqual(['p1', 'p2', 'p3']);
    expect(prompts({ kind: 'datasets', datasetIds: [] })).toEqual([]);
    expect(() => prompts({ kind: 'metadata', key: "x') OR 1=1 --", values: [1] })).toThrow(/plain identifier/);
  });

  it('creates a run with per-layer counts, and refuses a duplicate name', async () => {
    await importDataset(t.store, { path: t.file('r.jsonl', jsonl(rows)) });
    const run = createRun(t.store.db, 'Lab', '', [
      { name: 'easy', rule: { kind: 'metadata', key: 'difficulty', values: ['easy', 'medium'] } },
      { name: 'hard', rule: { kind: 'metadata', key: 'difficulty', values: ['hard'] } },
    ], 'test');
    expect(run.layers.map((l) => [l.index, l.name, l.comparisons, l.humanLabels])).toEqual([
      [0, 'easy', 2, 1],
      [1, 'hard', 1, 0],
    ]);
    expect(() => createRun(t.store.db, 'Lab', '', [{ name: 'x', rule: { kind: 'field', layer: 0 } }], 'test')).toThrow(/already exists/);
    expect(() => createRun(t.store.db, 'Empty', '', [], 'test')).toThrow(/at least one layer/);
    expect(listRuns(t.store.db).map((r) => r.name)).toEqual(['Lab']);
  });

  it('the demo ladder has the demo dataset in three layers, created once', async () => {
    await loadDemo(t.store);
    const run = createDemoRun(t.store.db, 'test');
    expect(run.layers.map((l) => l.comparisons)).toEqual([DEMO_COUNTS[0], DEMO_COUNTS[1], DEMO_COUNTS[2]]);
    expect(createDemoRun(t.store.db, 'test').id).toBe(run.id);
  });
});

describe('runs through the contract', () => {
  const s = useService();

  it('creates, lists and validates runs; the demo ladder after loading the demo', async () => {
    await s.value('loadDemo');
    const demo = await s.value('createDemoRun');
    expect(demo.layers.map((l: { comparisons: number; description: string }) => [l.comparisons, l.description])).toEqual([
      [DEMO_COUNTS[0], 'layer field = 0'],
      [DEMO_COUNTS[1], 'layer field = 1'],
      [DEMO_COUNTS[2], 'layer field = 2'],
    ]);
    const run = await s.value('createRun', { name: 'Short vs long', layers: [{ name: 'short', rule: { kind: 'length', maxChars: 400 } }, { name: 'long', rule: { kind: 'length', minChars: 401 } }] });
    expect(run.layers[0].comparisons + run.layers[1].comparisons).toBe(DEMO_COUNTS[0] + DEMO_COUNTS[1] + DEMO_COUNTS[2]);
    expect((await s.value('listRuns')).map((r: { name: string }) => r.name)).toEqual(['Demo ladder', 'Short vs long']);
    const bad = await s.call('createRun', { name: 'x', layers: [{ name: 'l', rule: { kind: 'metadata', key: 'a b', values: [1] } }] });
    expect(bad).toMatchObject({ ok: false, error: { code: 'INVALID_PARAMS', message: expect.stringMatching(/plain identifier/) } });
    expect(await s.call('createRun', { name: 'x', layers: [] })).toMatchObject({ ok: false, error: { code: 'INVALID_PARAMS' } });
    expect(await s.call('createRun', { name: 'Short vs long', layers: [{ name: 'l', rule: { kind: 'field', layer: 0 } }] })).toMatchObject({ ok: false, error: { code: 'CONFLICT' } });
  });
});
