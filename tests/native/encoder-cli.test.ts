// `rung encoder add|list|remove` and `rung embed` as a user runs them: a folder registered and listed, a bad folder
// refused naming its file, a texts file embedded one line per text (and the same vectors again from the cache), and
// a bad line refused as file:line: field with nothing printed.
import { readFileSync, rmSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { rung } from '../helpers/cli';
import { writeTinyEncoder } from '../helpers/encoders';
import { tempDir } from '../helpers/store';

describe('rung encoder and rung embed', () => {
  let dir = '', db = '', enc = '';
  beforeEach(() => {
    dir = tempDir();
    db = join(dir, 'rung.db');
    enc = join(dir, 'tiny-bert');
    writeTinyEncoder(enc);
  });
  afterEach(() => rmSync(dir, { recursive: true, force: true }));

  it('adds, lists and removes an encoder', () => {
    const add = rung(['encoder', 'add', enc, '--name', 'mini', '--db', db]);
    expect(add.stderr).toBe('');
    expect(add.code).toBe(0);
    expect(add.stdout).toMatch(/^added encoder "mini": BertModel, 8 dimensions, vocabulary 15, 16 positions, .* MB, checksum [0-9a-f]{64}\n$/);
    const list = rung(['encoder', 'list', '--db', db, '--json']);
    expect(JSON.parse(list.stdout)).toMatchObject([{ name: 'mini', path: enc, hiddenSize: 8 }]);
    expect(rung(['encoder', 'list', '--db', db]).stdout).toMatch(/^mini {2}BertModel {2}dim 8 {2}vocab 15/);
    expect(rung(['encoder', 'remove', 'mini', '--db', db]).stdout).toMatch(/removed encoder "mini"/);
    expect(rung(['encoder', 'list', '--db', db]).stdout).toMatch(/no encoders registered/);
  });

  it('refuses a bad folder naming the file, and an unknown action as a usage error', () => {
    const config = JSON.parse(readFileSync(join(enc, 'config.json'), 'utf8'));
    writeFileSync(join(enc, 'config.json'), JSON.stringify({ ...config, hidden_size: 12 }));
    const bad = rung(['encoder', 'add', enc, '--db', db]);
    expect(bad.code).not.toBe(0);
    expect(bad.stderr).toMatch(/config\.json|model\.safetensors/);
    expect(rung(['encoder', 'list', '--db', db]).stdout).toMatch(/no encoders registered/);
    expect(rung(['encoder', 'frobnicate', '--db', db])).toMatchObject({ code: 2, stderr: expect.stringMatching(/unknown encoder action "frobnicate"/) });
  });

  it('embeds a texts file, one line per text, the same again from the cache; refuses a bad line with nothing printed', () => {
    expect(rung(['encoder', 'add', enc, '--name', 'mini', '--db', db]).code).toBe(0);
    const texts = join(dir, 'texts.jsonl');
    writeFileSync(texts, '{"text": "hello world"}\n\n{"text": "cafe x"}\n');
    const first = rung(['embed', '--encoder', 'mini', '--file', texts, '--db', db]);
    expect(first.stderr).toBe('');
    const lines = first.stdout.trim().split('\n');
    expect(lines).toHaveLength(2);
    for (const line of lines) expect(line.split(' ').map(Number).filter(Number.isFinite)).toHaveLength(8);
    const again = rung(['embed', '--encoder', 'mini', '--file', texts, '--db', db, '--json']);
    const rows = again.stdout.trim().split('\n').map((l) => JSON.parse(l));
    expect(rows.map((r) => r.text)).toEqual(['hello world', 'cafe x']);
    expect(rows.map((r) => r.embedding.join(' '))).toEqual(lines);
    writeFileSync(texts, '{"text": "fine"}\n{"txt": "oops"}\n');
    const bad = rung(['embed', '--encoder', 'mini', '--file', texts, '--db', db]);
    expect(bad).toMatchObject({ code: 1, stdout: '' });
    expect(bad.stderr).toContain(`${texts}:2: text: is missing`);
    writeFileSync(texts, '{"text": "fine"}\n');
    const unknown = rung(['embed', '--encoder', 'nope', '--file', texts, '--db', db]);
    expect(unknown).toMatchObject({ code: 1, stdout: '', stderr: expect.stringMatching(/no encoder named "nope"/) });
  });
});
