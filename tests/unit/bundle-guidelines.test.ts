// Guidelines travel in work bundles: the lead's guidelines for the bundle's dataset and its run's layers arrive on the
// evaluator's workstation as written (who, when), audited as received; a later edit replaces them on the next import,
// an older bundle imported after a newer one changes nothing, and importing again adds nothing.
import { afterAll, describe, expect, it } from 'vitest';
import type { Workstation } from '../helpers/workstations';
import { bundleUpload, workstation } from '../helpers/workstations';

const all: Workstation[] = [];
const station = () => {
  const w = workstation();
  all.push(w);
  return w;
};
afterAll(() => all.forEach((w) => w.close()));

describe('guidelines in work bundles', () => {
  it('carries the dataset’s and the layers’ guidelines, and a later edit replaces older ones whatever the order', async () => {
    const lead = station();
    await lead.value('loadDemo');
    const run = await lead.value('createDemoRun');
    const [datasetId] = (await lead.value('listDatasets')).map((d: { id: string }) => d.id);
    const ada = await lead.value('createEvaluator', { name: 'Ada' });
    await lead.value('setGuidelines', { datasetId, text: '# Word problems\nCheck the final number.', actor: 'Lea' });
    await lead.value('setGuidelines', { runId: run.id, layer: 0, text: 'One-step problems: be quick.', actor: 'Lea' });
    const exportWork = async () => (await lead.value('exportWorkBundle', { runId: run.id, layer: 0, evaluatorId: ada.id })).contentBase64 as string;
    const first = await exportWork();
    const onLead = await lead.value('getGuidelines', { datasetId, runId: run.id, layer: 0 });

    const w1 = station();
    const imported = await w1.value('importBundle', { source: bundleUpload(first), trust: true });
    expect(imported.added).toMatchObject({ guidelines: 2 });
    expect(await w1.value('getGuidelines', { datasetId, runId: run.id, layer: 0 })).toEqual(onLead); // who wrote them and when, too
    expect(w1.db.prepare(`SELECT actor, action, entity FROM audit_log WHERE entity LIKE '%-guidelines' ORDER BY seq`).all()).toEqual([
      { actor: 'local user', action: 'receive', entity: 'dataset-guidelines' },
      { actor: 'local user', action: 'receive', entity: 'layer-guidelines' },
    ]);

    // The lead edits the layer's guidelines: the next bundle updates them; the dataset's, unchanged, count nothing.
    await new Promise((resolve) => setTimeout(resolve, 5)); // a later time than the first text's
    await lead.value('setGuidelines', { runId: run.id, layer: 0, text: 'One-step problems: check the unit too.', actor: 'Lea' });
    const second = await exportWork();
    expect((await w1.value('importBundle', { source: bundleUpload(second) })).added).toMatchObject({ guidelines: 1 });
    expect((await w1.value('getGuidelines', { runId: run.id, layer: 0 }))[0].text).toBe('One-step problems: check the unit too.');

    // Another workstation gets the newer bundle first: the older one then changes nothing.
    const w2 = station();
    await w2.value('importBundle', { source: bundleUpload(second), trust: true });
    expect((await w2.value('importBundle', { source: bundleUpload(first) })).added).toMatchObject({ guidelines: 0 });
    expect(await w2.value('getGuidelines', { datasetId, runId: run.id, layer: 0 })).toEqual(await w1.value('getGuidelines', { datasetId, runId: run.id, layer: 0 }));
  });
});
