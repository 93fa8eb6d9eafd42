// Word-level diff of the two responses for the diff toggle: of the text a reader sees (rendered Markdown and math, not
// its source), each side HTML-escaped with the words only it has wrapped in <mark> — the same neutral tint on both
// sides, since neither is the "old" one. Uses the `diff` package (Myers' algorithm over words and whitespace).
import { diffWordsWithSpace } from 'diff';
import { escapeHtml } from '../../lib/markdown';
import { renderedText } from '../../lib/rendered-text';

export interface DiffHtml {
  left: string;
  right: string;
  /** Words only on the left, only on the right (to tell the evaluator how much differs). */
  leftOnly: number;
  rightOnly: number;
}

const countWords = (text: string) => (text.match(/\S+/g) ?? []).length;

export function wordDiff(left: string, right: string): DiffHtml {
  const parts = diffWordsWithSpace(left, right);
  let l = '';
  let r = '';
  let leftOnly = 0;
  let rightOnly = 0;
  for (const part of parts) {
    const html = escapeHtml(part.value);
    if (part.added) {
      r += `<mark class="diff-only">${html}</mark>`;
      rightOnly += countWords(part.value);
    } else if (part.removed) {
      l += `<mark class="diff-only">${html}</mark>`;
      leftOnly += countWords(part.value);
    } else {
      l += html;
      r += html;
    }
  }
  return { left: l, right: r, leftOnly, rightOnly };
}

const cache = new Map<string, DiffHtml>();

/** wordDiff of two Markdown texts as rendered, with a small cache keyed by the pair (the toggle flips back and forth on one comparison). */
export function cachedWordDiff(key: string, leftMarkdown: string, rightMarkdown: string): DiffHtml {
  let hit = cache.get(key);
  if (!hit) {
    hit = wordDiff(renderedText(leftMarkdown), renderedText(rightMarkdown));
    if (cache.size > 50) cache.delete(cache.keys().next().value!);
    cache.set(key, hit);
  }
  return hit;
}
