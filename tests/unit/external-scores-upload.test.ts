// A lab's scores from the Data page: a browser uploads the file (over HTTP, where a path or a picked file's token is
// refused) and refusals name the uploaded file by its own name and line, nothing written; the desktop window sends
// the token of the file its dialog chose, which becomes the path, and a path the page typed is refused. The server
// takes an upload as large as a dataset's (POST /api/upload), used up by the call that names it.
import { describe, expect, it } from 'vitest';
import { dispatch } from '../../electron/api';
import { MAX_PARAMS_BYTES } from '../../electron/api/limits';
import { admitWindowCall, PickedPaths } from '../../electron/main/picked-paths';
import { startServer } from '../../electron/server/http';
import { useService } from '../helpers/api';
import { jsonl, uploadSource } from '../helpers/store';
import { sentUpload } from '../helpers/uploads';

const s = useService('http');

const upload = (fileName: string, text: string) => sentUpload(text, fileName);
const counts = () => ({
  models: s.t.store.db.prepare('SELECT count(*) FROM models').pluck().get(),
  scores: s.t.store.db.prepare('SELECT count(*) FROM external_scores').pluck().get(),
});

/** Three comparisons, uploaded; their ids. */
async function setUp(): Promise<string[]> {
  const rows = [1, 2, 3].map((i) => ({ prompt: `p${i}`, chosen: `good ${i}`, rejected: `bad ${i}` }));
  await s.value('importDataset', { source: uploadSource('maths.jsonl', rows) });
  return s.t.store.db.prepare('SELECT id FROM comparisons ORDER BY rowid').pluck().all() as string[];
}

describe('importScores from an upload', () => {
  it('imports an uploaded file over HTTP, naming it by its own name (no folders)', async () => {
    const ids = await setUp();
    const text = jsonl(ids.map((id) => ({ comparison_id: id, reward_a: 1, reward_b: -1 })));
    const result = await s.value('importScores', { source: upload('../lab/rm-v3.jsonl', text), name: 'lab-rm-v3' });
    expect(result).toMatchObject({ name: 'lab-rm-v3', runId: null, layer: null, lines: 3, scores: 3, unmatched: 0, source: { file: 'rm-v3.jsonl' } });
    const [model] = await s.value('listModels', {});
    expect(model).toMatchObject({
      name: 'lab-rm-v3', kind: 'external', recipe: 'external (rm-v3.jsonl, 3 scores)', active: true,
      external: { file: 'rm-v3.jsonl', scores: 3, importedAt: expect.stringMatching(/^\d{4}-\d\d-\d\dT/) },
    });
  });

  it('refuses a bad line as NAME:LINE: field with the uploaded file\'s name, writing nothing', async () => {
    const [c1, c2] = await setUp();
    const text = `{"comparison_id": "${c1}", "reward_a": 1, "reward_b": 0}\n{"comparison_id": "${c2}", "reward_a": 1, "reward_b": "high"}\n`;
    expect(await s.call('importScores', { source: upload('lab.jsonl', text), name: 'lab' })).toEqual({
      ok: false,
      error: { code: 'BAD_INPUT', message: 'lab.jsonl:2: reward_b: must be a number, got string' },
    });
    const unknown = jsonl([{ comparison_id: c1, reward_a: 1, reward_b: 0 }, { comparison_id: 'gone', reward_a: 1, reward_b: 0 }]);
    expect(await s.call('importScores', { source: upload('lab.jsonl', unknown), name: 'lab' })).toMatchObject({
      ok: false,
      error: { code: 'BAD_INPUT', message: expect.stringMatching(/^lab\.jsonl:2: comparison_id: no comparison with id gone in this database \(.*"Skip comparisons not in this database" on the Data page\)$/) },
    });
    // an upload is used up by the call that took it, refused or not
    const used = upload('lab.jsonl', unknown);
    expect(await s.call('importScores', { source: used, name: 'lab' })).toMatchObject({ ok: false, error: { code: 'BAD_INPUT' } });
    expect(await s.call('importScores', { source: used, name: 'lab' })).toEqual({
      ok: false,
      error: { code: 'NOT_FOUND', message: `lab.jsonl: no upload ${used.uploadId} here: it was used already, or not used within 10 minutes, or sent to another server; send the file again` },
    });
    const latin1 = sentUpload(Buffer.from([0x7b, 0xe9, 0x7d]), 'lab.jsonl');
    expect(await s.call('importScores', { source: latin1, name: 'lab' })).toEqual({ ok: false, error: { code: 'BAD_INPUT', message: 'lab.jsonl: is not UTF-8 text' } });
    expect(await s.call('importScores', { source: upload('lab.jsonl', '\n\n'), name: 'lab' })).toEqual({
      ok: false,
      error: { code: 'BAD_INPUT', message: 'lab.jsonl: holds no scores (one JSON object per line is expected)' },
    });
    expect(counts()).toEqual({ models: 0, scores: 0 });
    // skipping the unmatched line, the same upload is imported, counting it
    expect(await s.value('importScores', { source: upload('lab.jsonl', unknown), name: 'lab', skipUnmatched: true })).toMatchObject({ scores: 1, unmatched: 1 });
  });

  it('refuses a path and a picked token over HTTP before anything is read', async () => {
    await setUp();
    expect(await s.call('importScores', { source: { kind: 'path', path: '/etc/passwd' }, name: 'lab' })).toEqual({
      ok: false,
      error: {
        code: 'FORBIDDEN',
        message: 'importScores: reading a file by its path is refused over HTTP (only `rung` and the desktop app on this machine may); upload the file (POST /api/upload, then source kind "upload"), or use `rung scores import FILE --name NAME`',
      },
    });
    expect(await s.call('importScores', { source: { kind: 'picked', token: 'a'.repeat(64) }, name: 'lab' })).toMatchObject({
      ok: false,
      error: { code: 'FORBIDDEN', message: expect.stringMatching(/^importScores: a file chosen in the desktop app's dialog is known only to that app's window/) },
    });
    expect(counts()).toEqual({ models: 0, scores: 0 });
  });
});

