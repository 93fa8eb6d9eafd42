// Where a file a contract call reads comes from (a dataset to import, a lab's scores): a path of this machine (the
// command line), a file chosen in the desktop app's own dialog (its token), or a browser's upload (its id).
import { z } from 'zod';
import { PICKED_TOKEN } from './file-picker';
import { UPLOAD_ID } from './upload';

/** A file a browser sent to POST /api/upload, by the id it answered, and the file's own name (what messages call it). */
export const UploadSource = z
  .object({
    kind: z.literal('upload'),
    uploadId: z.string().regex(UPLOAD_ID, 'expected the uploadId that POST /api/upload answered'),
    name: z.string().min(1).max(512),
  })
  .strict();

export const FileSource = z.discriminatedUnion('kind', [
  z.object({ kind: z.literal('path'), path: z.string().min(1) }).strict(),
  /** A file chosen in the desktop app's own dialog, by its token (electron/api/file-picker.ts); the app resolves it. */
  z.object({ kind: z.literal('picked'), token: z.string().regex(PICKED_TOKEN, 'expected the token of a file chosen in the app') }).strict(),
  UploadSource,
]);
