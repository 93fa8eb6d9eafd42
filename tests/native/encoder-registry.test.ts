// The encoder registry through the contract: a folder is loaded and checksummed on the spot, listed, refused when bad
// (naming the file), twice under one name, or over HTTP; removed with its cached embeddings; an encoder loaded under a
// key is held once for the process. Uses the tiny BERT written from JS (no PyTorch needed).
import { readFileSync, rmSync, unlinkSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { dispatch } from '../../electron/api';
import { encoderFolderChecksum } from '../../electron/core/encoders/checksum';
import { loadEncoder, sharedEncoder } from '../../electron/core/engine/encoder';
import { useService } from '../helpers/api';
import { writeTinyEncoder } from '../helpers/encoders';

describe('encoder registry', () => {
  const s = useService('cli');
  const tiny = (name = 'tiny') => {
    const dir = join(s.t.dir, name);
    writeTinyEncoder(dir);
    return dir;
  };

  it('adds a folder with its architecture, sizes, bytes and folder checksum, and lists it', async () => {
    const dir = tiny();
    const added = await s.value('addEncoder', { path: dir, name: 'mini' });
    const { checksum, bytes, files } = await encoderFolderChecksum(dir);
    expect(files).toEqual(['config.json', 'model.safetensors', 'tokenizer.json', 'vocab.txt']);
    expect(added).toMatchObject({ name: 'mini', path: dir, checksum, bytes, architecture: 'BertModel', hiddenSize: 8, vocabSize: 15, maxPositions: 16, cachedEmbeddings: 0 });
    expect(await s.value('listEncoders')).toEqual([added]);
    // the default name is the folder's
    expect((await s.value('addEncoder', { path: tiny('other') })).name).toBe('other');
  });

  it('the checksum covers the config and tokenizer files, not only the weights', async () => {
    const dir = tiny();
    const before = (await encoderFolderChecksum(dir)).checksum;
    writeFileSync(join(dir, 'vocab.txt'), readFileSync(join(dir, 'vocab.txt'), 'utf8') + '\n');
    expect((await encoderFolderChecksum(dir)).checksum).not.toBe(before);
  });

  it('refuses a bad folder naming the file and the field, and registers nothing', async () => {
    const dir = tiny();
    const config = JSON.parse(readFileSync(join(dir, 'config.json'), 'utf8'));
    writeFileSync(join(dir, 'config.json'), JSON.stringify({ ...config, architectures: ['GPT2Model'] }));
    const r = await s.call('addEncoder', { path: dir });
    expect(r).toMatchObject({ ok: false, error: { code: 'INVALID_PARAMS' } });
    expect(!r.ok && r.error.message).toMatch(/config\.json.*architectures|architectures.*config\.json/);
    const missing = tiny('missing');
    unlinkSync(join(missing, 'model.safetensors'));
    const m = await s.call('addEncoder', { path: missing });
    expect(!m.ok && m.error.message).toMatch(/model\.safetensors/);
    expect(await s.value('listEncoders')).toEqual([]);
  });

  it('refuses a second encoder under a taken name', async () => {
    await s.value('addEncoder', { path: tiny(), name: 'mini' });
    const r = await s.call('addEncoder', { path: tiny('b'), name: 'mini' });
    expect(r).toMatchObject({ ok: false, error: { code: 'CONFLICT', message: expect.stringMatching(/already registered/) } });
  });

  it('refuses reading a folder by its path over HTTP, and embedding a file anywhere but on the command line', async () => {
    const r = await dispatch(s.handlers, 'addEncoder', { path: tiny() }, () => undefined, { transport: 'http' });
    expect(r).toMatchObject({ ok: false, error: { code: 'FORBIDDEN', message: expect.stringMatching(/refused over HTTP/) } });
    expect(await s.value('listEncoders')).toEqual([]);
    const file = await dispatch(s.handlers, 'embedFile', { encoder: 'x', path: '/tmp/x.jsonl' }, () => undefined, { transport: 'ipc' });
    expect(file).toMatchObject({ ok: false, error: { code: 'FORBIDDEN', message: expect.stringMatching(/refused over IPC/) } });
  });

  it('embeds through the cache, and removing the encoder deletes its cached vectors', async () => {
    await s.value('addEncoder', { path: tiny(), name: 'mini' });
    const first = await s.value('embedTexts', { encoder: 'mini', texts: ['hello world', 'cafe x', 'hello world'] });
    expect(first.dim).toBe(8);
    expect(first.encoded).toBe(2); // distinct texts
    expect(first.vectors[0]).toEqual(first.vectors[2]);
    expect((await s.value('listEncoders'))[0].cachedEmbeddings).toBe(2);
    expect(await s.value('removeEncoder', { name: 'mini' })).toEqual({ name: 'mini', embeddingsDeleted: 2 });
    expect(await s.value('listEncoders')).toEqual([]);
    const gone = await s.call('embedTexts', { encoder: 'mini', texts: ['x'] });
    expect(gone).toMatchObject({ ok: false, error: { code: 'NOT_FOUND', message: expect.stringMatching(/no encoder named "mini"/) } });
  });

  it('refuses to encode with a folder whose files changed since it was added', async () => {
    const dir = tiny();
    await s.value('addEncoder', { path: dir, name: 'mini' });
    writeFileSync(join(dir, 'vocab.txt'), readFileSync(join(dir, 'vocab.txt'), 'utf8') + '\n');
    const r = await s.call('embedTexts', { encoder: 'mini', texts: ['hello'] });
    expect(r).toMatchObject({ ok: false, error: { code: 'CONFLICT', message: expect.stringMatching(/files in .* changed since it was added/) } });
    rmSync(dir, { recursive: true });
    const gone = await s.call('embedTexts', { encoder: 'mini', texts: ['hello again'] });
    expect(gone).toMatchObject({ ok: false, error: { code: 'CONFLICT', message: expect.stringMatching(/missing/) } });
  });

  it('holds an encoder loaded under a key once for the process: loading it again under that key reads no folder', async () => {
    const dir = tiny();
    const key = `test ${dir}`;
    expect(sharedEncoder(dir, key)).toBeNull();
    const first = await loadEncoder(dir, key);
    const held = sharedEncoder(dir, key);
    expect(held?.info).toEqual(first.info);
    rmSync(dir, { recursive: true }); // gone from the disk: the held encoder is still given under its key
    const again = await loadEncoder(dir, key);
    expect(Array.from((await again.encode(['hello world']))[0])).toEqual(Array.from((await first.encode(['hello world']))[0]));
    await expect(loadEncoder(dir)).rejects.toThrow(`${dir}: not a folder`); // without a key the folder is read, and is gone
    expect(() => sharedEncoder(dir, '')).toThrow('key must be a non-empty string');
    await expect(loadEncoder(dir, '')).rejects.toThrow('sharedAs must be a non-empty string');
  });
});
