// A texts file for `rung embed`: JSONL, one `{"text": "…"}` per line (blank lines skipped), read as a stream;
// a bad line is refused as `file:line: field: what is wrong`.
import { createReadStream } from 'node:fs';
import { createInterface } from 'node:readline';
import { importError } from './errors';
import { parseStrictJson, StrictJsonError } from '../strict-json';

export interface TextLine {
  line: number;
  text: string;
}

/** The file's texts in order, one per non-blank line. */
export async function* readTextLines(path: string): AsyncGenerator<TextLine> {
  const stream = createReadStream(path, { encoding: 'utf8' });
  const opened = new Promise<void>((resolve, reject) => {
    stream.once('open', () => resolve());
    stream.once('error', (error) => reject(importError(path, null, null, `cannot read: ${(error as NodeJS.ErrnoException).code ?? error.message}`)));
  });
  await opened;
  let line = 0;
  for await (const raw of createInterface({ input: stream, crlfDelay: Infinity })) {
    line++;
    if (raw.trim() === '') continue;
    let record: unknown;
    try {
      record = parseStrictJson(raw);
    } catch (error) {
      if (error instanceof StrictJsonError) throw importError(path, line, error.path || null, error.message);
      throw error;
    }
    if (typeof record !== 'object' || record === null || Array.isArray(record)) throw importError(path, line, null, 'must be a JSON object with a "text" field');
    const text = (record as Record<string, unknown>).text;
    if (text === undefined) throw importError(path, line, 'text', 'is missing');
    if (typeof text !== 'string') throw importError(path, line, 'text', `must be a string, got ${text === null ? 'null' : typeof text}`);
    yield { line, text };
  }
}
