// Turns a picked file into base64 for importDataset uploads, in chunks (no giant argument spread),
// yielding to the browser between chunks so progress can be shown for large files.

/** Bytes per chunk; a multiple of 3, so the base64 of consecutive chunks concatenates without inner padding. */
const CHUNK = 3 * 0x2000;
/** Yield to the event loop after this many bytes. */
const YIELD_EVERY = 4 * 1024 * 1024;

/** Length of the base64 text for `bytes` bytes. */
export const base64Length = (bytes: number): number => 4 * Math.ceil(bytes / 3);

export function bytesToBase64(bytes: Uint8Array): string {
  const parts: string[] = [];
  for (let i = 0; i < bytes.length; i += CHUNK) parts.push(chunkToBase64(bytes.subarray(i, i + CHUNK)));
  return parts.join('');
}

function chunkToBase64(chunk: Uint8Array): string {
  return btoa(String.fromCharCode.apply(null, chunk as unknown as number[]));
}

export async function fileToBase64(file: Blob, onProgress?: (fraction: number) => void): Promise<string> {
  const bytes = new Uint8Array(await file.arrayBuffer());
  const parts: string[] = [];
  let sinceYield = 0;
  for (let i = 0; i < bytes.length; i += CHUNK) {
    parts.push(chunkToBase64(bytes.subarray(i, i + CHUNK)));
    sinceYield += CHUNK;
    if (sinceYield >= YIELD_EVERY) {
      sinceYield = 0;
      onProgress?.(i / bytes.length);
      await new Promise((resolve) => setTimeout(resolve, 0));
    }
  }
  onProgress?.(1);
  return parts.join('');
}
