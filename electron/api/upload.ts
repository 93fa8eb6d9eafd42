// How a browser sends a file (browser mode): its bytes as the body of POST /api/upload, its name in a header; the
// answer's uploadId then names it in a call's source ({ kind: 'upload', uploadId, name }). Dependency-free for the renderer.

export const UPLOAD_PATH = '/api/upload';

/** The header that carries the file's name (URI-encoded), for the endpoint's own refusals. */
export const UPLOAD_NAME_HEADER = 'X-Rung-File-Name';

/** An upload's id: 32 lowercase hex digits (random), which is also its file's name in the server's upload folder. */
export const UPLOAD_ID = /^[0-9a-f]{32}$/;

/** How long an upload waits for the call that uses it before the server removes it. */
export const UPLOAD_LIFETIME_MS = 10 * 60 * 1000;
