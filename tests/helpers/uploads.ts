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

/** In a DOM test (jsdom, no server): the page's POST /api/upload (an XMLHttpRequest, for its progress) answered as the
 *  server would, its file left in this process's upload folder for the call that names it, its progress reported once
 *  whole; any other request is refused, as the page makes none but uploads that way. */
export function answerPageUploads(): void {
  class PageUpload {
    status = 0;
    responseText = '';
    upload: { onprogress: ((event: { lengthComputable: boolean; loaded: number; total: number }) => void) | null } = { onprogress: null };
    onload: (() => void) | null = null;
    onerror: (() => void) | null = null;
    private url = '';
    private headers: Record<string, string> = {};
    open(_method: string, url: string) {
      this.url = url;
    }
    setRequestHeader(name: string, value: string) {
      this.headers[name] = value;
    }
    send(body: Blob) {
      if (this.url !== UPLOAD_PATH) throw new Error(`answerPageUploads: unexpected request to ${this.url}`);
      void body.arrayBuffer().then((buffer) => {
        const bytes = Buffer.from(buffer);
        this.upload.onprogress?.({ lengthComputable: true, loaded: bytes.length, total: bytes.length });
        const name = decodeURIComponent(this.headers[UPLOAD_NAME_HEADER]);
        this.status = 200;
        this.responseText = JSON.stringify({ ok: true, value: { uploadId: sentUpload(bytes, name).uploadId } });
        this.onload?.();
      });
    }
  }
  (globalThis as { XMLHttpRequest: unknown }).XMLHttpRequest = PageUpload;
}
