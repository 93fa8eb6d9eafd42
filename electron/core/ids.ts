// Identifiers: random UUIDs for things people create, content-derived UUIDs for imported things,
// so the same prompt, response or comparison gets the same id on every workstation and databases merge.
import { hash, randomUUID } from 'node:crypto';

export const newId = (): string => randomUUID();

/** SHA-256 (hex) of the parts joined by NUL, so ("ab","c") and ("a","bc") differ. */
export function sha256Hex(...parts: string[]): string {
  return hash('sha256', parts.join('\u0000'), 'hex');
}

const VARIANT = '89ab';

/** A UUID (version 8, "custom") whose bits come from a SHA-256 content hash in hex. */
export function uuidFromHash(hex: string): string {
  const variant = VARIANT[parseInt(hex[16], 16) & 0x3];
  return `${hex.slice(0, 8)}-${hex.slice(8, 12)}-8${hex.slice(13, 16)}-${variant}${hex.slice(17, 20)}-${hex.slice(20, 32)}`;
}

/** The UUID for content: `uuidFromHash(sha256Hex(...parts))`. */
export const contentId = (...parts: string[]): string => uuidFromHash(sha256Hex(...parts));

export const nowIso = (): string => new Date().toISOString();
