// Identifiers: random UUIDs for things people create, content-derived UUIDs for imported things,
// so the same prompt, response or comparison gets the same id on every workstation and databases merge.
import { hash, randomUUID } from 'node:crypto';
import { engine } from './engine/addon';

export const newId = (): string => randomUUID();

/** What a content id hashes: the parts joined by NUL, so ("ab","c") and ("a","bc") differ. */
export const contentKey = (...parts: string[]): string => parts.join('\u0000');

/** SHA-256 (hex) of the parts' content key. */
export function sha256Hex(...parts: string[]): string {
  return hash('sha256', contentKey(...parts), 'hex');
}

const VARIANT = '89ab';

/** A UUID (version 8, "custom") whose bits come from a SHA-256 content hash in hex. */
export function uuidFromHash(hex: string): string {
  const variant = VARIANT[parseInt(hex[16], 16) & 0x3];
  return `${hex.slice(0, 8)}-${hex.slice(8, 12)}-8${hex.slice(13, 16)}-${variant}${hex.slice(17, 20)}-${hex.slice(20, 32)}`;
}

/** The UUID for content: `uuidFromHash(sha256Hex(...parts))`. */
export const contentId = (...parts: string[]): string => uuidFromHash(sha256Hex(...parts));

type NativeContentIds = (keys: string, lengths: Uint32Array) => string;
let nativeContentIds: NativeContentIds | null | undefined;

/** The engine's batch hasher, or null where the addon is not built (or predates it): the ids are the same. */
function nativeHasher(): NativeContentIds | null {
  if (nativeContentIds === undefined) {
    try {
      const native = engine();
      nativeContentIds = typeof native.contentIds === 'function' ? native.contentIds.bind(native) : null;
    } catch {
      nativeContentIds = null;
    }
  }
  return nativeContentIds;
}

/** Characters of keys per native call: the keys cross as one string, so a batch of long texts is cut into calls of
 *  at most this much (a key longer than that goes alone), far below V8's longest string. */
const NATIVE_CALL_CHARS = 1 << 23;

/** The content id of each key (a `contentKey(...parts)`), the same as contentId(...parts): a few keys per call to
 *  the native engine when it is loaded (an import hashes ~3 keys per record; one call per key costs 3× more). */
export function contentIdsOf(keys: readonly string[], maxCallChars = NATIVE_CALL_CHARS): string[] {
  const native = nativeHasher();
  if (!native) return keys.map((key) => uuidFromHash(hash('sha256', key, 'hex')));
  const ids = new Array<string>(keys.length);
  for (let start = 0; start < keys.length; ) {
    let end = start + 1;
    let chars = keys[start].length;
    while (end < keys.length && chars + keys[end].length <= maxCallChars) chars += keys[end++].length;
    const lengths = new Uint32Array(end - start);
    for (let i = start; i < end; i++) lengths[i - start] = keys[i].length;
    const joined = native(keys.slice(start, end).join(''), lengths);
    for (let i = start; i < end; i++) ids[i] = joined.slice(36 * (i - start), 36 * (i - start) + 36);
    start = end;
  }
  return ids;
}

export const nowIso = (): string => new Date().toISOString();
