// Bundles refused whole: a flipped byte anywhere, a truncated file, a body that fails midway, a file changed between its
// verification and its merge, a bundle re-signed with another key, an unknown, mismatching or revoked signer, a newer
// bundle schema, a replay, results for comparisons or runs this database lacks.
// Each refusal names the file and what is wrong, and leaves every table (audit log included) as it was.
import { createHash } from 'node:crypto';
import { gunzipSync, gzipSync } from 'node:zlib';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { appendFileSync, rmSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { verifyBundleFile } from '../../electron/core/bundles/format';
import { importBundle, importVerifiedBundle } from '../../electron/core/bundles/import';
import { generateKeyPair, signBytes } from '../../electron/core/bundles/signing';
import { bundleBytes } from '../helpers/bundle-files';
import { tempDir, uploadSource } from '../helpers/store';
import { bundleUpload, snapshot, workstation, type Workstation } from '../helpers/workstations';

const rows = Array.from({ length: 4 }, (_, i) => ({ prompt: `Question ${i}?`, response_a: `Answer ${i} one.`, response_b: `Answer ${i} two, longer.`, layer: 0 }));

let lab: Workstation, home: Workstation;
let results: Buffer;

beforeEach(async () => {
  lab = workstation();
  home = workstation();
  for (const w of [lab, home]) await w.value('importDataset', { source: uploadSource('d.jsonl', rows), format: 'rung' });
  const ada = await lab.value('createEvaluator', { name: 'Ada', domains: ['math'] });
  const items = await lab.value('nextComparisons', { evaluatorId: ada.id, count: 3 });
  for (const [i, item] of items.entries()) {
    await lab.value('submitJudgment', { comparisonId: item.comparison.id, evaluatorId: ada.id, choice: i === 1 ? 'B' : 'A', leftSide: item.leftSide, rationale: `because ${i}`, durationMs: 1000 + i });
  }
  const written = await lab.value('exportResultsBundle', { evaluator: 'Ada' });
  results = Buffer.from(written.contentBase64, 'base64');
});
afterEach(() => {
  lab.close();
  home.close();
});

/** Imports through the contract and expects a refusal whose message matches; the database must not change. */
async function refused(bytes: Buffer, message: RegExp, fileName = 'ada.rungbundle', trust = true) {
  const before = snapshot(home.db);
  const result = await home.call('importBundle', { source: bundleUpload(bytes, fileName), trust });
  expect(result.ok).toBe(false);
  if (!result.ok) {
    expect(result.error.message).toMatch(message);
    expect(result.error.message).toContain(fileName);
  }
  expect(snapshot(home.db)).toEqual(before);
}

/** A bundle as writeBundleFile makes it but with the manifest's fields changed before signing, signed by `keys`. */
function forged(
  change: (manifest: Record<string, unknown>) => void,
  keys = generateKeyPair(),
  workstationId = globalThis.crypto.randomUUID(),
  body: Buffer = gzipSync(Buffer.from('{"type":"evaluators","row":{"id":"00000000-0000-4000-8000-000000000000"}}\n')),
) {
  const manifest: Record<string, unknown> = {
    format: 'rung-bundle', schemaVersion: 1, kind: 'results', bundleId: globalThis.crypto.randomUUID(), workstationId, publicKey: keys.publicKey,
    createdAt: new Date().toISOString(), evaluator: { id: '00000000-0000-4000-8000-000000000000', name: 'X' }, runIds: [], counts: { evaluators: 1 },
    contentBytes: body.length, contentSha256: createHash('sha256').update(body).digest('hex'),
  };
  change(manifest);
  const signature = signBytes(keys.privateKey, Buffer.from(`rung-bundle-signature-v1\n${JSON.stringify(manifest)}`));
  return Buffer.concat([Buffer.from(`${JSON.stringify({ ...manifest, signature })}\n`), body]);
}

/** Ada's results bundle with its body replaced by `body` and signed anew (by a key home does not know yet). */
function withBody(body: Buffer) {
  const original = JSON.parse(results.subarray(0, results.indexOf(0x0a)).toString('utf8'));
  return forged((m) => Object.assign(m, { evaluator: original.evaluator, counts: original.counts, runIds: original.runIds }), generateKeyPair(), globalThis.crypto.randomUUID(), body);
}

describe('bundle refusals', () => {
  it('accepts the untouched bundle (control), and refuses one flipped byte at every position of the file', async () => {
    const before = snapshot(home.db);
    let refusedCount = 0;
    const dir = tempDir();
    const file = join(dir, 'flipped.rungbundle');
    for (let position = 0; position < results.length; position++) {
      const tampered = Buffer.from(results);
      tampered[position] ^= 0x20;
      writeFileSync(file, tampered);
      await expect(importBundle(home.db, file, 'flipped.rungbundle', { trust: true, actor: 'test' }), `byte ${position}`).rejects.toThrow(/flipped\.rungbundle: .*nothing was imported/);
      refusedCount++;
    }
    rmSync(dir, { recursive: true, force: true });
    expect(refusedCount).toBe(results.length);
    expect(snapshot(home.db)).toEqual(before);
    const imported = await home.value('importBundle', { source: bundleUpload(results), trust: true });
    expect(imported.added).toMatchObject({ evaluators: 1, judgments: 3 });
  });

  it('refuses a truncated file at any length, naming how much content is missing', async () => {
    for (const length of [0, 10, results.indexOf(0x0a), results.indexOf(0x0a) + 1, results.length - 40, results.length - 1]) {
      await refused(results.subarray(0, length), /empty|no manifest line|manifest|truncated/);
    }
    await refused(results.subarray(0, results.length - 1), /truncated: \d+ of the \d+ bytes of content/);
    await refused(Buffer.concat([results, Buffer.from('x')]), /1 bytes more than/);
  });

  it('refuses a signed body that fails midway (its gzip cut short, or a malformed record after good ones), nothing written', async () => {
    const text = gunzipSync(results.subarray(results.indexOf(0x0a) + 1)).toString('utf8');
    const good = text.split('\n').length - 1;
    expect(good).toBeGreaterThan(3);
    const gzipped = gzipSync(Buffer.from(text));
    await refused(withBody(gzipped.subarray(0, gzipped.length - 8)), /its content does not decompress \(unexpected end of file\)/);
    await refused(withBody(gzipSync(Buffer.from(`${text}{"type":"judgments",\n`))), new RegExp(`record ${good + 1}: `));
    // control: the same body, whole, re-signed, merges
    expect((await home.value('importBundle', { source: bundleUpload(withBody(gzipped)), trust: true })).added).toMatchObject({ evaluators: 1, judgments: 3 });
  });

  it('refuses a file replaced, written to or removed between its verification and its merge, naming it, nothing written', async () => {
    const dir = tempDir();
    const file = join(dir, 'ada.rungbundle');
    const other = Buffer.from((await lab.value('exportResultsBundle', { evaluator: 'Ada' })).contentBase64, 'base64');
    const before = snapshot(home.db);
    try {
      for (const change of [() => writeFileSync(file, other), () => appendFileSync(file, '\n'), () => rmSync(file)]) {
        writeFileSync(file, results);
        const bundle = verifyBundleFile(file, 'ada.rungbundle');
        change();
        await expect(importVerifiedBundle(home.db, bundle, { trust: true, actor: 'test' })).rejects.toThrow(/^ada\.rungbundle: the file changed after it was verified .*nothing was imported$/);
        expect(snapshot(home.db)).toEqual(before);
      }
      writeFileSync(file, results); // control: left alone, it merges
      expect((await importVerifiedBundle(home.db, verifyBundleFile(file, 'ada.rungbundle'), { trust: true, actor: 'test' })).added).toMatchObject({ judgments: 3 });
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  });

  it('refuses a bundle whose content was replaced and re-signed with a key this database does not know, naming the signer', async () => {
    const keys = await lab.value('getWorkstationKeys');
    // the same workstation id, another key: a mismatch, refused even when told to trust
    const impostor = forged(() => undefined, generateKeyPair(), keys.workstationId);
    await home.value('importBundle', { source: bundleUpload(results), trust: true }); // home now knows the lab's key
    await refused(impostor, new RegExp(`signed by workstation ${keys.workstationId} with key SHA256:\\S+, but this database knows key ${keys.fingerprint.replace(/[+/]/g, '\\$&')}`));
    // an unknown workstation: refused without trust, with its id, fingerprint and how to accept it
    const stranger = forged(() => undefined);
    await refused(stranger, /signed by workstation [0-9a-f-]{36} with key SHA256:\S+, which this database does not know.*rung keys trust .*--trust/, 'ada.rungbundle', false);
  });

  it('refuses an unknown signer until trusted, then a revoked key', async () => {
    await refused(results, /which this database does not know/, 'ada.rungbundle', false);
    const inspected = await home.value('inspectBundle', { source: bundleUpload(results) });
    expect(inspected.signer).toMatchObject({ trust: 'unknown', workstationId: (await lab.value('getWorkstationKeys')).workstationId });
    expect(inspected.added).toMatchObject({ judgments: 3, evaluators: 1 });
    const key = await home.value('trustBundleSigner', { source: bundleUpload(results), displayName: 'Ada laptop' });
    expect(key).toMatchObject({ displayName: 'Ada laptop', revokedAt: null });
    expect((await home.value('inspectBundle', { source: bundleUpload(results) })).signer.trust).toBe('trusted');
    await home.value('revokeWorkstationKey', { key: key.workstationId });
    await refused(results, /revoked here on/);
  });

  it('refuses a newer bundle schema naming its version, and a manifest that is not a bundle', async () => {
    await refused(forged((m) => (m.schemaVersion = 3)), /made by a newer Rung \(schema version 3, this Rung reads up to 2\); update Rung to read it/);
    await refused(gzipSync(Buffer.from('{"prompt":"x"}\n')), /a gzip file, not a Rung bundle/);
    await refused(Buffer.from('{"prompt":"x"}\n'), /not a Rung bundle manifest/);
    await refused(Buffer.from('{"a":1,"a":2}\n'), /duplicate key/);
  });

  it('refuses a replay of the same file, while a re-export of the same content adds nothing', async () => {
    await home.value('importBundle', { source: bundleUpload(results), trust: true });
    await refused(results, /already imported here on .*a replay/);
    const again = await lab.value('exportResultsBundle', { evaluator: 'Ada' });
    const second = await home.value('importBundle', { source: bundleUpload(again.contentBase64) });
    expect(Object.values(second.added).every((n) => n === 0)).toBe(true);
  });

  it("refuses results for comparisons this database lacks, and results made in another lab's run", async () => {
    const empty = workstation();
    try {
      const before = snapshot(empty.db);
      const result = await empty.call('importBundle', { source: bundleUpload(results, 'ada.rungbundle'), trust: true });
      expect(result).toMatchObject({ ok: false, error: { code: 'BAD_INPUT', message: expect.stringMatching(/ada\.rungbundle: record \d+: judgment \S+: comparison \S+ is not in this database/) } });
      expect(snapshot(empty.db)).toEqual(before);
    } finally {
      empty.close();
    }
    const runId = globalThis.crypto.randomUUID();
    const { db } = lab;
    const keys = db.prepare('SELECT id, public_key AS publicKey, private_key AS privateKey FROM workstation').get() as { id: string; publicKey: string; privateKey: string };
    const elsewhere = bundleBytes({ kind: 'results', evaluator: { id: globalThis.crypto.randomUUID(), name: 'Eve' }, runIds: [runId], records: [] }, keys).bytes;
    await refused(elsewhere, new RegExp(`made in run ${runId}, which this database does not have \\(a bundle for another lab's run\\?\\)`));
  });
});
