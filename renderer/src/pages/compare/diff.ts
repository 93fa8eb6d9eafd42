// Word-level diff of the two responses for the diff toggle: each side's text, HTML-escaped, with the words
// only it has wrapped in <mark>. Uses the `diff` package (Myers' algorithm over words and whitespace).
import { diffWordsWithSpace } from 'diff';

const escapeHtml = (text: string): string => text.replace(/[&<>"']/g, (ch) => `&#${ch.charCodeAt(0)};`);

export interface DiffHtml {
  left: string;
  right: string;
  /** Words only on the left, only on the right (to tell the evaluator how much differs). */
  removed: number;
  added: number;
}

const countWords = (text: string) => (text.match(/\S+/g) ?? []).length;

export function wordDiff(left: string, right: string): DiffHtml {
  const parts = diffWordsWithSpace(left, right);
  let l = '';
  let r = '';
  let removed = 0;
  let added = 0;
  for (const part of parts) {
    const html = escapeHtml(part.value);
    if (part.added) {
      r += `<mark class="diff-only diff-right">${html}</mark>`;
      added += countWords(part.value);
    } else if (part.removed) {
      l += `<mark class="diff-only diff-left">${html}</mark>`;
      removed += countWords(part.value);
    } else {
      l += html;
      r += html;
    }
  }
  return { left: l, right: r, removed, added };
}

const cache = new Map<string, DiffHtml>();

/** wordDiff with a small cache keyed by the pair (the toggle flips back and forth on one comparison). */
export function cachedWordDiff(key: string, left: string, right: string): DiffHtml {
  let hit = cache.get(key);
  if (!hit) {
    hit = wordDiff(left, right);
    if (cache.size > 50) cache.delete(cache.keys().next().value!);
    cache.set(key, hit);
  }
  return hit;
}
