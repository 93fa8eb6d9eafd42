// The assistance's "weakest" segment: marked only when the ensemble clearly scores it below every other segment.
import { describe, expect, it } from 'vitest';
import { weakFlags } from '../../electron/core/ladder/weakest';

const seg = (reward: number, std: number) => ({ reward, std });

describe('weakest segment', () => {
  it('marks none when the lowest is within the ensemble spread of the others (−0.04 ± 0.08 against −0.02, −0.03)', () => {
    expect(weakFlags([seg(-0.02, 0.03), seg(-0.04, 0.08), seg(-0.03, 0.02)])).toEqual([false, false, false]);
  });

  it('marks the lowest when its range lies wholly below every other', () => {
    expect(weakFlags([seg(0.6, 0.05), seg(-0.5, 0.1), seg(0.4, 0.05)])).toEqual([false, true, false]);
    // Not when another segment's range reaches down to it, however far the other means are.
    expect(weakFlags([seg(0.6, 0.05), seg(-0.5, 0.1), seg(0.4, 0.85)])).toEqual([false, false, false]);
  });

  it('marks the lowest two of 6 or more when both are clear of the rest, else the lowest alone when it is', () => {
    const rest = [seg(1, 0.1), seg(1.2, 0.1), seg(0.9, 0.1), seg(1.1, 0.1)];
    expect(weakFlags([...rest, seg(-1, 0.1), seg(-0.8, 0.1)])).toEqual([false, false, false, false, true, true]);
    expect(weakFlags([...rest, seg(-1, 0.1), seg(0.85, 0.1)])).toEqual([false, false, false, false, true, false]);
    expect(weakFlags([...rest, seg(0.7, 0.1), seg(0.75, 0.1)])).toEqual([false, false, false, false, false, false]);
  });

  it('marks none of a single segment, of level scores, or of none', () => {
    expect(weakFlags([seg(-3, 0)])).toEqual([false]);
    expect(weakFlags([seg(0.2, 0), seg(0.2, 0)])).toEqual([false, false]);
    expect(weakFlags([])).toEqual([]);
  });
});
