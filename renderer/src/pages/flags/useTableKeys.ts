// The flags table's keys, page-wide: they work from page load, without focusing the grid first. Left alone: keys
// typed into a field (a filter, the dismissal reason), keys inside a dialog (the flag detail scrolls with the arrows
// and has its own Esc), Enter on a control it would press, and keys with a modifier.
import { useEffect, useRef } from 'react';
import { isTypingTarget } from '../../lib/typing-target';

/** Whether the table takes `key` pressed on `target`. */
export function tableTakesKey(key: string, target: EventTarget | null): boolean {
  if (isTypingTarget(target)) return false;
  if (!(target instanceof Element)) return true;
  if (target.closest('[role=dialog]')) return false;
  return key !== 'Enter' || !target.closest('button, a[href], summary, [role=button]');
}

/** Calls `onKey` for every key the table takes; when it answers true the key is the table's (default prevented). */
export function useTableKeys(onKey: (key: string) => boolean): void {
  const latest = useRef(onKey);
  latest.current = onKey;
  useEffect(() => {
    const listener = (event: KeyboardEvent) => {
      if (event.defaultPrevented || event.ctrlKey || event.metaKey || event.altKey || event.isComposing) return;
      if (tableTakesKey(event.key, event.target) && latest.current(event.key)) event.preventDefault();
    };
    window.addEventListener('keydown', listener);
    return () => window.removeEventListener('keydown', listener);
  }, []);
}
