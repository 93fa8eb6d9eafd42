// The pure geometry of a virtual list with a fixed row height (unit-tested in tests/unit/flags-ui.test.ts): the rows
// in view, the scroll that brings a row into view, and where a navigation key moves the selection.

/** Rows the virtual table must render for a scroll position (plus `overscan` rows either side). */
export function visibleRange(scrollTop: number, viewportHeight: number, rowHeight: number, total: number, overscan = 8): { start: number; end: number } {
  if (total <= 0 || rowHeight <= 0) return { start: 0, end: 0 };
  const first = Math.floor(Math.max(0, scrollTop) / rowHeight);
  const count = Math.ceil(Math.max(0, viewportHeight) / rowHeight) + 1;
  const start = Math.max(0, Math.min(total - 1, first) - overscan);
  const end = Math.min(total, first + count + overscan);
  return { start, end: Math.max(start, end) };
}

/** The scrollTop that brings row `index` fully into view (unchanged when it already is). */
export function scrollToRow(index: number, scrollTop: number, viewportHeight: number, rowHeight: number): number {
  const top = index * rowHeight;
  const bottom = top + rowHeight;
  if (top < scrollTop) return top;
  if (bottom > scrollTop + viewportHeight) return Math.max(0, bottom - viewportHeight);
  return scrollTop;
}

/** Where the selection goes for a navigation key; null for keys the table does not handle. */
export function moveSelection(key: string, selected: number, total: number, pageRows: number): number | null {
  if (total <= 0) return null;
  const clamp = (n: number) => Math.max(0, Math.min(total - 1, n));
  const from = selected < 0 ? -1 : selected;
  switch (key) {
    case 'ArrowDown':
      return clamp(from + 1);
    case 'ArrowUp':
      return clamp(from < 0 ? 0 : from - 1);
    case 'PageDown':
      return clamp(from + Math.max(1, pageRows));
    case 'PageUp':
      return clamp(from - Math.max(1, pageRows));
    case 'Home':
      return 0;
    case 'End':
      return total - 1;
    default:
      return null;
  }
}
