// Browser mode's file upload from the page (renderer/src/lib/client.ts uploadFile): the file goes as the raw body of
// POST /api/upload with the page's token and its name, the share of its bytes sent is reported as they go (what the
// Data page's "Reading … %" shows), and the server's answer, a refusal or an unreachable server become result envelopes.
// @vitest-environment jsdom
import { afterEach, describe, expect, it, vi } from 'vitest';
import { UPLOAD_NAME_HEADER, UPLOAD_PATH } from '../../electron/api/upload';
import { messages, uploadFile } from '../../renderer/src/lib/client';

/** A stand-in XMLHttpRequest: records what was sent, then plays the progress and the answer a test gives it. */
class FakeRequest {
  static last: FakeRequest;
  method = '';
  url = '';
  headers: Record<string, string> = {};
  body: unknown;
  status = 0;
  responseText = '';
  upload: { onprogress: ((event: { lengthComputable: boolean; loaded: number; total: number }) => void) | null } = { onprogress: null };
  onload: (() => void) | null = null;
  onerror: (() => void) | null = null;
  constructor() {
    FakeRequest.last = this;
  }
  open(method: string, url: string) {
    this.method = method;
    this.url = url;
  }
  setRequestHeader(name: string, value: string) {
    this.headers[name] = value;
  }
  send(body: unknown) {
    this.body = body;
  }
  answer(status: number, text: string) {
    this.status = status;
    this.responseText = text;
    this.onload?.();
  }
}

afterEach(() => vi.unstubAllGlobals());

describe('uploadFile', () => {
  it('sends the file with its name, reports the share sent as it goes, and returns the upload id', async () => {
    vi.stubGlobal('XMLHttpRequest', FakeRequest);
    const file = new Blob(['{"prompt":"p"}\n']);
    const shares: number[] = [];
    const sent = uploadFile(file, 'my data é.jsonl', (share) => shares.push(share));
    const request = FakeRequest.last;
    expect([request.method, request.url, request.body]).toEqual(['POST', UPLOAD_PATH, file]);
    expect(request.headers['Content-Type']).toBe('application/octet-stream');
    expect(request.headers[UPLOAD_NAME_HEADER]).toBe(encodeURIComponent('my data é.jsonl'));
    request.upload.onprogress!({ lengthComputable: false, loaded: 5, total: 0 }); // no size known: nothing said
    request.upload.onprogress!({ lengthComputable: true, loaded: 250, total: 1000 });
    request.upload.onprogress!({ lengthComputable: true, loaded: 1000, total: 1000 });
    request.answer(200, JSON.stringify({ ok: true, value: { uploadId: 'u1' } }));
    expect(await sent).toEqual({ ok: true, value: { uploadId: 'u1' } });
    expect(shares).toEqual([0.25, 1]);
  });

  it("keeps the server's refusal, and says what happened when the answer is not Rung's or the server is gone", async () => {
    vi.stubGlobal('XMLHttpRequest', FakeRequest);
    const refused = uploadFile(new Blob(['x']), 'a.jsonl');
    FakeRequest.last.answer(413, JSON.stringify({ ok: false, error: { code: 'BAD_INPUT', message: 'a.jsonl: more than 2 GiB' } }));
    expect(await refused).toEqual({ ok: false, error: { code: 'BAD_INPUT', message: 'a.jsonl: more than 2 GiB' } });

    const badToken = uploadFile(new Blob(['x']), 'a.jsonl');
    FakeRequest.last.answer(401, 'not json');
    expect(await badToken).toEqual({ ok: false, error: { code: 'FORBIDDEN', message: messages.badToken } });

    const garbled = uploadFile(new Blob(['x']), 'a.jsonl');
    FakeRequest.last.answer(502, '<html>proxy</html>');
    expect(await garbled).toEqual({ ok: false, error: { code: 'INTERNAL', message: messages.badResponse(502) } });

    const gone = uploadFile(new Blob(['x']), 'a.jsonl');
    FakeRequest.last.onerror!();
    expect(await gone).toEqual({ ok: false, error: { code: 'INTERNAL', message: messages.unreachable } });
  });
});
