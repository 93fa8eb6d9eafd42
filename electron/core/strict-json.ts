// JSON.parse that refuses, naming the place, what JSON.parse would silently accept or change: a duplicate key (JSON.parse
// keeps the last), a lone UTF-16 surrogate (not a character; it would be stored as invalid UTF-8), a number too large to
// be finite (1e400 becomes Infinity), and nesting deeper than a bound. An iterative scanner checks the text first, so any
// depth is refused without recursion; the native parser then builds the value.

/** A refused JSON text: `path` names the value (`metadata.tags[2]`, '' for the whole text), `line` counts from 1. */
export class StrictJsonError extends Error {
  constructor(
    readonly path: string,
    readonly line: number,
    message: string,
  ) {
    super(message);
    this.name = 'StrictJsonError';
  }
}

/** Nesting accepted by default: far above any record's structure, far below what could exhaust a stack. */
export const MAX_JSON_DEPTH = 64;

interface Frame {
  array: boolean;
  /** Whether its first member has been read (a close bracket after a comma is a syntax error). */
  started: boolean;
  /** Keys seen so far in an object, made on the second key: a list while short, then a set. */
  keys: string[] | Set<string> | null;
  /** The key or index being read: the path's last segment. */
  key: string | null;
  index: number;
}

/** Thrown by the scanner at a syntax error, at `at` (else at the scanner's position); scan words it. */
class Syntax extends Error {
  constructor(readonly at?: number) {
    super('syntax');
  }
}

