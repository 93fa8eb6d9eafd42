// The HTTP server's body limit per method: every method whose params may carry an uploaded file (as the contract
// says: a `source` that takes { kind: 'upload' }) takes a body past the limit of other calls, and only those do.
import { describe, expect, it } from 'vitest';
import { contract } from '../../electron/api';
import { MAX_PARAMS_BYTES } from '../../electron/api/limits';
import { startServer, UPLOAD_METHODS } from '../../electron/server/http';
import { tempDir } from '../helpers/store';

type Schema = { safeParse(v: unknown): { success: boolean; error?: { issues: { path: PropertyKey[] }[] } } };
const sourceIssue = (schema: Schema, params: unknown) => {
  const parsed = schema.safeParse(params);
  return !parsed.success && parsed.error!.issues.some((issue) => issue.path[0] === 'source');
};

/** Whether a method's params take an upload past an ordinary call's limit, as the contract itself decides: it asks
 *  for a source, and one uploading more than MAX_PARAMS_BYTES is no fault of the source's. */
function takesLargeUpload(method: keyof typeof contract): boolean {
  const params = contract[method].params as Schema;
  const large = { source: { kind: 'upload', fileName: 'x', contentBase64: 'A'.repeat(MAX_PARAMS_BYTES + 16) } };
  return sourceIssue(params, {}) && !sourceIssue(params, large);
}

describe('request body limits', () => {
  it('lets exactly the methods that take an upload send one larger than an ordinary call', async () => {
    const uploading = (Object.keys(contract) as (keyof typeof contract)[]).filter(takesLargeUpload);
    expect(new Set(uploading)).toEqual(new Set(UPLOAD_METHODS));
    const reached: string[] = [];
    const server = await startServer({ call: async (method) => (reached.push(method), { ok: true, value: null }), port: 0, rendererDir: tempDir(), logError: () => undefined });
    try {
      const body = JSON.stringify({ source: { kind: 'upload', fileName: 'big.bin', contentBase64: 'A'.repeat(MAX_PARAMS_BYTES + 16) } });
      const post = (method: string) =>
        fetch(`http://127.0.0.1:${server.port}/api/${method}`, { method: 'POST', headers: { 'Content-Type': 'application/json', Authorization: `Bearer ${server.token}` }, body });
      for (const method of uploading) expect((await post(method)).status, method).toBe(200);
      expect(reached.sort()).toEqual([...uploading].sort());
      const refused = await post('listRuns');
      expect(refused.status).toBe(413);
      expect(reached).not.toContain('listRuns');
    } finally {
      await server.close();
    }
  });
});
