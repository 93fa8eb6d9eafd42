// The Compare page's word diff: of the text a reader sees (Markdown and math rendered), each side's own words in one neutral mark.
// @vitest-environment jsdom
import { describe, expect, it } from 'vitest';
import { renderedText } from '../../renderer/src/lib/rendered-text';
import { cachedWordDiff, wordDiff } from '../../renderer/src/pages/compare/diff';

describe('rendered text', () => {
  it('reads Markdown as rendered: no emphasis marks, headings and list items on lines of their own, numbers kept', () => {
    expect(renderedText('## Result\n\nThe answer is **42**, _not_ `41`.\n\n- one\n- two\n\n3. three\n4. four')).toBe(
      'Result\nThe answer is 42, not 41.\n• one\n• two\n3. three\n4. four',
    );
  });

  it('reads math as typeset, in reading order, not its TeX source', () => {
    expect(renderedText('Area $A = \\pi r^2$ here.')).toBe('Area A=πr2 here.');
    expect(renderedText('Half: $\\frac{1}{2}$')).toBe('Half: 12'); // numerator first (KaTeX's HTML has the denominator first)
    expect(renderedText('$$\n\\sqrt{x}\n$$')).toBe('x');
  });

  it('keeps code as written, separates table cells, and shows raw HTML as the text it is', () => {
    expect(renderedText('```python\ndef f(x):\n    return x\n```')).toBe('def f(x):\n    return x');
    expect(renderedText('| r | A |\n|---|---|\n| 1 | 3.14 |')).toBe('r\tA\n1\t3.14');
    expect(renderedText('<b>bold</b> & co')).toBe('<b>bold</b> & co');
  });
});

describe('word diff', () => {
  it('marks the words only one side has, the same neutral mark on both sides, escaping HTML', () => {
    const d = wordDiff('the cat sat <b>', 'the dog sat <b>');
    expect(d.left).toBe('the <mark class="diff-only">cat</mark> sat &#60;b&#62;');
    expect(d.right).toBe('the <mark class="diff-only">dog</mark> sat &#60;b&#62;');
    expect([d.leftOnly, d.rightOnly]).toEqual([1, 1]);
    expect(wordDiff('same', 'same')).toEqual({ left: 'same', right: 'same', leftOnly: 0, rightOnly: 0 });
  });

  it('diffs the rendered responses, not their Markdown source', () => {
    const d = cachedWordDiff('test:rendered', 'The area is **$\\pi r^2$**, *exactly*.', 'The area is **$2 \\pi r$**, exactly.');
    for (const side of [d.left, d.right]) {
      expect(side).not.toMatch(/[*$\\]/);
      expect(side.startsWith('The area is ')).toBe(true);
    }
    // Emphasis alone is no difference a reader sees as words: "exactly" is common to both.
    expect(d.left).toMatch(/, exactly\.$/);
    expect(d.right).toMatch(/, exactly\.$/);
    expect(d.left).toContain('<mark class="diff-only">');
    expect(d.right).toContain('<mark class="diff-only">');
  });
});
