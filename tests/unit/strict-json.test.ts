// The strict JSON parse: what JSON.parse would silently accept or change is refused with the place named.
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { parseStrictJson, StrictJsonError } from '../../electron/core/strict-json';

function refusal(text: string, maxDepth?: number): StrictJsonError {
  try {
    parseStrictJson(text, maxDepth);
  } catch (error) {
    if (error instanceof StrictJsonError) return error;
    throw error;
  }
  throw new Error(`accepted: ${text.slice(0, 80)}`);
}

describe('parseStrictJson', () => {
  it('parses what JSON.parse parses, equal to it', () => {
    for (const text of ['{}', '[]', ' {"a": [1, -2.5e3, true, false, null, "x\\"y\\u00e9\\ud83d\\ude00"], "b": {"c": {}}} ', '"s"', '0', '[[], {}, [{}]]', '{"a":1,"\\u0062":2}', '"😀"']) {
      expect(parseStrictJson(text)).toEqual(JSON.parse(text));
    }
  });

  it('refuses a duplicate key, naming it and its object, also when spelled with an escape', () => {
    expect(refusal('{"prompt": "p", "prompt": "q"}')).toMatchObject({ path: 'prompt', line: 1, message: expect.stringMatching(/^duplicate key "prompt"/) });
    expect(refusal('{"m": {"x": [1, {"a": 1,\n "\\u0061": 2}]}}')).toMatchObject({ path: 'm.x[1].a', line: 2 });
    expect(parseStrictJson('[{"a": 1}, {"a": 2}]')).toEqual([{ a: 1 }, { a: 2 }]); // the same key in two objects is fine
  });

  it('refuses a lone surrogate, escaped or raw, in a value or a key; accepts a pair', () => {
    expect(refusal('{"response_a": "x\\ud800"}')).toMatchObject({ path: 'response_a', message: 'a lone UTF-16 surrogate (\\ud800) is not a character' });
    expect(refusal('{"a": ["ok", "\\udc00\\ud800"]}')).toMatchObject({ path: 'a[1]' });
    expect(refusal('{"a": "\\ud800\\u0041"}')).toMatchObject({ path: 'a' });
    expect(refusal(`{"a": "${'\ud800'}"}`)).toMatchObject({ path: 'a', message: expect.stringContaining('\\ud800') });
    expect(refusal('{"m": {"\\ud800": 1}}')).toMatchObject({ path: 'm (a key)' });
    expect(parseStrictJson('"\\ud800\\udc00"')).toBe('\u{10000}');
  });

  it('words a syntax error by the one character at fault, its line and column, or the early end; never quotes more', () => {
    expect(refusal('root:*:20200:0:99999:7:::')).toMatchObject({ path: '', line: 1, message: "invalid JSON: unexpected 'r' at column 1" });
    expect(refusal('{"prompt": secretpassword123}')).toMatchObject({ path: 'prompt', message: "invalid JSON: unexpected 's' at column 12" });
    expect(refusal('{"a": 1,\n  "b": tru}')).toMatchObject({ path: 'b', line: 2, message: "invalid JSON: unexpected '}' at column 11" });
    expect(refusal('{"a": "x\u0001y"}')).toMatchObject({ path: 'a', message: 'invalid JSON: unexpected character U+0001 at column 9' });
    expect(refusal('{"a": [1, 2')).toMatchObject({ path: 'a[1]', message: 'invalid JSON: the text ends before its value does' });
    expect(refusal('{"a": 1} trailing secret')).toMatchObject({ message: "invalid JSON: unexpected 't' at column 10" });
    // Whatever the text, a syntax error's message holds no two consecutive characters of it.
    fc.assert(
      fc.property(fc.string({ minLength: 2, maxLength: 40, unit: fc.constantFrom(...'abcXYZ:{}[]",0 ') }), (text) => {
        let message: string;
        try {
          parseStrictJson(text);
          return;
        } catch (error) {
          if (!(error instanceof StrictJsonError)) throw error;
          message = error.message;
        }
        if (!message.startsWith('invalid JSON:')) return; // a duplicate key names its key, a refused number its digits
        expect(() => JSON.parse(text), `${text} refused as a syntax error`).toThrow(SyntaxError);
        const quoted = /unexpected '(.+)' at column/.exec(message)?.[1] ?? '';
        expect([...quoted].length).toBeLessThanOrEqual(1);
      }),
      { numRuns: 500, seed: 20261206 },
    );
  });

  it('refuses a number that is not finite', () => {
    expect(refusal('{"layer": 1e400}')).toMatchObject({ path: 'layer', message: 'not a finite number (1e400)' });
    expect(refusal('[-1e999]')).toMatchObject({ path: '[0]' });
    expect(parseStrictJson('1e308')).toBe(1e308);
  });

  it('refuses nesting over the bound, at any depth, without recursion', () => {
    expect(refusal('{"m": ' + '{"k":'.repeat(100) + '1' + '}'.repeat(101), 64)).toMatchObject({ path: expect.stringMatching(/^m\.k\.k/), message: 'nested more than 64 levels deep' });
    const deep = '['.repeat(5_000_000) + ']'.repeat(5_000_000);
    expect(refusal(deep).message).toBe('nested more than 64 levels deep');
    expect(parseStrictJson('['.repeat(64) + ']'.repeat(64))).toBeDefined();
  });

  it('refuses as a syntax error exactly what JSON.parse refuses', () => {
    for (const text of ['{"a": 1,}', '[1,]', '{"a" 1}', '{a: 1}', '"\\x"', '"\\u12"', '[1 2]', '01', '{"a": 1} x', '', 'tru', '"a\nb"', '{"a": 1']) {
      expect(() => JSON.parse(text), text).toThrow(SyntaxError);
      expect(refusal(text).message, text).toMatch(/^invalid JSON: /);
    }
  });
});
