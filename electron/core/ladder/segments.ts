// Decomposition of a response into segments (char offsets into its text) for assisted evaluation: the data's
// own segments where they can be found in the text, else an automatic split (paragraphs, list items, steps, code).

export interface Span {
  start: number;
  end: number;
}

export interface Segmentation {
  source: 'data' | 'auto';
  spans: Span[];
}

/**
 * The data's segments located in order in the text (each searched from the end of the previous one, its
 * surrounding whitespace ignored); null when one of them is not in the text or none is given.
 */
export function locateSegments(text: string, given: readonly string[]): Span[] | null {
  const spans: Span[] = [];
  let cursor = 0;
  for (const segment of given) {
    const needle = segment.trim();
    if (!needle) continue;
    const at = text.indexOf(needle, cursor);
    if (at < 0) return null;
    spans.push({ start: at, end: at + needle.length });
    cursor = at + needle.length;
  }
  return spans.length > 0 ? spans : null;
}

const FENCE = /^ {0,3}(`{3,}|~{3,})/;
/** A line that starts a segment of its own: a bullet or numbered list item, "Step n:", a heading. */
const ITEM = /^\s{0,3}(?:[-*+]\s+\S|\d{1,3}[.)]\s+\S|step\s+\d+\s*[:.)-]|#{1,6}\s)/i;

/**
 * Automatic split: blank lines end paragraphs; each list item, "Step n:" line and heading starts a segment
 * (indented continuation lines stay with it); a fenced code block is kept whole as one segment.
 */
export function autoSegments(text: string): Span[] {
  const spans: Span[] = [];
  let open: Span | null = null;
  let fence: string | null = null;
  const close = () => {
    if (open) spans.push(trimSpan(text, open));
    open = null;
  };
  let pos = 0;
  while (pos < text.length) {
    const newline = text.indexOf('\n', pos);
    const lineEnd = newline < 0 ? text.length : newline;
    const line = text.slice(pos, lineEnd);
    const next = newline < 0 ? text.length : newline + 1;
    if (fence !== null) {
      open!.end = lineEnd;
      if (line.trim().startsWith(fence) && line.trim().replace(/[`~]/g, '') === '') {
        fence = null;
        close();
      }
    } else if (line.trim() === '') {
      close();
    } else if (FENCE.test(line)) {
      close();
      const marker = FENCE.exec(line)![1];
      fence = marker[0].repeat(marker.length);
      open = { start: pos, end: lineEnd };
    } else if (ITEM.test(line) || (open === null)) {
      close();
      open = { start: pos, end: lineEnd };
    } else {
      open!.end = lineEnd;
    }
    pos = next;
  }
  close();
  return spans.filter((s) => s.end > s.start);
}

function trimSpan(text: string, span: Span): Span {
  let { start, end } = span;
  while (start < end && /\s/.test(text[start])) start++;
  while (end > start && /\s/.test(text[end - 1])) end--;
  return { start, end };
}

/** The segments of a response and where they came from: the data's (when all are found in the text), else automatic. */
export function segmentResponse(text: string, given?: readonly string[] | null): Segmentation {
  const located = given && given.length > 0 ? locateSegments(text, given) : null;
  return located ? { source: 'data', spans: located } : { source: 'auto', spans: autoSegments(text) };
}

/** At most `max` segments: consecutive ones merged into even groups (a very long response stays scoreable and storable). */
export function capSegments(spans: Span[], max: number): Span[] {
  if (spans.length <= max) return spans;
  const per = Math.ceil(spans.length / max);
  const out: Span[] = [];
  for (let i = 0; i < spans.length; i += per) out.push({ start: spans[i].start, end: spans[Math.min(spans.length, i + per) - 1].end });
  return out;
}

/** The segments of a response as char offsets: `text.slice(start, end)` is each segment's text. */
export function splitSegments(text: string, given?: string[] | null): Span[] {
  return segmentResponse(text, given).spans;
}
