// Size limits shared by the contract, the server and the renderer; dependency-free so the renderer can import it.

/** Largest file a browser uploads (POST /api/upload, bytes); bigger files go through `rung import` by path. */
export const MAX_UPLOAD_BYTES = 256 * 1024 * 1024;

/** Largest request body for a contract call other than an upload: every other method's params fit many times over. */
export const MAX_PARAMS_BYTES = 1024 * 1024;

/** How much of a file a browser uploads for an import's preview (previewImport): its first 512 KiB. */
export const PREVIEW_HEAD_BYTES = 512 * 1024;
