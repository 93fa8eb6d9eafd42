// Whether a key event's target is where the user types (an input, textarea, select or editable text): page-wide
// shortcuts leave such keys alone.
export function isTypingTarget(target: EventTarget | null): boolean {
  if (!(target instanceof HTMLElement)) return false;
  return target.isContentEditable || ['INPUT', 'TEXTAREA', 'SELECT'].includes(target.tagName);
}
