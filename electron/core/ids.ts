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

/** The content id of each key (a `contentKey(...parts)`), the same as contentId(...parts): in one call to the
 *  native engine when it is loaded (an import hashes ~3 keys per record; one call per key costs 3× more). */
export function contentIdsOf(keys: readonly string[]): string[] {
  const native = nativeHasher();
  if (!native || keys.length === 0) return keys.map((key) => uuidFromHash(hash('sha256', key, 'hex')));
  const lengths = new Uint32Array(keys.length);
  for (let i = 0; i < keys.length; i++) lengths[i] = keys[i].length;
  const joined = native(keys.join(''), lengths);
  const ids = new Array<string>(keys.length);
  for (let i = 0; i < keys.length; i++) ids[i] = joined.slice(36 * i, 36 * i + 36);
  return ids;
}

export const nowIso = (): string => new Date().toISOString();
