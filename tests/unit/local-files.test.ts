// Calls that read or write files of the serving machine by path: accepted from `rung` (and, for reading, the desktop
// window), refused over HTTP with FORBIDDEN before anything is read or written; dispatch without a caller is HTTP.
import { existsSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { dispatch, type Handlers, type Transport } from '../../electron/api';
import { createHandlers } from '../../electron/core/service';
import { jsonl, tempStore, type TempStore } from '../helpers/store';
import { sentUpload } from '../helpers/uploads';

let t: TempStore;
let handlers: Handlers;
beforeEach(() => {
  t = tempStore();
  handlers = createHandlers(t.store, { mode: 'browser', version: 'test' });
});
afterEach(() => t.cleanup());

const call = (transport: Transport | undefined, method: string, params: unknown) =>
  dispatch(handlers, method, params, () => undefined, transport === undefined ? undefined : { transport });
const prefs = () => t.file('prefs.jsonl', jsonl([{ prompt: 'p', chosen: 'a', rejected: 'b' }, { prompt: 'q', chosen: 'c', rejected: 'd' }]));
const stats = async () => ((await call('cli', 'getStats', {})) as { value: { comparisons: number } }).value;

describe('local files and the caller', () => {
  it('imports a file by its path from rung and the desktop window, never over HTTP (nor from an unnamed caller)', async () => {
    const path = prefs();
    for (const transport of ['http', undefined] as const) {
      const refused = await call(transport, 'importDataset', { source: { kind: 'path', path } });
      expect(refused).toEqual({
        ok: false,
        error: {
          code: 'FORBIDDEN',
          message: 'importDataset: reading a file by its path is refused over HTTP (only `rung` and the desktop app on this machine may); upload the file (POST /api/upload, then source kind "upload"), or use `rung import FILE`',
        },
      });
    }
    expect((await stats()).comparisons).toBe(0);
    expect(await call('cli', 'importDataset', { source: { kind: 'path', path } })).toMatchObject({ ok: true, value: { comparisonsAdded: 2 } });
    expect(await call('ipc', 'importDataset', { source: { kind: 'path', path } })).toMatchObject({ ok: true, value: { alreadyImported: true } });
    // An upload is no local-file access: HTTP may.
    const upload = sentUpload(jsonl([{ prompt: 'r', chosen: 'e', rejected: 'f' }]), 'more.jsonl');
    expect(await call('http', 'importDataset', { source: upload })).toMatchObject({ ok: true, value: { comparisonsAdded: 1 } });
  });

  it("refuses a picked file's token wherever it reaches the domain unresolved (the desktop app resolves it first)", async () => {
    for (const transport of ['http', 'ipc', 'cli'] as const) {
      const refused = await call(transport, 'importDataset', { source: { kind: 'picked', token: 'a'.repeat(64) } });
      expect(refused).toEqual({
        ok: false,
        error: {
          code: 'FORBIDDEN',
          message: 'importDataset: a file chosen in the desktop app\'s dialog is known only to that app\'s window; upload the file (POST /api/upload, then source kind "upload"), or use `rung import FILE`',
        },
      });
    }
    expect((await stats()).comparisons).toBe(0);
  });

  it('writes an export to a file only for rung, streaming it line by line', async () => {
    expect(await call('cli', 'importDataset', { source: { kind: 'path', path: prefs() } })).toMatchObject({ ok: true });
    const out = join(t.dir, 'out.jsonl');
    for (const transport of ['http', 'ipc'] as const) {
      const refused = await call(transport, 'exportDataToFile', { path: out });
      expect(refused).toMatchObject({ ok: false, error: { code: 'FORBIDDEN', message: expect.stringMatching(/^exportDataToFile: writing a file is refused over (HTTP|IPC) .*use exportData/) } });
    }
    expect(existsSync(out)).toBe(false);
    expect(await call('cli', 'exportDataToFile', { path: out })).toEqual({ ok: true, value: { rows: 2 } });
    expect(readFileSync(out, 'utf8').trim().split('\n').map((line) => JSON.parse(line).chosen).sort()).toEqual(['a', 'c']);
    const csv = join(t.dir, 'out.csv');
    expect(await call('cli', 'exportDataToFile', { path: csv, format: 'judgments-csv' })).toEqual({ ok: true, value: { rows: 2 } });
    // The same rows as the download the pages get.
    const download = (await call('http', 'exportData', { format: 'judgments-csv' })) as { value: { rows: number; content: string } };
    expect(download.value.rows).toBe(2);
    expect(readFileSync(csv, 'utf8')).toBe(download.value.content);
  });

  it('says which file it cannot write, and which dataset does not exist', async () => {
    const missingFolder = join(t.dir, 'no', 'such', 'folder', 'out.jsonl');
    expect(await call('cli', 'exportDataToFile', { path: missingFolder })).toMatchObject({
      ok: false,
      error: { code: 'BAD_INPUT', message: expect.stringContaining(`cannot write ${missingFolder}: ENOENT`) },
    });
    expect(await call('cli', 'exportDataToFile', { path: join(t.dir, 'x.jsonl'), datasetId: 'nope' })).toEqual({ ok: false, error: { code: 'NOT_FOUND', message: 'no dataset with id nope' } });
    expect(existsSync(join(t.dir, 'x.jsonl'))).toBe(false);
  });

  it('scores a dataset file by path only from rung or the desktop window', async () => {
    const refused = await call('http', 'scoreComparisons', { path: prefs() });
    expect(refused).toMatchObject({ ok: false, error: { code: 'FORBIDDEN', message: expect.stringMatching(/^scoreComparisons: reading a file by its path is refused over HTTP/) } });
    // Allowed from rung: it goes on to look for a model (there is none here).
    expect(await call('cli', 'scoreComparisons', { path: prefs() })).toEqual({ ok: false, error: { code: 'NOT_FOUND', message: 'no model in this database: run `rung train` first' } });
  });
});
