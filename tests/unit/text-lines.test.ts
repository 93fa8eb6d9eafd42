// The texts file of `rung embed`: one {"text": …} per line; a bad line is refused as file:line: field: what, quoting
// at most the one character at fault.
import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { readTextLines } from '../../electron/core/datasets/text-lines';
import { tempDir } from '../helpers/store';

async function read(content: string): Promise<{ texts: string[] }> {
  const file = join(tempDir(), 'texts.jsonl');
  writeFileSync(file, content);
  const texts: string[] = [];
  for await (const line of readTextLines(file)) texts.push(line.text);
  return { texts };
}

describe('readTextLines', () => {
  it('reads one text per non-blank line', async () => {
    expect((await read('{"text": "a"}\n\n{"text": "b"}\n')).texts).toEqual(['a', 'b']);
  });

  it('refuses a line that is not JSON, naming the character, not quoting the line', async () => {
    await expect(read('{"text": "a"}\nroot:*:20200:0:99999:7:::\n')).rejects.toThrow(/texts\.jsonl:2: invalid JSON: unexpected 'r' at column 1$/);
  });

  it('refuses a duplicate key rather than keeping the last', async () => {
    await expect(read('{"text": "a", "text": "b"}\n')).rejects.toThrow(/texts\.jsonl:1: text: duplicate key "text"/);
  });
});

