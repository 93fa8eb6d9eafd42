// The Compare page's pure pieces for assisted evaluation: the new keys added to a keymap stored before they existed
// (never stealing a key the evaluator already uses), and a response cut into its segments and the text between them.
import { describe, expect, it } from 'vitest';
import { actionFor, defaultKeymap, parseKeymap } from '../../renderer/src/pages/compare/keymap';
import { pieces } from '../../renderer/src/pages/compare/SegmentedResponse';

describe('assisted compare: keys', () => {
  it('binds the segment and assistance keys by default, without clashing with the verdict keys', () => {
    expect(actionFor(defaultKeymap, 'j')).toBe('segmentNext');
    expect(actionFor(defaultKeymap, 'K')).toBe('segmentPrev');
    expect(actionFor(defaultKeymap, 'c')).toBe('segmentCorrect');
    expect(actionFor(defaultKeymap, 'f')).toBe('segmentWrong');
    expect(actionFor(defaultKeymap, 'u')).toBe('segmentUnsure');
    expect(actionFor(defaultKeymap, 'h')).toBe('assistance');
    const all = Object.values(defaultKeymap).flat();
    expect(new Set(all).size).toBe(all.length);
  });

  it('gives a keymap stored before these keys existed the defaults that are still free', () => {
    // An evaluator who had moved skip to J and undo to H.
    const stored = { left: ['1'], right: ['2'], tie: ['3'], skip: ['j'], slight: ['q'], clear: ['w'], strong: ['e'], rationale: ['r'], undo: ['h'], diff: ['d'], help: ['?'] };
    const keymap = parseKeymap(JSON.stringify(stored));
    expect(keymap.skip).toEqual(['j']);
    expect(keymap.segmentNext).toEqual([]);
    expect(keymap.assistance).toEqual([]);
    expect(keymap.segmentPrev).toEqual(['k']);
    expect(keymap.segmentWrong).toEqual(['f']);
    expect(actionFor(keymap, 'j')).toBe('skip');
    expect(actionFor(keymap, 'h')).toBe('undo');
  });
});

describe('assisted compare: segmented pane', () => {
  const seg = (start: number, end: number) => ({ start, end, reward: 0, std: 0, weak: false });
  it('cuts a response into its segments and the text between them, in order', () => {
    const text = 'Intro.\n\n1. one\n2. two\n\nTail.';
    const a = text.indexOf('1. one');
    const b = text.indexOf('2. two');
    expect(pieces(text, [seg(a, a + 6), seg(b, b + 6)])).toEqual([
      { kind: 'gap', text: 'Intro.\n\n' },
      { kind: 'segment', index: 0, text: '1. one' },
      { kind: 'segment', index: 1, text: '2. two' },
      { kind: 'gap', text: '\n\nTail.' },
    ]);
    expect(pieces('only', [seg(0, 4)])).toEqual([{ kind: 'segment', index: 0, text: 'only' }]);
    expect(pieces('plain', [])).toEqual([{ kind: 'gap', text: 'plain' }]);
  });
});
