// Splits a byte stream into JSON records without holding the file in memory: one object per line (JSONL),
// or the elements of a top-level JSON array. Each record comes with the line it starts on.
import { importError } from './errors';

export interface RawRecord {
  line: number;
  text: string;
}

/** Largest single record accepted; a longer line is refused rather than buffered. */
export const MAX_RECORD_BYTES = 16 * 1024 * 1024;

/** Input read without a record (blank lines, spaces) before the reader stops: a file of endless newlines ends early. */
export const BLANK_INPUT_LIMIT = 1024 * 1024;

const MIB = 1024 * 1024;
const sizeText = (bytes: number): string => (bytes % MIB === 0 ? `${bytes / MIB} MiB` : `${bytes.toLocaleString('en-US')} bytes`);

/** The refusal when `limit` bytes of blank input went by, counted from `line`. */
export function tooMuchBlank(file: string, line: number, limit: number): Error {
  return importError(file, line, null, `${sizeText(limit)} of input without a record (only blank lines or spaces); stopped reading`);
}

const NEWLINE = 0x0a;
const utf8 = new TextDecoder('utf-8', { fatal: true });

function decode(file: string, line: number, bytes: Uint8Array): string {
  try {
    return utf8.decode(bytes);
  } catch {
    throw importError(file, line, null, 'invalid UTF-8 text');
  }
}

function tooLong(file: string, line: number): Error {
  return importError(file, line, null, `record is longer than ${MAX_RECORD_BYTES / (1024 * 1024)} MiB`);
}

/** JSONL: one record per non-blank line; more than `blankLimit` bytes of blank lines in a row stop it. */
export async function* jsonLines(chunks: AsyncIterable<Uint8Array>, file: string, blankLimit = BLANK_INPUT_LIMIT): AsyncGenerator<RawRecord> {
  let pending: Uint8Array[] = [];
  let pendingBytes = 0;
  let line = 1;
  let blankBytes = 0;
  let blankSince = 1;
  const emit = (bytes: Uint8Array, at: number): RawRecord | null => {
    const text = decode(file, at, bytes);
    if (text.trim() !== '') {
      blankBytes = 0;
      return { line: at, text };
    }
    if (blankBytes === 0) blankSince = at;
    blankBytes += bytes.length + 1;
    if (blankBytes > blankLimit) throw tooMuchBlank(file, blankSince, blankLimit);
    return null;
  };
  for await (const chunk of chunks) {
    let start = 0;
    for (;;) {
      const nl = chunk.indexOf(NEWLINE, start);
      if (nl === -1) break;
      const piece = chunk.subarray(start, nl);
      if (pendingBytes + piece.length > MAX_RECORD_BYTES) throw tooLong(file, line);
      const bytes = pending.length ? Buffer.concat([...pending, piece]) : piece;
      pending = [];
      pendingBytes = 0;
      const record = emit(bytes, line);
      if (record) yield record;
      line++;
      start = nl + 1;
    }
    if (start < chunk.length) {
      const rest = chunk.subarray(start);
      pendingBytes += rest.length;
      if (pendingBytes > MAX_RECORD_BYTES) throw tooLong(file, line);
      pending.push(rest);
    }
  }
  if (pendingBytes > 0) {
    const record = emit(Buffer.concat(pending), line);
    if (record) yield record;
  }
}

const OPEN_BRACE = 0x7b;
const CLOSE_BRACE = 0x7d;
const OPEN_BRACKET = 0x5b;
const CLOSE_BRACKET = 0x5d;
const QUOTE = 0x22;
const BACKSLASH = 0x5c;
const COMMA = 0x2c;

const isSpace = (b: number): boolean => b === 0x20 || b === 0x09 || b === 0x0a || b === 0x0d;

/** A top-level JSON array of objects, read element by element; more than `blankLimit` bytes of space between them stop it. */
export async function* jsonArrayElements(chunks: AsyncIterable<Uint8Array>, file: string, blankLimit = BLANK_INPUT_LIMIT): AsyncGenerator<RawRecord> {
  type State = 'before-array' | 'expect-element' | 'after-element' | 'in-element' | 'done';
  let state: State = 'before-array';
  let line = 1;
  let depth = 0;
  let inString = false;
  let escaped = false;
  let elementLine = 1;
  let parts: Uint8Array[] = [];
  let partsBytes = 0;
  let sawElement = false;
  let blankBytes = 0;
  let blankSince = 1;
  const blank = () => {
    if (blankBytes === 0) blankSince = line;
    if (++blankBytes > blankLimit) throw tooMuchBlank(file, blankSince, blankLimit);
  };

  const unexpected = (b: number): Error =>
    importError(file, line, null, `invalid JSON: unexpected character '${String.fromCharCode(b)}' in the top-level array`);

  for await (const chunk of chunks) {
    let elementStart = -1;
    if (state === 'in-element') elementStart = 0;
    for (let i = 0; i < chunk.length; i++) {
      const b = chunk[i];
      if (state === 'in-element') {
        if (b === NEWLINE) line++;
        if (inString) {
          if (escaped) escaped = false;
          else if (b === BACKSLASH) escaped = true;
          else if (b === QUOTE) inString = false;
          continue;
        }
        if (b === QUOTE) inString = true;
        else if (b === OPEN_BRACE || b === OPEN_BRACKET) depth++;
        else if (b === CLOSE_BRACE || b === CLOSE_BRACKET) {
          depth--;
          if (depth === 0) {
            const piece = chunk.subarray(elementStart, i + 1);
            if (partsBytes + piece.length > MAX_RECORD_BYTES) throw tooLong(file, elementLine);
            const bytes = parts.length ? Buffer.concat([...parts, piece]) : piece;
            parts = [];
            partsBytes = 0;
            state = 'after-element';
            yield { line: elementLine, text: decode(file, elementLine, bytes) };
          }
        }
        continue;
      }
      if (b === NEWLINE) {
        blank();
        line++;
        continue;
      }
      if (isSpace(b)) {
        blank();
        continue;
      }
      blankBytes = 0;
      if (state === 'before-array') {
        if (b !== OPEN_BRACKET) throw importError(file, line, null, 'invalid JSON: expected a top-level array');
        state = 'expect-element';
      } else if (state === 'expect-element') {
        if (b === CLOSE_BRACKET && !sawElement) {
          state = 'done';
        } else if (b === OPEN_BRACE) {
          state = 'in-element';
          sawElement = true;
          depth = 1;
          elementLine = line;
          elementStart = i;
        } else throw importError(file, line, null, 'invalid JSON: each element of the top-level array must be an object');
      } else if (state === 'after-element') {
        if (b === COMMA) state = 'expect-element';
        else if (b === CLOSE_BRACKET) state = 'done';
        else throw unexpected(b);
      } else {
        throw importError(file, line, null, 'invalid JSON: content after the end of the top-level array');
      }
    }
    if (state === 'in-element' && elementStart >= 0) {
      const rest = chunk.subarray(elementStart);
      partsBytes += rest.length;
      if (partsBytes > MAX_RECORD_BYTES) throw tooLong(file, elementLine);
      parts.push(rest);
    }
  }
  if ((state as State) === 'in-element') throw importError(file, elementLine, null, 'invalid JSON: the file ends inside this record');
  if ((state as State) !== 'done') throw importError(file, line, null, 'invalid JSON: the top-level array is not closed');
}
