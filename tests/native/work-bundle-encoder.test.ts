// Work bundles for a model trained on an encoder's embeddings (#19): the bundle carries the encoder's registration (no
// folder) and the cached embeddings of every text assistance scores; a workstation with no encoder folder gets the
// lead's assistance from them, lists the encoder as embeddings only, adds nothing on a second import, refuses a
// tampered embedding whole, and names the encoder when a text it must score has no embedding.
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import type { BundleContent, BundleRecord } from '../../electron/core/bundles/format';
import { workContent } from '../../electron/core/bundles/work';
import { cachedEmbeddingCount, encoderByName } from '../../electron/core/db/encoders';
import { activeModelId } from '../../electron/core/db/models';
import { ensureWorkstation } from '../../electron/core/db/workstation-keys';
import { trainRung } from '../../electron/core/ladder/train-rung';
import { scoreComparison } from '../../electron/core/ladder/assistance';
import { bundleBytes } from '../helpers/bundle-files';
import { writeTinyEncoder } from '../helpers/encoders';
import { uploadSource } from '../helpers/store';
import { bundleUpload, snapshot, workstation, type Workstation } from '../helpers/workstations';

/** Layer 0 judged by Ada (the better response is "hello world !"); layer 1 waits, with longer responses to segment
 *  (two of them with the data's own segments). */
const rows = Array.from({ length: 30 }, (_, i) => {
  const aGood = i % 2 === 0;
  const [good, bad] = i < 20 ? ['hello world !', 'cafe , x'] : [`hello world ! hello ${i} . cafe world`, `cafe , x . x cafe ${i} !`];
  const row: Record<string, unknown> = { prompt: `hello ${i}`, response_a: aGood ? good : bad, response_b: aGood ? bad : good, layer: i < 20 ? 0 : 1 };
  if (i < 20) row.judgments = [{ evaluator: 'Ada', choice: aGood ? 'A' : 'B' }];
  if (i >= 28) row.segments = { a: splitAt(row.response_a as string), b: splitAt(row.response_b as string) };
  return row;
});
function splitAt(text: string): string[] {
  const cut = text.indexOf(' . ') + 3;
  return [text.slice(0, cut), text.slice(cut)];
}

let lead: Workstation, home: Workstation;
let runId: string, bobId: string, modelId: string, layer1: string[];
beforeEach(async () => {
  lead = workstation();
  home = workstation();
  const dir = join(lead.t.dir, 'tiny-bert');
  writeTinyEncoder(dir);
  await lead.value('importDataset', { source: uploadSource('hello.jsonl', rows), format: 'rung' });
  await lead.value('addEncoder', { path: dir, name: 'mini' });
  runId = (await lead.value('createRun', { name: 'Encoder ladder', layers: [0, 1].map((layer) => ({ name: `L${layer}`, rule: { kind: 'field', layer } })) })).id;
  await trainRung(lead.t.store, { runId, layer: 0, holdout: 0, seed: 1, device: 'cpu', actor: 'test', encoder: 'mini' });
  modelId = activeModelId(lead.db, runId, 0)!;
  bobId = (await lead.value('createEvaluator', { name: 'Bob' })).id;
  layer1 = lead.db.prepare("SELECT c.id FROM comparisons c JOIN prompts p ON p.id = c.prompt_id WHERE CAST(substr(p.text, 7) AS INTEGER) >= 20 ORDER BY c.rowid").pluck().all() as string[];
});
afterEach(() => {
  lead.close();
  home.close();
});

const exportWork = async () => (await lead.value('exportWorkBundle', { runId, layer: 1, evaluatorId: bobId })).contentBase64 as string;
const leadKeys = () => ensureWorkstation(lead.db);

/** The lead's work content for Bob with each record passed through `change` (null drops it), signed by the lead. */
async function changedBundle(change: (record: BundleRecord) => BundleRecord | null): Promise<Buffer> {
  const content = await workContent(lead.db, { runId, layer: 1, evaluatorId: bobId });
  const records = function* () {
    for (const record of content.records) {
      const changed = change(record);
      if (changed) yield changed;
    }
  };
  return bundleBytes({ ...content, records: records() } as BundleContent, leadKeys()).bytes;
}

const close = (a: number, b: number) => expect(Math.abs(a - b)).toBeLessThan(1e-6);

