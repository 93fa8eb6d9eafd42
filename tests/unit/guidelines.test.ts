// Guidelines for a dataset and for a run's layer through the contract: written and read back (both, labelled, when
// both apply), each edit audited with the old and new text, and the refusals (an unknown dataset, run or layer, a text
// over 64 KiB, a target given wrongly) exact and writing nothing.
import { describe, expect, it } from 'vitest';
import { useService } from '../helpers/api';
import { uploadSource } from '../helpers/store';

const s = useService();
const { call, value } = s;

async function setUp(): Promise<{ datasetId: string; runId: string }> {
  const { datasetId } = await value('importDataset', { source: uploadSource('maths.jsonl', [{ prompt: 'p', response_a: 'a', response_b: 'bb' }]), format: 'rung' });
  const run = await value('createRun', { name: 'Pilot', layers: [{ name: 'short', rule: { kind: 'length', maxChars: 400 } }, { name: 'long', rule: { kind: 'length', minChars: 401 } }] });
  return { datasetId, runId: run.id };
}
const audit = () =>
  (s.t.store.db.prepare(`SELECT actor, action, entity, entity_id AS entityId, details FROM audit_log WHERE entity LIKE '%-guidelines' ORDER BY seq`).all() as { details: string }[]).map((r) => ({
    ...r,
    details: JSON.parse(r.details) as unknown,
  }));
const rows = () => s.t.store.db.prepare('SELECT * FROM guidelines ORDER BY rowid').all();

describe('guidelines', () => {
  it("writes a dataset's and a layer's, reads each and both (labelled, the dataset's first), and audits each edit", async () => {
    const { datasetId, runId } = await setUp();
    expect(await value('getGuidelines', { datasetId, runId, layer: 1 })).toEqual([]);
    const written = await value('setGuidelines', { datasetId, text: '# Maths\nCheck the **answer**.' });
    expect(written).toMatchObject({ scope: 'dataset', label: 'Dataset maths', datasetId, runId: null, layer: null, text: '# Maths\nCheck the **answer**.', writtenBy: 'local user' });
    await value('setGuidelines', { runId, layer: 1, text: 'Long ones: read every step.', actor: 'Lea' });
    expect(await value('getGuidelines', { runId, layer: 1 })).toEqual([
      expect.objectContaining({ scope: 'layer', label: 'Run Pilot · layer 1 (long)', datasetId: null, runId, layer: 1, text: 'Long ones: read every step.', writtenBy: 'Lea' }),
    ]);
    expect((await value('getGuidelines', { datasetId, runId, layer: 1 })).map((g: { label: string }) => g.label)).toEqual(['Dataset maths', 'Run Pilot · layer 1 (long)']);
    expect(await value('getGuidelines', { runId, layer: 0 })).toEqual([]); // layer 0 has none
    // An edit: audited with both texts; the same text again records nothing; empty text removes them from the reads.
    await value('setGuidelines', { datasetId, text: 'Check the answer.' });
    await value('setGuidelines', { datasetId, text: 'Check the answer.' });
    await value('setGuidelines', { datasetId, text: '' });
    expect(await value('getGuidelines', { datasetId })).toEqual([]);
    expect(audit()).toEqual([
      { actor: 'local user', action: 'edit', entity: 'dataset-guidelines', entityId: datasetId, details: { from: null, to: '# Maths\nCheck the **answer**.', writtenBy: 'local user' } },
      { actor: 'Lea', action: 'edit', entity: 'layer-guidelines', entityId: expect.any(String), details: { from: null, to: 'Long ones: read every step.', writtenBy: 'Lea' } },
      { actor: 'local user', action: 'edit', entity: 'dataset-guidelines', entityId: datasetId, details: { from: '# Maths\nCheck the **answer**.', to: 'Check the answer.', writtenBy: 'local user' } },
      { actor: 'local user', action: 'edit', entity: 'dataset-guidelines', entityId: datasetId, details: { from: 'Check the answer.', to: '', writtenBy: 'local user' } },
    ]);
  });

  it('takes exactly 64 KiB of UTF-8 and refuses more, an unknown dataset, run or layer and a target given wrongly, writing nothing', async () => {
    const { datasetId, runId } = await setUp();
    const unknown = '0123abcd-0000-4000-8000-000000000000';
    const refusals: [Record<string, unknown>, string, string][] = [
      [{ datasetId, text: 'é'.repeat(32_768) + 'x' }, 'INVALID_PARAMS', 'setGuidelines: text: must be at most 65536 bytes (64 KiB) of UTF-8 text, got 65537 bytes'],
      [{ datasetId: unknown, text: 'x' }, 'NOT_FOUND', `no dataset with id ${unknown}`],
      [{ runId: unknown, layer: 0, text: 'x' }, 'NOT_FOUND', `no run with id ${unknown}`],
      [{ runId, layer: 2, text: 'x' }, 'NOT_FOUND', 'this run has no layer 2'],
      [{ runId, text: 'x' }, 'INVALID_PARAMS', 'setGuidelines: layer: give runId and layer together'],
      [{ datasetId, runId, layer: 0, text: 'x' }, 'INVALID_PARAMS', 'setGuidelines: datasetId: give exactly one of datasetId, or runId and layer'],
      [{ text: 'x' }, 'INVALID_PARAMS', 'setGuidelines: datasetId: give exactly one of datasetId, or runId and layer'],
    ];
    for (const [params, code, message] of refusals) expect(await call('setGuidelines', params)).toMatchObject({ ok: false, error: { code, message } });
    expect(await call('getGuidelines', {})).toMatchObject({ ok: false, error: { code: 'INVALID_PARAMS', message: 'getGuidelines: datasetId: give datasetId, or runId and layer' } });
    expect(await call('getGuidelines', { datasetId: unknown })).toMatchObject({ ok: false, error: { code: 'NOT_FOUND', message: `no dataset with id ${unknown}` } });
    expect(rows()).toEqual([]);
    expect(audit()).toEqual([]);
    // The limit itself is allowed.
    expect((await value('setGuidelines', { datasetId, text: 'é'.repeat(32_768) })).text).toHaveLength(32_768);
  });
});
