// The HTTP server's body limit: no contract call carries a file's content any more (a browser sends the file to
// POST /api/upload and names its uploadId), so every method, the former upload methods included, takes at most
// MAX_PARAMS_BYTES, refused from its Content-Length before anything reaches the domain.
import { describe, expect, it } from 'vitest';
import { contract } from '../../electron/api';
import { MAX_PARAMS_BYTES } from '../../electron/api/limits';
import { startServer } from '../../electron/server/http';
import { tempDir } from '../helpers/store';

type Schema = { safeParse(v: unknown): { success: boolean; error?: { issues: { path: PropertyKey[] }[] } } };
const sourceIssue = (schema: Schema, params: unknown) => {
  const parsed = schema.safeParse(params);
  return !parsed.success && parsed.error!.issues.some((issue) => issue.path[0] === 'source');
};

const methods = Object.keys(contract) as (keyof typeof contract)[];
/** The methods that read a file from a `source`, as the contract itself says: one naming an upload is no fault of the source's. */
const takesUpload = (method: keyof typeof contract) =>
  sourceIssue(contract[method].params as Schema, {}) && !sourceIssue(contract[method].params as Schema, { source: { kind: 'upload', uploadId: 'a'.repeat(32), name: 'x.jsonl' } });

describe('request body limits', () => {
  it("takes a file's content in no source: an upload is named by its id", () => {
    const uploading = methods.filter(takesUpload);
    expect(uploading).toEqual(expect.arrayContaining(['importDataset', 'previewImport', 'importScores', 'inspectBundle', 'importBundle', 'trustBundleSigner']));
    for (const method of uploading) {
      const content = { source: { kind: 'upload', fileName: 'x.jsonl', contentBase64: 'e30K' } };
      expect(sourceIssue(contract[method].params as Schema, content), method).toBe(true);
    }
  });

  it('refuses a body over MAX_PARAMS_BYTES for every method, the former upload methods too, before the domain', async () => {
    const reached: string[] = [];
    const server = await startServer({ call: async (method) => (reached.push(method), { ok: true, value: null }), port: 0, rendererDir: tempDir(), logError: () => undefined });
    try {
      const body = JSON.stringify({ source: { kind: 'upload', uploadId: 'a'.repeat(32), name: 'big.bin' }, padding: 'A'.repeat(MAX_PARAMS_BYTES) });
      const post = (method: string) =>
        fetch(`http://127.0.0.1:${server.port}/api/${method}`, { method: 'POST', headers: { 'Content-Type': 'application/json', Authorization: `Bearer ${server.token}` }, body });
      for (const method of ['importDataset', 'importScores', 'inspectBundle', 'importBundle', 'trustBundleSigner', 'listRuns']) {
        const refused = await post(method);
        expect(refused.status, method).toBe(413);
        expect(await refused.json()).toEqual({ ok: false, error: { code: 'BAD_INPUT', message: `${method}: request body over ${MAX_PARAMS_BYTES.toLocaleString('en-US')} bytes` } });
      }
      expect(reached).toEqual([]);
    } finally {
      await server.close();
    }
  });
});
