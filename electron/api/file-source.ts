// Where a file a contract call reads comes from (a dataset to import, a lab's scores): a path of this machine (the
// command line), a file chosen in the desktop app's own dialog (its token), or an upload of its content (a browser).
import { z } from 'zod';
import { PICKED_TOKEN } from './file-picker';
import { MAX_UPLOAD_BASE64 } from './limits';

export const FileSource = z.discriminatedUnion('kind', [
  z.object({ kind: z.literal('path'), path: z.string().min(1) }).strict(),
  /** A file chosen in the desktop app's own dialog, by its token (electron/api/file-picker.ts); the app resolves it. */
  z.object({ kind: z.literal('picked'), token: z.string().regex(PICKED_TOKEN, 'expected the token of a file chosen in the app') }).strict(),
  z
    .object({
      kind: z.literal('upload'),
      fileName: z.string().min(1).max(512),
      contentBase64: z.string().max(MAX_UPLOAD_BASE64),
    })
    .strict(),
]);
