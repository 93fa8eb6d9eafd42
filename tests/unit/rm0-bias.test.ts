// The bias a simulation plants in RM0's seed labels: which items it can touch, which side it leans to, and that it
// decides the share it is given (one draw per seed and comparison, the same for every evaluator).
import { describe, expect, it } from 'vitest';
import { biasedSeedLabel, biasSide, type BiasItem } from '../../electron/core/ladder/rm0-bias';

const item = (over: Partial<BiasItem> = {}): BiasItem => ({ textA: 'short', textB: 'a longer answer', groundTruth: 'A', wrong: { side: 'B', stepText: '$6 \\times 7 = 43$' }, ...over });

describe('RM0 bias', () => {
  it('length leans to the longer response; step-blind to the side whose multiplication slip it cannot see; none to nothing', () => {
    expect(biasSide('length', item())).toBe('B');
    expect(biasSide('length', item({ textA: 'the longest answer of all' }))).toBe('A');
    expect(biasSide('length', item({ textA: 'same', textB: 'size' }))).toBeNull();
    expect(biasSide('step-blind', item())).toBe('B');
    expect(biasSide('step-blind', item({ wrong: { side: 'A', stepText: '$12 + 30 = 43$' } }))).toBeNull(); // a slip in a sum is seen
    expect(biasSide('step-blind', item({ wrong: null, groundTruth: 'tie' }))).toBeNull();
    expect(biasSide('none', item())).toBeNull();
  });

  it('decides the share it is given, the same way for the same seed and comparison', () => {
    const n = 4000;
    for (const share of [0, 0.3, 1]) {
      const decided = Array.from({ length: n }, (_, i) => biasedSeedLabel({ kind: 'length', share }, 1, `c${i}`, item())).filter((l) => l !== null);
      expect(decided.every((l) => l === 'B')).toBe(true);
      expect(Math.abs(decided.length / n - share)).toBeLessThan(4 * Math.sqrt((share * (1 - share)) / n) + 1e-9);
    }
    const labels = (seed: number) => Array.from({ length: 200 }, (_, i) => biasedSeedLabel({ kind: 'length', share: 0.5 }, seed, `c${i}`, item()));
    expect(labels(1)).toEqual(labels(1));
    expect(labels(2)).not.toEqual(labels(1));
    // Step-blind sees no slip on either side: where it decides, a coin flip.
    const flips = Array.from({ length: n }, (_, i) => biasedSeedLabel({ kind: 'step-blind', share: 1 }, 1, `c${i}`, item()));
    expect(flips.every((l) => l === 'A' || l === 'B')).toBe(true);
    expect(Math.abs(flips.filter((l) => l === 'B').length / n - 0.5)).toBeLessThan(4 * Math.sqrt(0.25 / n));
    // Where it cannot touch the item, the evaluators' own verdicts stand.
    expect(biasedSeedLabel({ kind: 'step-blind', share: 1 }, 1, 'c', item({ wrong: null, groundTruth: 'tie' }))).toBeNull();
    expect(biasedSeedLabel({ kind: 'none', share: 1 }, 1, 'c', item())).toBeNull();
  });
});
