// Bundles are read and written in chunks: lines (and UTF-8 characters) split across chunks come out whole, a written
// bundle of several gzip members reads back record for record, a results bundle bigger than a chunk (records straddling
// chunk boundaries) merges field by field, and a bundle that cannot be written leaves no file behind.
import { randomBytes } from 'node:crypto';
import { existsSync, readdirSync, rmSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { gunzipSync } from 'node:zlib';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { withBundleRecords } from '../../electron/core/bundles/body';
import { CHUNK_BYTES, fileLines } from '../../electron/core/bundles/chunks';
import { verifyBundleFile, type BundleRecord } from '../../electron/core/bundles/format';
import { importBundle } from '../../electron/core/bundles/import';
import { generateKeyPair } from '../../electron/core/bundles/signing';
import { writeBundleFile } from '../../electron/core/bundles/write';
import { tempDir, uploadSource } from '../helpers/store';
import { workstation, type Workstation } from '../helpers/workstations';

let dir: string;
beforeEach(() => {
  dir = tempDir();
});
afterEach(() => rmSync(dir, { recursive: true, force: true }));

describe('fileLines', () => {
  it('gives the same lines at any chunk size, joining a line or a character split across chunks', () => {
    const lines = ['first', 'a second line, longer than the smallest chunks', '', 'ünïcödé ✓ 𝄞 across chunks', 'last, without a newline'];
    const path = join(dir, 'lines.txt');
    writeFileSync(path, lines.join('\n'));
    for (const chunk of [1, 2, 3, 5, 7, 64, CHUNK_BYTES]) expect([...fileLines(path, chunk)], `chunk ${chunk}`).toEqual(lines);
  });

  it('ends the last line at a trailing newline, gives no line for an empty file, and throws for a missing one', () => {
    const path = join(dir, 'lines.txt');
    writeFileSync(path, 'a\nb\n');
    expect([...fileLines(path, 1)]).toEqual(['a', 'b']);
    writeFileSync(path, '');
    expect([...fileLines(path, 1)]).toEqual([]);
    expect(() => [...fileLines(join(dir, 'missing.txt'))]).toThrow(/ENOENT/);
  });
});

describe('writing and reading bundle files', () => {
  const signer = { id: globalThis.crypto.randomUUID(), ...generateKeyPair() };
  const evaluator = { id: globalThis.crypto.randomUUID(), name: 'Ada' };

  it('reads back, record for record, a bundle of several gzip members and many chunks', async () => {
    // ~3 MB of JSONL: at least three gzip members of ~1 MiB, and a body of many chunks.
    const records: BundleRecord[] = Array.from({ length: 1500 }, (_, i) => ({ type: 'judgments', row: { id: `j${i}`, rationale: randomBytes(1500).toString('base64'), strength: i } }));
    const path = join(dir, 'big.rungbundle');
    const written = writeBundleFile({ kind: 'results', evaluator, runIds: [], records }, signer, new Date().toISOString(), path);
    expect(written.manifest.counts).toEqual({ judgments: 1500 });
    expect(written.bytes).toBeGreaterThan(4 * CHUNK_BYTES);
    const bundle = verifyBundleFile(path, 'big.rungbundle');
    expect(bundle.sha256).toBe(written.sha256);
    const read = await withBundleRecords(bundle, (all) => [...all]);
    expect(read.map((r) => r.n)).toEqual(records.map((_, i) => i + 1));
    expect(read.map((r) => r.record)).toEqual(records);
  });

  it('refuses a bundle it cannot write, naming the path, and leaves no file behind', () => {
    const path = join(dir, 'no-such-folder', 'b.rungbundle');
    expect(() => writeBundleFile({ kind: 'results', evaluator, runIds: [], records: [] }, signer, new Date().toISOString(), path)).toThrow(/no-such-folder\/b\.rungbundle: cannot write the bundle: ENOENT/);
    expect(readdirSync(dir)).toEqual([]);
  });

  it('writes nothing when its records fail midway, passing their error on', () => {
    const path = join(dir, 'b.rungbundle');
    function* failing(): Generator<BundleRecord> {
      yield { type: 'judgments', row: { id: 'j1' } };
      throw new Error('the database went away');
    }
    expect(() => writeBundleFile({ kind: 'results', evaluator, runIds: [], records: failing() }, signer, new Date().toISOString(), path)).toThrow('the database went away');
    expect(existsSync(path)).toBe(false);
    expect(readdirSync(dir)).toEqual([]);
  });
});

describe('a results bundle bigger than a chunk', () => {
  let lab: Workstation, home: Workstation;
  beforeEach(() => {
    lab = workstation();
    home = workstation();
  });
  afterEach(() => {
    lab.close();
    home.close();
  });

  it('merges field by field, its records straddling chunk boundaries', async () => {
    const rows = Array.from({ length: 40 }, (_, i) => ({ prompt: `Question ${i}?`, response_a: `Answer ${i} one.`, response_b: `Answer ${i} two.` }));
    for (const w of [lab, home]) await w.value('importDataset', { source: uploadSource('d.jsonl', rows), format: 'rung' });
    const ada = await lab.value('createEvaluator', { name: 'Ada' });
    const items = await lab.value('nextComparisons', { evaluatorId: ada.id, count: 40 });
    for (const item of items) {
      // Incompressible rationales, so that the file, not only its decompressed body, spans several chunks.
      await lab.value('submitJudgment', { comparisonId: item.comparison.id, evaluatorId: ada.id, choice: 'A', leftSide: item.leftSide, rationale: randomBytes(6000).toString('base64') });
    }
    const bytes = Buffer.from((await lab.value('exportResultsBundle', { evaluator: 'Ada' })).contentBase64, 'base64');
    const text = gunzipSync(bytes.subarray(bytes.indexOf(0x0a) + 1));
    // The premise: several chunks in the file and in its body, and a record line crossing a chunk boundary.
    expect(bytes.length).toBeGreaterThan(2 * CHUNK_BYTES);
    const boundaries = Array.from({ length: Math.floor(text.length / CHUNK_BYTES) }, (_, k) => (k + 1) * CHUNK_BYTES);
    expect(boundaries.some((at) => text[at - 1] !== 0x0a)).toBe(true);

    const path = join(dir, 'ada.rungbundle');
    writeFileSync(path, bytes);
    const outcome = await importBundle(home.db, path, 'ada.rungbundle', { trust: true, actor: 'test' });
    expect(outcome.added).toMatchObject({ evaluators: 1, judgments: 40 });
    const judgments = (w: Workstation) => w.db.prepare('SELECT * FROM judgments ORDER BY id').all();
    expect(judgments(home)).toEqual(judgments(lab));
  });
});
