// Whether a scrolling box holds more than it shows below its fold: the prompt says "more below" until it is read.
import { useEffect, useState, type RefObject } from 'react';

export function useMoreBelow(box: RefObject<HTMLElement | null>, contentKey: string): boolean {
  const [more, setMore] = useState(false);
  useEffect(() => {
    const element = box.current;
    if (!element) return setMore(false);
    const measure = () => setMore(element.scrollTop + element.clientHeight < element.scrollHeight - 2);
    measure();
    element.addEventListener('scroll', measure, { passive: true });
    const resized = new ResizeObserver(measure);
    resized.observe(element);
    return () => {
      element.removeEventListener('scroll', measure);
      resized.disconnect();
    };
  }, [box, contentKey]);
  return more;
}
