// Refuses a call whose params hold a string that is not well-formed UTF-16 (a lone surrogate): it would be stored as
// invalid UTF-8 and come back changed. IPC and `rung` pass JavaScript strings, so dispatch checks every transport here.

/** The first ill-formed string in `params` (a value or a key), as `path: message`; null when all are well formed. */
export function illFormedString(params: unknown): string | null {
  const pending: [unknown, string][] = [[params, '']];
  while (pending.length > 0) {
    const [value, path] = pending.pop()!;
    if (typeof value === 'string') {
      const lone = loneSurrogate(value);
      if (lone) return `${path || '(params)'}: ${lone}`;
    } else if (Array.isArray(value)) {
      for (let i = value.length - 1; i >= 0; i--) pending.push([value[i], `${path}[${i}]`]);
    } else if (value !== null && typeof value === 'object') {
      const entries = Object.entries(value);
      for (let i = entries.length - 1; i >= 0; i--) {
        const [key, child] = entries[i];
        const lone = loneSurrogate(key);
        if (lone) return `${path || '(params)'} (a key): ${lone}`;
        pending.push([child, path ? `${path}.${key}` : key]);
      }
    }
  }
  return null;
}

/** A high surrogate not followed by a low one, or a low one not preceded by a high one (code units: no `u` flag). */
const LONE_SURROGATE = /[\ud800-\udbff](?![\udc00-\udfff])|(?<![\ud800-\udbff])[\udc00-\udfff]/;

/** What is wrong with `text`'s first lone surrogate, or null when it has none. */
function loneSurrogate(text: string): string | null {
  const found = LONE_SURROGATE.exec(text);
  return found ? `a lone UTF-16 surrogate (\\u${found[0].charCodeAt(0).toString(16)}) is not a character` : null;
}
