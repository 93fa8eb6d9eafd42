// A virtual list's geometry, shared by the Flags table and the record browser: a fixed row height (from the root
// font size), the scroller's measured view, the range of rows in view (plus a few), and the selected row kept in view.
import { useEffect, useLayoutEffect, useRef, useState, type RefObject, type UIEvent } from 'react';
import { scrollToRow, visibleRange } from './virtual-rows';

function rootRowHeight(): number {
  const rem = parseFloat(getComputedStyle(document.documentElement).fontSize) || 16;
  return Math.round(rem * 2.25);
}

export interface VirtualRows {
  scroller: RefObject<HTMLDivElement | null>;
  rowHeight: number;
  /** The scroller's height in px. */
  viewHeight: number;
  /** Rows [start, end) are in the DOM. */
  start: number;
  end: number;
  onScroll: (event: UIEvent<HTMLDivElement>) => void;
}

export function useVirtualRows(total: number, selected: number): VirtualRows {
  const scroller = useRef<HTMLDivElement>(null);
  const [rowHeight] = useState(rootRowHeight);
  const [view, setView] = useState({ top: 0, height: 400 });
  const { start, end } = visibleRange(view.top, view.height, rowHeight, total);

  useLayoutEffect(() => {
    const el = scroller.current;
    if (!el) return;
    const measure = () => setView({ top: el.scrollTop, height: el.clientHeight });
    measure();
    const observer = new ResizeObserver(measure);
    observer.observe(el);
    return () => observer.disconnect();
  }, []);

  // Keep the selected row in view when it moves with the keyboard.
  useEffect(() => {
    const el = scroller.current;
    if (!el || selected < 0) return;
    const next = scrollToRow(selected, el.scrollTop, el.clientHeight, rowHeight);
    if (next !== el.scrollTop) el.scrollTop = next;
  }, [selected, rowHeight]);

  const onScroll = (event: UIEvent<HTMLDivElement>) => setView({ top: event.currentTarget.scrollTop, height: event.currentTarget.clientHeight });
  return { scroller, rowHeight, viewHeight: view.height, start, end, onScroll };
}