const PLAIN_STRING = /[^"\\\u0000-\u001f\ud800-\udfff]*/y;
const HEX4 = /^[0-9a-fA-F]{4}$/;
/** Keys an object holds before they are looked up in a set rather than a list. */
const SHORT_KEY_LIST = 16;
/** A decimal without an exponent needs more digits than this to overflow a double. */
const FINITE_DIGITS = 300;
const SIMPLE_ESCAPES = new Set(['"', '\\', '/', 'b', 'f', 'n', 'r', 't']);

const isDigit = (c: number) => c >= 0x30 && c <= 0x39;
const isHigh = (c: number) => c >= 0xd800 && c <= 0xdbff;
const isLow = (c: number) => c >= 0xdc00 && c <= 0xdfff;
const hex = (c: number) => `\\u${c.toString(16).padStart(4, '0')}`;

/** The end of the digits starting at `from`; a syntax error where there are none. */
function digitsEnd(text: string, from: number): number {
  let end = from;
  while (isDigit(text.charCodeAt(end))) end++;
  if (end === from) throw new Syntax(from);
  return end;
}

function pathOf(stack: readonly Frame[]): string {
  let path = '';
  for (const frame of stack) {
    if (frame.array) path += `[${frame.index}]`;
    else if (frame.key !== null) path += path === '' ? frame.key : `.${frame.key}`;
  }
  return path;
}

/** A path shortened for a message about deep nesting: its first 60 characters. */
function shortPath(path: string): string {
  return path.length <= 60 ? path : `${path.slice(0, 60)}…`;
}

/**
 * A syntax error's words: the one character found where it does not belong and its line and column, or that the text
 * ends early. Never more of the text than that character (JSON.parse's own message quotes ten or more, and a file
 * read by mistake, say /etc/shadow, must not leak through an error).
 */
function syntaxMessage(text: string, at: number): string {
  if (at >= text.length) return 'invalid JSON: the text ends before its value does';
  const code = text.codePointAt(at)!;
  const what = code < 0x20 || code === 0x7f || (code >= 0xd800 && code <= 0xdfff) ? `character U+${code.toString(16).toUpperCase().padStart(4, '0')}` : `'${String.fromCodePoint(code)}'`;
  return `invalid JSON: unexpected ${what} at column ${at - text.lastIndexOf('\n', at - 1)}`;
}

/** Checks `text` (see the file's comment); throws StrictJsonError, for a syntax error too. */
function scan(text: string, maxDepth: number): void {
  const stack: Frame[] = [];
  let pos = 0;
  let line = 1;
  const fail = (path: string, message: string): never => {
    throw new StrictJsonError(path, line, message);
  };
  const skipSpace = () => {
    for (;;) {
      const c = text.charCodeAt(pos);
      if (c === 0x20 || c === 0x09 || c === 0x0d) pos++;
      else if (c === 0x0a) {
        pos++;
        line++;
      } else return;
    }
  };
  /** Reads the string opening at `pos`; returns its text when `decode` (a key), with a lone surrogate refused at `path()`. */
  const readString = (decode: boolean, path: () => string): string | null => {
    const start = pos + 1;
    pos = start;
    let escaped = false;
    for (;;) {
      PLAIN_STRING.lastIndex = pos;
      PLAIN_STRING.test(text);
      pos = PLAIN_STRING.lastIndex;
      const c = text.charCodeAt(pos);
      if (c === 0x22) break;
      if (c === 0x5c) {
        escaped = true;
        const e = text[pos + 1];
        if (e === 'u') {
          const digits = text.slice(pos + 2, pos + 6);
          if (!HEX4.test(digits)) throw new Syntax();
          const unit = parseInt(digits, 16);
          pos += 6;
          if (isHigh(unit)) {
            const next = text.slice(pos, pos + 6);
            const low = /^\\u[0-9a-fA-F]{4}$/.test(next) ? parseInt(next.slice(2), 16) : -1;
            if (!isLow(low)) fail(path(), `a lone UTF-16 surrogate (${hex(unit)}) is not a character`);
            pos += 6;
          } else if (isLow(unit)) fail(path(), `a lone UTF-16 surrogate (${hex(unit)}) is not a character`);
        } else if (e !== undefined && SIMPLE_ESCAPES.has(e)) pos += 2;
        else throw new Syntax();
      } else if (isHigh(c) && isLow(text.charCodeAt(pos + 1))) pos += 2;
      else if (isHigh(c) || isLow(c)) fail(path(), `a lone UTF-16 surrogate (${hex(c)}) is not a character`);
      else throw new Syntax(); // end of text or a control character
    }
    const raw = text.slice(start, pos);
    pos++;
    if (!decode) return null;
    return escaped ? (JSON.parse(`"${raw}"`) as string) : raw;
  };

  /** Reads one value; containers push a frame and return (their members are read by the loop below). */
  const readValue = (): void => {
    skipSpace();
    const c = text.charCodeAt(pos);
    if (c === 0x7b || c === 0x5b) {
      if (stack.length >= maxDepth) fail(shortPath(pathOf(stack)), `nested more than ${maxDepth} levels deep`);
      stack.push({ array: c === 0x5b, started: false, keys: null, key: null, index: 0 });
      pos++;
      return;
    }
    if (c === 0x22) {
      readString(false, () => pathOf(stack));
      return;
    }
    if (c === 0x2d || isDigit(c)) {
      let end = c === 0x2d ? pos + 1 : pos;
      if (text.charCodeAt(end) === 0x30) end++;
      else end = digitsEnd(text, end);
      if (text.charCodeAt(end) === 0x2e) end = digitsEnd(text, end + 1);
      const exponent = (text.charCodeAt(end) | 0x20) === 0x65;
      if (exponent) {
        end++;
        const sign = text.charCodeAt(end);
        end = digitsEnd(text, sign === 0x2b || sign === 0x2d ? end + 1 : end);
      }
      if (exponent || end - pos > FINITE_DIGITS) {
        const token = text.slice(pos, end);
        if (!Number.isFinite(Number(token))) fail(pathOf(stack), `not a finite number (${token.length > 40 ? `${token.slice(0, 40)}…` : token})`);
      }
      pos = end;
      return;
    }
    const literal = c === 0x74 ? 'true' : c === 0x66 ? 'false' : c === 0x6e ? 'null' : null;
    if (literal === null) throw new Syntax();
    for (let k = 1; k < literal.length; k++) if (text.charCodeAt(pos + k) !== literal.charCodeAt(k)) throw new Syntax(pos + k);
    pos += literal.length;
  };

  /** Reads an object's key at `pos` (after `{` or `,`), refusing a duplicate, and the colon after it. */
  const readKey = (frame: Frame): void => {
    skipSpace();
    if (text.charCodeAt(pos) !== 0x22) throw new Syntax();
    const key = readString(true, () => `${pathOf(stack) || '(top level)'} (a key)`)!;
    if (frame.key !== null) {
      let keys = (frame.keys ??= [frame.key]);
      if (Array.isArray(keys) && keys.length >= SHORT_KEY_LIST) keys = frame.keys = new Set(keys);
      if (Array.isArray(keys) ? keys.includes(key) : keys.has(key)) {
        frame.key = key;
        fail(pathOf(stack), `duplicate key "${key}" (the object names it more than once)`);
      }
      if (Array.isArray(keys)) keys.push(key);
      else keys.add(key);
    }
    frame.key = key;
    skipSpace();
    if (text.charCodeAt(pos) !== 0x3a) throw new Syntax();
    pos++;
  };

  try {
    readValue();
    for (;;) {
      const frame = stack[stack.length - 1];
      if (!frame) break;
      skipSpace();
      const c = text.charCodeAt(pos);
      const close = frame.array ? 0x5d : 0x7d;
      if (c === close) {
        pos++;
        stack.pop();
      } else if (!frame.started) {
        frame.started = true;
        if (!frame.array) readKey(frame);
        readValue();
      } else if (c === 0x2c) {
        pos++;
        if (frame.array) frame.index++;
        else readKey(frame);
        readValue();
      } else throw new Syntax();
    }
    skipSpace();
    if (pos !== text.length) throw new Syntax();
  } catch (error) {
    if (!(error instanceof Syntax)) throw error;
    const at = error.at ?? pos;
    let lineAt = 1;
    for (let i = text.indexOf('\n'); i !== -1 && i < at; i = text.indexOf('\n', i + 1)) lineAt++;
    throw new StrictJsonError(pathOf(stack), lineAt, syntaxMessage(text, at));
  }
}

/** JSON.parse, after refusing syntax errors, duplicate keys, lone surrogates, non-finite numbers and nesting over `maxDepth`. */
export function parseStrictJson(text: string, maxDepth: number = MAX_JSON_DEPTH): unknown {
  scan(text, maxDepth);
  return JSON.parse(text) as unknown;
}
