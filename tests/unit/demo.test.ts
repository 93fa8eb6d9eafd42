// The built-in demo dataset: deterministic, three layers of growing length, one planted wrong step per
// non-tie pair carried through to a different answer, ground truth consistent, and loading it is idempotent.
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { loadDemo } from '../../electron/core/demo';
import { DEMO_COUNTS, generateDemo } from '../../electron/core/demo/generate';
import { countRows } from '../../electron/core/db/stats';
import { rung } from '../helpers/cli';
import { tempStore, type TempStore } from '../helpers/store';

describe('demo dataset', () => {
  const records = generateDemo();

  it('is the same every time and differs with another seed', () => {
    expect(generateDemo()).toEqual(records);
    expect(generateDemo(7)[0]).not.toEqual(records[0]);
  });

  it('never compares a response with itself, at any scale (a tie is two wordings of the right solution)', () => {
    for (const scale of [1, 4]) expect(generateDemo(undefined, scale).filter((r) => r.response_a === r.response_b)).toEqual([]);
  });

  it('has single-step, 3–4 step and 8+ step layers', () => {
    for (const layer of [0, 1, 2] as const) {
      const inLayer = records.filter((r) => r.layer === layer);
      expect(inLayer).toHaveLength(DEMO_COUNTS[layer]);
      for (const r of inLayer) {
        const steps = r.metadata.steps;
        if (layer === 0) expect(steps).toBe(1);
        if (layer === 1) expect(steps === 3 || steps === 4).toBe(true);
        if (layer === 2) expect(steps).toBeGreaterThanOrEqual(8);
        expect(r.segments.a).toHaveLength(steps + 1); // steps and the answer
      }
    }
  });

  it('plants exactly one wrong step on the losing side, carried through to the stated answer', () => {
    const ties = records.filter((r) => r.ground_truth === 'tie');
    expect(ties.length).toBeGreaterThan(0);
    for (const r of ties) {
      expect(r.metadata.wrong).toBeNull();
      expect(r.segments.a).toEqual(r.segments.b);
    }
    for (const r of records.filter((x) => x.ground_truth !== 'tie')) {
      const wrong = r.metadata.wrong!;
      expect(wrong.side).toBe(r.ground_truth === 'A' ? 'B' : 'A');
      const good = r.ground_truth === 'A' ? r.segments.a : r.segments.b;
      const bad = r.ground_truth === 'A' ? r.segments.b : r.segments.a;
      // Steps before the planted one agree; the planted step and the final answer differ.
      expect(bad.slice(0, wrong.step)).toEqual(good.slice(0, wrong.step));
      expect(bad[wrong.step]).not.toBe(good[wrong.step]);
      expect(bad[bad.length - 1]).not.toBe(good[good.length - 1]);
    }
    // Both sides win about equally often.
    const aWins = records.filter((r) => r.ground_truth === 'A').length;
    const bWins = records.filter((r) => r.ground_truth === 'B').length;
    expect(Math.abs(aWins - bWins)).toBeLessThan(records.length * 0.2);
  });

  it('the correct solution is arithmetically right', () => {
    for (const r of records.filter((x) => x.metadata.kind === 'addition' && x.ground_truth !== 'tie')) {
      const [, a, b] = /What is (\d+) \+ (\d+)\?/.exec(r.prompt)!;
      const good = r.ground_truth === 'A' ? r.response_a : r.response_b;
      expect(good).toContain(`= ${Number(a) + Number(b)}$`);
    }
  });

  describe('loading', () => {
    let t: TempStore;
    beforeEach(() => {
      t = tempStore();
    });
    afterEach(() => t.cleanup());

    it('loads into layers with ground truth, and a second load adds nothing', async () => {
      const first = await loadDemo(t.store);
      expect(first.comparisonsAdded).toBe(records.length);
      const layers = t.store.db.prepare('SELECT layer, count(*) AS n, count(ground_truth) AS truth FROM comparisons GROUP BY layer ORDER BY layer').all();
      expect(layers).toEqual([0, 1, 2].map((layer) => ({ layer, n: DEMO_COUNTS[layer as 0 | 1 | 2], truth: DEMO_COUNTS[layer as 0 | 1 | 2] })));
      const before = countRows(t.store.db);
      expect((await loadDemo(t.store)).alreadyImported).toBe(true);
      expect(countRows(t.store.db)).toEqual(before);
    });

    it('rung demo load works from the command line', () => {
      const db = `${t.dir}/cli.db`;
      const result = rung(['demo', 'load', '--db', db]);
      expect(result.code).toBe(0);
      expect(result.stdout).toMatch(/Loaded the demo dataset: 240 comparisons/);
      expect(rung(['demo', 'load', '--db', db]).stdout).toMatch(/already loaded/);
      expect(rung(['demo', 'unload', '--db', db]).code).toBe(2);
    });
  });
});