describe('a work bundle for a model trained on an encoder', () => {
  it('carries the encoder without its folder and the embeddings assistance needs: the workstation assists as the lead does', async () => {
    expect(layer1).toHaveLength(10);
    const bundle = await exportWork();
    const imported = await home.value('importBundle', { source: bundleUpload(bundle), trust: true });
    expect(imported.features.map((f: { name: string }) => f.name)).toContain('encoder-embeddings');
    expect(imported.added).toMatchObject({ comparisons: 10, models: 1, encoders: 1 });
    expect(imported.added.embeddings).toBeGreaterThan(30); // 10 prompts, 20 responses, and their segments

    const [listed] = await home.value('listEncoders');
    expect(listed).toMatchObject({ name: 'mini', path: '', checksum: encoderByName(lead.db, 'mini')!.checksum, cachedEmbeddings: imported.added.embeddings });

    // Bob's queue on the workstation, assisted from the carried embeddings: the lead's scores, control trials aside.
    const queue = await home.value('nextComparisons', { evaluatorId: bobId, runId, layer: 1, count: 10 });
    expect(queue).toHaveLength(10);
    let assisted = 0;
    for (const item of queue) {
      expect(item.assistance).not.toBeNull();
      if (item.assistance.mode === 'control') continue;
      expect(item.assistance.mode).toBe('assisted');
      assisted++;
      const there = await scoreComparison(lead.db, modelId, item.comparison.id);
      if ('missing' in there) throw new Error(there.missing);
      close(item.assistance.pA, there.pA);
      close(item.assistance.rewardA.mean, there.rewards[0].mean);
      close(item.assistance.rewardB.mean, there.rewards[1].mean);
      expect(item.assistance.segmentSource).toBe(there.segmentSource);
      for (const side of ['A', 'B'] as const) {
        expect(item.assistance.segments[side].map((s: { start: number; end: number }) => [s.start, s.end])).toEqual(there.segments[side].map((s) => [s.start, s.end]));
        item.assistance.segments[side].forEach((s: { reward: number }, i: number) => close(s.reward, there.segments[side][i].reward));
      }
    }
    expect(assisted).toBeGreaterThan(5);
    expect(queue.some((item: { assistance: { segmentSource?: string } }) => item.assistance.segmentSource === 'data')).toBe(true);

    // A second bundle of the same work adds nothing; the same file again is a replay, refused.
    const before = snapshot(home.db, { withAudit: false, skip: ['bundle_receipts'] });
    const again = await home.value('importBundle', { source: bundleUpload(await exportWork()) });
    expect(Object.values(again.added).every((n) => n === 0)).toBe(true);
    expect(snapshot(home.db, { withAudit: false, skip: ['bundle_receipts'] })).toEqual(before);
    expect(await home.call('importBundle', { source: bundleUpload(bundle) })).toMatchObject({ ok: false, error: { code: 'CONFLICT', message: expect.stringContaining('already imported') } });
  });

  it('refuses a bundle whose embedding is not its encoder’s size, writing nothing', async () => {
    let tampered = false;
    const bytes = await changedBundle((record) => {
      if (record.type !== 'embeddings' || tampered) return record;
      tampered = true;
      return { ...record, row: { ...record.row, vector: { base64: Buffer.alloc(12).toString('base64') } } };
    });
    const before = snapshot(home.db);
    const result = await home.call('importBundle', { source: bundleUpload(bytes, 'work.rung'), trust: true });
    expect(result).toMatchObject({ ok: false, error: { code: 'BAD_INPUT', message: expect.stringMatching(/^work\.rung: record \d+: embeddings\.vector: expected \d+ float32 values \(\d+ bytes\), got 12 bytes; nothing was imported$/) } });
    expect(snapshot(home.db)).toEqual(before);
  });

  it('refuses an encoder of the same name with other files, and embeddings of an encoder the bundle does not carry', async () => {
    const otherChecksum = await changedBundle((record) => (record.type === 'encoders' ? { ...record, row: { ...record.row, checksum: 'f'.repeat(64) } } : record));
    const orphan = await changedBundle((record) => (record.type === 'encoders' ? null : record));
    for (const [bytes, message] of [
      [orphan, /embeddings of encoder checksum [0-9a-f]{12}…, which the bundle does not carry/],
      [otherChecksum, /embeddings of encoder checksum [0-9a-f]{12}…, which the bundle does not carry/],
    ] as const) {
      const before = snapshot(home.db);
      expect(await home.call('importBundle', { source: bundleUpload(bytes), trust: true })).toMatchObject({ ok: false, error: { code: 'BAD_INPUT', message: expect.stringMatching(message) } });
      expect(snapshot(home.db)).toEqual(before);
    }
    // The lead's own encoder, of that name, with a folder: a bundle naming other files under it is refused.
    const leadCopy = await changedBundle((record) => (record.type === 'encoders' ? { ...record, row: { ...record.row, checksum: 'e'.repeat(64) } } : record));
    expect(await lead.call('importBundle', { source: bundleUpload(leadCopy), trust: true })).toMatchObject({
      ok: false,
      error: { code: 'BAD_INPUT', message: expect.stringMatching(/encoder "mini" here has checksum [0-9a-f]{12}…, the bundle's model needs eeeeeeeeeeee…/) },
    });
  });

  it('names the encoder when a text to score has no embedding there', async () => {
    let dropped = 0;
    const bytes = await changedBundle((record) => (record.type === 'embeddings' && dropped++ < 2 ? null : record));
    await home.value('importBundle', { source: bundleUpload(bytes), trust: true });
    const checksum = encoderByName(home.db, 'mini')!.checksum;
    expect(cachedEmbeddingCount(home.db, checksum)).toBeGreaterThan(0);
    // The first two embeddings carried are one comparison's prompt and response A: only that comparison cannot be scored.
    const scored = await Promise.allSettled(layer1.map((id) => scoreComparison(home.db, modelId, id)));
    const refused = scored.filter((r) => r.status === 'rejected');
    expect(refused).toHaveLength(1);
    expect(String((refused[0] as PromiseRejectedResult).reason.message)).toMatch(
      /^encoder "mini" has no folder here \(a work bundle carried its embeddings only\) and 2 texts to score have no cached embedding: add its folder/,
    );
  });
});
