// Pretrained text encoders (BERT family, Hugging Face folder on local disk) on the native engine: load a folder
// (checked file by file: architecture, sizes, tokenizer, weights) and encode texts into pooled vectors off the JS
// thread, with progress and an AbortSignal. Thin over the addon, which checks the files and does the work.
import { resolve } from 'node:path';
import { engine, type NativeEncoder, type NativeEncoderInfo } from './addon';
import { integer, isObject } from './index';

export interface EncoderInfo extends NativeEncoderInfo {
  /** The folder it was loaded from (absolute). */
  path: string;
}

export interface EncodeOptions {
  /** Windows (sequences) per forward pass, sorted by length; default 32. */
  batchSize?: number;
  threads?: number;
  signal?: AbortSignal;
  /** Called from the JS thread after each batch, in windows (a long text has several). */
  onProgress?: (done: number, total: number) => void;
}

function checkTexts(texts: unknown): string[] {
  if (!Array.isArray(texts)) throw new TypeError('texts must be an array of strings');
  texts.forEach((t, i) => {
    if (typeof t !== 'string') throw new TypeError(`texts[${i}] must be a string`);
  });
  return texts as string[];
}

function cancelled(): Error {
  const e = new Error('encoding was cancelled');
  e.name = 'AbortError';
  return e;
}

export class PretrainedEncoder {
  readonly info: EncoderInfo;
  readonly #native: NativeEncoder;

  constructor(native: NativeEncoder, path: string) {
    this.#native = native;
    this.info = { ...native.info(), path };
  }

  /** Each text's token ids, [CLS] … [SEP], whole (no window); lone surrogates count as U+FFFD, which BERT drops. */
  tokenize(texts: string[]): Int32Array[] {
    const { ids, offsets } = this.#native.tokenize(checkTexts(texts));
    return Array.from({ length: offsets.length - 1 }, (_, i) => ids.subarray(offsets[i], offsets[i + 1]));
  }

  /** One pooled vector (info.dim floats) per text, in order: views into one buffer. */
  async encode(texts: string[], options: EncodeOptions = {}): Promise<Float32Array[]> {
    checkTexts(texts);
    if (!isObject(options)) throw new TypeError('options must be an object');
    const batchSize = integer(options.batchSize, 'options.batchSize', 1, 65536, 32);
    const threads = integer(options.threads, 'options.threads', 1, 1024, engine().deviceInfo().threads);
    if (options.signal !== undefined && !(options.signal instanceof AbortSignal)) throw new TypeError('options.signal must be an AbortSignal');
    if (options.onProgress !== undefined && typeof options.onProgress !== 'function') throw new TypeError('options.onProgress must be a function');
    const signal = options.signal;
    if (signal?.aborted) throw signal.reason ?? cancelled();
    const job = this.#native.encode(texts, batchSize, threads, options.onProgress as EncodeOptions['onProgress']);
    const onAbort = () => job.cancel();
    signal?.addEventListener('abort', onAbort, { once: true });
    try {
      const flat = await job.promise;
      const dim = this.info.dim;
      return Array.from({ length: texts.length }, (_, i) => flat.subarray(i * dim, (i + 1) * dim));
    } catch (error) {
      if ((error as Error)?.name === 'AbortError' && signal?.aborted) throw signal.reason ?? error;
      throw error;
    } finally {
      signal?.removeEventListener('abort', onAbort);
    }
  }
}

/**
 * Loads and checks an encoder folder; a bad folder is refused with the file and field named. With `sharedAs` (the
 * folder's verified checksum and its path) the encoder is held once for every thread of the process that loads it:
 * one that a thread holds under that key already is given instead, without reading the folder (sharedEncoder).
 */
export async function loadEncoder(dir: string, sharedAs?: string): Promise<PretrainedEncoder> {
  if (typeof dir !== 'string' || dir === '') throw new TypeError('dir must be a non-empty string');
  if (sharedAs !== undefined && (typeof sharedAs !== 'string' || sharedAs.length === 0)) throw new TypeError('sharedAs must be a non-empty string');
  const path = resolve(dir);
  return new PretrainedEncoder(await engine().loadEncoder(path, sharedAs), path);
}

/** The encoder a thread of this process loaded from `dir` with loadEncoder(dir, key) and still holds; null when none does. */
export function sharedEncoder(dir: string, key: string): PretrainedEncoder | null {
  if (typeof key !== 'string' || key.length === 0) throw new TypeError('key must be a non-empty string');
  const native = engine().sharedEncoder(key);
  return native ? new PretrainedEncoder(native, resolve(dir)) : null;
}
