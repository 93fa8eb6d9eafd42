// The segment marks an export writes: each mark's text cut by the spans of the assistance shown, and what is left
// out when the stored values do not describe the marked segment.
import { describe, expect, it } from 'vitest';
import { marksWithText } from '../../electron/core/db/segment-marks';

const assistance = JSON.stringify({ mode: 'assisted', segments: { A: [{ start: 0, end: 5 }, { start: 6, end: 11 }], B: [{ start: 0, end: 3 }] } });
const row = (sub_judgments: string | null, shown: string | null = assistance) => ({ sub_judgments, assistance: shown, response_a: 'Hello world', response_b: 'Bye now' });

describe('segment marks in exports', () => {
  it("cuts each mark's text from its side by the spans shown, in the evaluator's order", () => {
    const marks = [{ side: 'A', segment: 1, verdict: 'wrong' }, { side: 'B', segment: 0, verdict: 'correct' }, { side: 'A', segment: 0, verdict: 'unsure' }];
    expect(marksWithText(row(JSON.stringify(marks)))).toEqual([
      { side: 'A', segment: 1, verdict: 'wrong', text: 'world' },
      { side: 'B', segment: 0, verdict: 'correct', text: 'Bye' },
      { side: 'A', segment: 0, verdict: 'unsure', text: 'Hello' },
    ]);
  });

  it('has no marks without sub-judgments, and drops malformed entries', () => {
    expect(marksWithText(row(null))).toEqual([]);
    expect(marksWithText(row('not json'))).toEqual([]);
    expect(marksWithText(row(JSON.stringify([{ side: 'C', segment: 0, verdict: 'wrong' }, { side: 'A', segment: -1, verdict: 'wrong' }])))).toEqual([]);
  });

  it('keeps a mark whose segment the stored assistance does not describe, with no text', () => {
    const mark = JSON.stringify([{ side: 'B', segment: 4, verdict: 'wrong' }]);
    expect(marksWithText(row(mark))).toEqual([{ side: 'B', segment: 4, verdict: 'wrong', text: null }]);
    expect(marksWithText(row(mark, null))).toEqual([{ side: 'B', segment: 4, verdict: 'wrong', text: null }]);
    expect(marksWithText(row(mark, '{broken'))).toEqual([{ side: 'B', segment: 4, verdict: 'wrong', text: null }]);
    const outOfText = JSON.stringify({ segments: { A: [], B: [{ start: 2, end: 99 }] } });
    expect(marksWithText(row(JSON.stringify([{ side: 'B', segment: 0, verdict: 'wrong' }]), outOfText))[0].text).toBeNull();
  });
});
