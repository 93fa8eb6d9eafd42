// Decomposition of responses into segments: the data's segments located verbatim, the automatic split (paragraphs,
// list items, numbered and "Step n:" lines, fenced code kept whole), empty and one-segment texts, offsets slicing back.
import { describe, expect, it } from 'vitest';
import { autoSegments, capSegments, locateSegments, segmentResponse, splitSegments } from '../../electron/core/ladder/segments';
import { generateDemo } from '../../electron/core/demo/generate';

const texts = (text: string, spans: { start: number; end: number }[]) => spans.map((s) => text.slice(s.start, s.end));

describe('segments', () => {
  it('uses the data segments verbatim, found in order in the text', () => {
    const text = 'Intro line.\n\n1. x = 2\n2. y = x + 1 = 3\n\nThe answer is 3.';
    const given = ['1. x = 2', '2. y = x + 1 = 3', 'The answer is 3.'];
    const spans = splitSegments(text, given);
    expect(texts(text, spans)).toEqual(given);
    expect(spans[0].start).toBe(text.indexOf('1. x'));
    expect(segmentResponse(text, given).source).toBe('data');
  });

  it('finds a repeated data segment after the previous one, and ignores surrounding whitespace', () => {
    const text = 'a = 1\nb = 1\na = 1';
    const spans = splitSegments(text, ['a = 1', ' b = 1\n', 'a = 1']);
    expect(spans).toEqual([{ start: 0, end: 5 }, { start: 6, end: 11 }, { start: 12, end: 17 }]);
  });

  it('falls back to the automatic split when a data segment is not in the text', () => {
    const text = 'First paragraph.\n\nSecond paragraph.';
    expect(locateSegments(text, ['First paragraph.', 'not there'])).toBeNull();
    const result = segmentResponse(text, ['First paragraph.', 'not there']);
    expect(result.source).toBe('auto');
    expect(texts(text, result.spans)).toEqual(['First paragraph.', 'Second paragraph.']);
    expect(segmentResponse(text, []).source).toBe('auto');
    expect(segmentResponse(text, null).source).toBe('auto');
  });

  it('splits paragraphs, bullet and numbered lists, and Step n: lines', () => {
    const text = [
      'We start here.',
      'Still the same paragraph.',
      '',
      '- first bullet',
      '  continued',
      '* second bullet',
      '1. numbered one',
      '2) numbered two',
      'Step 3: multiply',
      'step 4. add',
      '',
      'Done.',
    ].join('\n');
    expect(texts(text, autoSegments(text))).toEqual([
      'We start here.\nStill the same paragraph.',
      '- first bullet\n  continued',
      '* second bullet',
      '1. numbered one',
      '2) numbered two',
      'Step 3: multiply',
      'step 4. add',
      'Done.',
    ]);
  });

  it('keeps a fenced code block whole, blank lines and list-like lines inside included', () => {
    const code = '```python\nx = 1\n\n- not a bullet\n1. not a step\n```';
    const text = `Check:\n${code}\nAfter the code.`;
    expect(texts(text, autoSegments(text))).toEqual(['Check:', code, 'After the code.']);
    const unclosed = 'Intro\n\n~~~\nrest of it\n\nmore';
    expect(texts(unclosed, autoSegments(unclosed))).toEqual(['Intro', '~~~\nrest of it\n\nmore']);
  });

  it('gives no segment for empty or blank text and one for a single paragraph', () => {
    expect(splitSegments('')).toEqual([]);
    expect(splitSegments('  \n\n \t')).toEqual([]);
    expect(splitSegments('  Just one sentence.  ')).toEqual([{ start: 2, end: 20 }]);
  });

  it('gives offsets that slice back to each segment on every demo response, with data or automatic segments', () => {
    const records = generateDemo().slice(0, 80);
    for (const r of records) {
      for (const [text, given] of [[r.response_a, r.segments.a], [r.response_b, r.segments.b]] as const) {
        const data = segmentResponse(text, given);
        expect(data.source).toBe('data');
        expect(texts(text, data.spans)).toEqual(given.map((g) => g.trim()));
        const auto = autoSegments(text);
        for (const s of auto) {
          expect(s.end).toBeGreaterThan(s.start);
          expect(text.slice(s.start, s.end)).toBe(text.slice(s.start, s.end).trim());
        }
        for (let i = 1; i < auto.length; i++) expect(auto[i].start).toBeGreaterThanOrEqual(auto[i - 1].end);
      }
    }
  });

  it('merges consecutive segments into even groups beyond a maximum, covering the same text', () => {
    const text = Array.from({ length: 1203 }, (_, i) => `Paragraph ${i}.`).join('\n\n');
    const spans = splitSegments(text);
    expect(spans).toHaveLength(1203);
    const capped = capSegments(spans, 500);
    expect(capped.length).toBeLessThanOrEqual(500);
    expect(capped[0].start).toBe(spans[0].start);
    expect(capped[capped.length - 1].end).toBe(spans[spans.length - 1].end);
    for (let i = 1; i < capped.length; i++) expect(capped[i].start).toBeGreaterThan(capped[i - 1].end);
    expect(capSegments(spans.slice(0, 3), 500)).toEqual(spans.slice(0, 3));
  });
});
