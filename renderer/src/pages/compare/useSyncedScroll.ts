// Synced scrolling of the two response panes: scrolling one moves the other to the same share of its length. The
// panes are found in the page by their test ids and are replaced with each comparison, so the listeners follow them.
import { useEffect, type RefObject } from 'react';

/** Where a pane stands, 0 (top) to 1 (bottom); 0 for a pane that does not scroll. */
const shareOf = (pane: HTMLElement): number => {
  const range = pane.scrollHeight - pane.clientHeight;
  return range > 0 ? pane.scrollTop / range : 0;
};

export function useSyncedScroll(enabled: boolean, root: RefObject<HTMLElement | null>, paneKey: string): void {
  useEffect(() => {
    const left = root.current?.querySelector<HTMLElement>('[data-testid="compare-left"]');
    const right = root.current?.querySelector<HTMLElement>('[data-testid="compare-right"]');
    if (!enabled || !left || !right) return;
    // The pane moved by the other one's scroll: its own scroll event is the echo, not a person scrolling.
    let echoOf: HTMLElement | null = null;
    const follow = (from: HTMLElement, to: HTMLElement) => () => {
      if (echoOf === from) {
        echoOf = null;
        return;
      }
      const top = Math.round(shareOf(from) * (to.scrollHeight - to.clientHeight));
      if (top === Math.round(to.scrollTop)) return;
      echoOf = to;
      to.scrollTop = top;
    };
    const onLeft = follow(left, right);
    const onRight = follow(right, left);
    left.addEventListener('scroll', onLeft, { passive: true });
    right.addEventListener('scroll', onRight, { passive: true });
    return () => {
      left.removeEventListener('scroll', onLeft);
      right.removeEventListener('scroll', onRight);
    };
  }, [enabled, root, paneKey]);
}