describe('importScores over the HTTP server', () => {
  it('takes an upload larger than the limit of a call without one, as importDataset does', async () => {
    const line = JSON.stringify({ comparison_id: 'not-stored', reward_a: 1, reward_b: 0 });
    const lines = Math.ceil(MAX_PARAMS_BYTES / line.length);
    const text = `${line}\n`.repeat(lines);
    const server = await startServer({ call: (method, params, transport) => dispatch(s.handlers, method, params, () => undefined, { transport }), port: 0, rendererDir: s.t.dir, logError: () => undefined });
    try {
      const sent = await fetch(`http://127.0.0.1:${server.port}/api/upload`, {
        method: 'POST',
        headers: { 'Content-Type': 'application/octet-stream', Authorization: `Bearer ${server.token}` },
        body: text,
      });
      const { uploadId } = (await sent.json()).value;
      const response = await fetch(`http://127.0.0.1:${server.port}/api/importScores`, {
        method: 'POST',
        headers: { 'Content-Type': 'application/json', Authorization: `Bearer ${server.token}` },
        body: JSON.stringify({ source: { kind: 'upload', uploadId, name: 'big.jsonl' }, name: 'big', skipUnmatched: true }),
      });
      expect(response.status).toBe(200);
      // read whole and refused by the domain, not by the server's size limit
      expect(await response.json()).toEqual({ ok: false, error: { code: 'BAD_INPUT', message: `big.jsonl: none of its ${lines} lines names a comparison in this database: import the comparisons first` } });
    } finally {
      await server.close();
    }
  });
});

describe('importScores from the desktop window', () => {
  it("turns the dialog's token into its path once; refuses a path the page typed", () => {
    const picked = new PickedPaths();
    const token = picked.grant('/data/lab-rm.jsonl');
    const params = { source: { kind: 'picked', token }, name: 'lab', skipUnmatched: true };
    expect(admitWindowCall('importScores', params, picked)).toEqual({ ok: true, params: { ...params, source: { kind: 'path', path: '/data/lab-rm.jsonl' } } });
    expect(admitWindowCall('importScores', params, picked)).toMatchObject({ ok: false, error: { code: 'FORBIDDEN', message: expect.stringContaining('choose the file again') } });
    expect(admitWindowCall('importScores', { source: { kind: 'path', path: '/etc/shadow' }, name: 'lab' }, picked)).toEqual({
      ok: false,
      error: { code: 'FORBIDDEN', message: "importScores: a file path sent by the page is refused; choose the file with the External models section's file picker" },
    });
  });
});
