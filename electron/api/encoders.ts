// The contract's methods for pretrained text encoders (spread into contract.ts): register a folder (checked on the
// spot), list, remove, and embed texts through the embedding cache.
import { z } from 'zod';
import { count, id } from './schemas';
import { PICKED_TOKEN } from './file-picker';

/** An encoder's name as the user gives it (`rung train --encoder NAME`). */
export const encoderName = z.string().trim().min(1, 'must not be empty').max(100, 'must be at most 100 characters');

/** The path of an encoder a work bundle registered: it carried the run's cached embeddings, not the folder (which stays
 *  on the lead's machine), so texts it gave no embedding cannot be encoded there. */
export const NO_FOLDER = '';
/** How such an encoder is shown. */
export const EMBEDDINGS_ONLY = 'carried by a work bundle: embeddings only, no folder';

/** Where a registered encoder's files are, in words for a listing. */
export const encoderFolderWords = (encoder: { path: string }): string => (encoder.path !== NO_FOLDER ? encoder.path : `(${EMBEDDINGS_ONLY})`);

export const Encoder = z.object({
  id,
  name: z.string(),
  /** Its folder on this machine, or NO_FOLDER. */
  path: z.string(),
  /** SHA-256 over the folder's config, tokenizer and weight files. */
  checksum: z.string(),
  architecture: z.string(),
  hiddenSize: count,
  vocabSize: count,
  maxPositions: count,
  /** The checksummed files' total size. */
  bytes: count,
  addedAt: z.string(),
  /** Texts whose vectors are cached for this encoder. */
  cachedEmbeddings: count,
});

/** Most texts one embedTexts call takes (`rung embed` sends a file in such chunks). */
export const MAX_EMBED_TEXTS = 1000;

export const encoderMethods = {
  /** Registers an encoder folder of this machine after loading and checking it (command line and desktop app only). */
  addEncoder: {
    params: z
      .object({
        path: z.string().min(1).optional(),
        /** A folder chosen in the desktop app's own dialog, by its token (file-picker.ts); the app resolves it to `path`. */
        picked: z.string().regex(PICKED_TOKEN, 'expected the token of a folder chosen in the app').optional(),
        name: encoderName.optional(),
        actor: z.string().trim().min(1).max(200).default('local user'),
      })
      .strict()
      .refine((p) => (p.path === undefined) !== (p.picked === undefined), { message: 'give exactly one of path and picked' }),
    result: Encoder,
  },
  listEncoders: { params: z.object({}).strict(), result: z.array(Encoder) },
  /** Unregisters an encoder; its cached embeddings are deleted unless another registered encoder has the same files. */
  removeEncoder: {
    params: z.object({ name: encoderName, actor: z.string().trim().min(1).max(200).default('local user') }).strict(),
    result: z.object({ name: z.string(), embeddingsDeleted: count }),
  },
  /** Each text's pooled vector, from the embedding cache (texts not yet cached are encoded and stored). */
  embedTexts: {
    params: z.object({ encoder: encoderName, texts: z.array(z.string().max(1_000_000)).min(1).max(MAX_EMBED_TEXTS) }).strict(),
    result: z.object({ dim: count, vectors: z.array(z.array(z.number())), encoded: count }),
  },
  /**
   * `rung embed`: the pooled vector of each text of a JSONL file of this machine ({"text": …} per line), written to the
   * standard output of `rung` one line per text (numbers separated by spaces, or {"text", "embedding"} with json).
   * The whole file is checked first: a bad line refuses it with nothing written. Command line only.
   */
  embedFile: {
    params: z.object({ encoder: encoderName, path: z.string().min(1), json: z.boolean().default(false) }).strict(),
    result: z.object({ texts: count, encoded: count }),
  },
} as const;
