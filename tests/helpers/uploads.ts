// Test helper: a browser's upload as POST /api/upload leaves it (a file in this process's upload folder), named by the
// source a call takes ({ kind: 'upload', uploadId, name }); the call that uses it removes it. DOM tests answer the page's uploads so.
import { randomBytes } from 'node:crypto';
import { rmSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { UPLOAD_NAME_HEADER, UPLOAD_PATH } from '../../electron/api/upload';
import { afterAll } from 'vitest';
import { ensureUploadFolder, uploadFolder } from '../../electron/core/uploads';

// After a test file, its process's upload folder goes, with any upload a test left unused (a server would, at its close).
afterAll(() => rmSync(uploadFolder(), { recursive: true, force: true }));

export function sentUpload(bytes: Buffer | string, name: string) {
  const uploadId = randomBytes(16).toString('hex');
  writeFileSync(join(ensureUploadFolder(), uploadId), bytes, { mode: 0o600 });
  return { kind: 'upload' as const, uploadId, name };
}

/** In a DOM test (jsdom, no server): the page's POST /api/upload answered as the server would, its file left in this
 *  process's upload folder for the call that names it; every other request goes to the fetch there was. */
export function answerPageUploads(): void {
  const otherwise = globalThis.fetch;
  globalThis.fetch = async (input, init) => {
    if (input !== UPLOAD_PATH) return otherwise(input, init);
    const bytes = Buffer.from(await (init?.body as Blob).arrayBuffer());
    const name = decodeURIComponent((init?.headers as Record<string, string>)[UPLOAD_NAME_HEADER]);
    return new Response(JSON.stringify({ ok: true, value: { uploadId: sentUpload(bytes, name).uploadId } }), { status: 200, headers: { 'Content-Type': 'application/json' } });
  };
}
