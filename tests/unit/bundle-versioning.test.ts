// Bundle format versions: a bundle with nothing beyond version 1 is written as version 1 with no features (an older
// Rung reads it); each feature (relabel, guidelines, rubrics, external-scores) is listed when the records use it, and
// makes it version 2; a bundle from a newer Rung (an unknown feature, a newer version) is refused with what it uses,
// nothing written; a version 1 bundle made the old way (the manifest signed without a features field) still merges.
import { createHash } from 'node:crypto';
import { gzipSync } from 'node:zlib';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import type { BundleRecord } from '../../electron/core/bundles/format';
import { generateKeyPair, signBytes } from '../../electron/core/bundles/signing';
import { bundleBytes } from '../helpers/bundle-files';
import { jsonl, uploadSource } from '../helpers/store';
import { bundleUpload, copyOf, snapshot, workstation, type Workstation } from '../helpers/workstations';

const rows = Array.from({ length: 3 }, (_, i) => ({ prompt: `Question ${i}?`, response_a: `Answer ${i} one.`, response_b: `Answer ${i} two.`, layer: 0 }));
/** The manifest's fields as Rung wrote them before versions 2: the order its signature covers. */
const V1_FIELDS = ['format', 'schemaVersion', 'kind', 'bundleId', 'workstationId', 'publicKey', 'createdAt', 'evaluator', 'runIds', 'counts', 'contentBytes', 'contentSha256'];

let lab: Workstation, home: Workstation;
beforeEach(async () => {
  lab = workstation();
  home = workstation();
  await lab.value('importDataset', { source: uploadSource('d.jsonl', rows), format: 'rung' });
});
afterEach(() => {
  lab.close();
  home.close();
});

const manifestOf = (base64: string) => {
  const bytes = Buffer.from(base64, 'base64');
  return JSON.parse(bytes.subarray(0, bytes.indexOf(0x0a)).toString('utf8')) as Record<string, unknown>;
};
const keysOf = (w: Workstation) =>
  w.db.prepare('SELECT id, public_key AS publicKey, private_key AS privateKey FROM workstation').get() as { id: string; publicKey: string; privateKey: string };

/** A bundle with this manifest (its content fields filled in) and body, signed over the `covered` fields in that order. */
function signed(fields: Record<string, unknown>, body: Buffer, keys: { privateKey: string }, covered?: string[]) {
  const manifest: Record<string, unknown> = { ...fields, contentBytes: body.length, contentSha256: createHash('sha256').update(body).digest('hex') };
  const ordered = Object.fromEntries((covered ?? Object.keys(manifest)).map((k) => [k, manifest[k]]));
  const signature = signBytes(keys.privateKey, Buffer.from(`rung-bundle-signature-v1\n${JSON.stringify(ordered)}`));
  return Buffer.concat([Buffer.from(`${JSON.stringify({ ...manifest, signature })}\n`), body]);
}

/** A bundle Rung wrote the way it did before versions 2: the same body, a version 1 manifest without features. */
function madeTheOldWay(base64: string, keys: { id: string; publicKey: string; privateKey: string }) {
  const bytes = Buffer.from(base64, 'base64');
  const { signature: _signature, features: _features, ...m } = manifestOf(base64);
  const fields = { ...m, schemaVersion: 1, bundleId: globalThis.crypto.randomUUID(), workstationId: keys.id, publicKey: keys.publicKey };
  return signed(fields, bytes.subarray(bytes.indexOf(0x0a) + 1), keys, V1_FIELDS);
}

async function refused(bytes: Buffer, message: string) {
  const before = snapshot(home.db);
  const result = await home.call('importBundle', { source: bundleUpload(bytes, 'bundle.rung'), trust: true });
  expect(result).toMatchObject({ ok: false, error: { code: 'BAD_INPUT', message: `bundle.rung: ${message}; nothing was imported` } });
  expect(snapshot(home.db)).toEqual(before);
  const inspected = await home.call('inspectBundle', { source: bundleUpload(bytes, 'bundle.rung') });
  expect(inspected).toMatchObject({ ok: false, error: { message: `bundle.rung: ${message}; nothing was imported` } });
}

describe('bundle versions and features', () => {
  it('writes a bundle with nothing new as version 1 with no features, and it merges', async () => {
    const ada = await lab.value('createEvaluator', { name: 'Ada' });
    const run = await lab.value('createRun', { name: 'Plain', layers: [{ name: 'all', rule: { kind: 'length', minChars: 0 } }] });
    const work = await lab.value('exportWorkBundle', { runId: run.id, layer: 0, evaluatorId: ada.id });
    expect(manifestOf(work.contentBase64).schemaVersion).toBe(1);
    expect(manifestOf(work.contentBase64)).not.toHaveProperty('features');
    const item = (await lab.value('nextComparisons', { evaluatorId: ada.id, count: 1 }))[0];
    await lab.value('submitJudgment', { comparisonId: item.comparison.id, evaluatorId: ada.id, choice: 'A', leftSide: item.leftSide });
    const results = await lab.value('exportResultsBundle', { evaluator: 'Ada' });
    expect(manifestOf(results.contentBase64)).toMatchObject({ schemaVersion: 1 });
    expect(manifestOf(results.contentBase64)).not.toHaveProperty('features');
    await home.value('importBundle', { source: bundleUpload(work.contentBase64), trust: true });
    expect((await home.value('importBundle', { source: bundleUpload(results.contentBase64) })).added).toMatchObject({ judgments: 1 });
  });

  it('lists guidelines and rubrics when a real work or results bundle carries them, as version 2, and they merge', async () => {
    const ada = await lab.value('createEvaluator', { name: 'Ada' });
    const criteria = [{ key: 'helpful', label: 'Helpfulness' }, { key: 'harmless', label: 'Harmlessness' }];
    const run = await lab.value('createRun', { name: 'Rubric', layers: [{ name: 'all', rule: { kind: 'length', minChars: 0 } }], criteria });
    const rubricOnly = await lab.value('exportWorkBundle', { runId: run.id, layer: 0, evaluatorId: ada.id });
    expect(manifestOf(rubricOnly.contentBase64)).toMatchObject({ schemaVersion: 2, features: ['rubrics'] });
    await lab.value('setGuidelines', { runId: run.id, layer: 0, text: 'Be quick.', actor: 'Lea' });
    const work = await lab.value('exportWorkBundle', { runId: run.id, layer: 0, evaluatorId: ada.id });
    expect(manifestOf(work.contentBase64)).toMatchObject({ schemaVersion: 2, features: ['guidelines', 'rubrics'] });
    const item = (await lab.value('nextComparisons', { evaluatorId: ada.id, runId: run.id, layer: 0, count: 1 }))[0];
    await lab.value('submitJudgment', {
      comparisonId: item.comparison.id, evaluatorId: ada.id, choice: 'A', leftSide: item.leftSide, rubricRunId: run.id,
      criteria: [{ criterion: 'helpful', choice: 'A' }, { criterion: 'harmless', choice: 'tie' }],
    });
    const results = await lab.value('exportResultsBundle', { evaluator: 'Ada' });
    expect(manifestOf(results.contentBase64)).toMatchObject({ schemaVersion: 2, features: ['rubrics'] });
    expect((await home.value('importBundle', { source: bundleUpload(work.contentBase64), trust: true })).added).toMatchObject({ guidelines: 1, runs: 1 });
    expect((await home.value('importBundle', { source: bundleUpload(results.contentBase64) })).added).toMatchObject({ judgments: 1 });
    expect(home.db.prepare('SELECT count(*) FROM judgment_criteria').pluck().get()).toBe(2);
  });

  it("lists external-scores when the layer's assisting model is an external one, and they merge", async () => {
    await lab.value('importDataset', { source: uploadSource('top.jsonl', [{ prompt: 'Top?', response_a: 'x', response_b: 'y', layer: 1 }]), format: 'rung' });
    const run = await lab.value('createRun', { name: 'Two', layers: [0, 1].map((layer) => ({ name: `L${layer}`, rule: { kind: 'field', layer } })) });
    const ids = lab.db.prepare('SELECT id FROM comparisons ORDER BY rowid').pluck().all() as string[];
    const lines = ids.map((id, i) => ({ comparison_id: id, reward_a: i, reward_b: -i }));
    await lab.value('importScores', { source: { kind: 'path', path: lab.t.file('lab.jsonl', jsonl(lines)) }, name: 'lab', runId: run.id, layer: 0 });
    const ada = await lab.value('createEvaluator', { name: 'Ada' });
    expect(manifestOf((await lab.value('exportWorkBundle', { runId: run.id, layer: 0, evaluatorId: ada.id })).contentBase64)).not.toHaveProperty('features');
    const work = await lab.value('exportWorkBundle', { runId: run.id, layer: 1, evaluatorId: ada.id });
    expect(manifestOf(work.contentBase64)).toMatchObject({ schemaVersion: 2, features: ['external-scores'] });
    expect((await home.value('importBundle', { source: bundleUpload(work.contentBase64), trust: true })).added).toMatchObject({ comparisons: 1, models: 1 });
    expect(home.db.prepare('SELECT comparison_id FROM external_scores').pluck().all()).toEqual([ids[3]]);
  });

  it('computes each feature from the records, in one order, and a relabel without an earlier verdict is no feature', () => {
    const keys = { id: globalThis.crypto.randomUUID(), ...generateKeyPair() };
    const features = (...records: BundleRecord[]) => {
      const { manifest } = bundleBytes({ kind: 'work', evaluator: { id: keys.id, name: 'X' }, runIds: [], records }, keys);
      return [manifest.schemaVersion, manifest.features];
    };
    const record = (type: string, row: BundleRecord['row'] = {}): BundleRecord => ({ type, row });
    expect(features(record('comparisons'), record('relabel_requests', { id: 'r', original_judgment_id: null }))).toEqual([1, undefined]);
    expect(features(record('relabel_requests', { id: 'r', original_judgment_id: 'j' }))).toEqual([2, ['relabel']]);
    expect(features(record('guidelines'))).toEqual([2, ['guidelines']]);
    expect(features(record('run_criteria'))).toEqual([2, ['rubrics']]);
    expect(features(record('judgment_criteria'))).toEqual([2, ['rubrics']]);
    expect(features(record('external_scores'))).toEqual([2, ['external-scores']]);
    expect(features(record('external_scores'), record('judgment_criteria'), record('guidelines'), record('relabel_requests', { original_judgment_id: 'j' }))).toEqual([
      2,
      ['relabel', 'guidelines', 'rubrics', 'external-scores'],
    ]);
  });

  it("lists relabel when an answer keeps the evaluator's earlier verdict; one with no earlier verdict leaves the field out, version 1", async () => {
    // p1: ann A, bob B; p2: ann A, bob A, cat tie (each pair disagreeing raises a flag). Cat has no verdict on p1.
    const judged = (prompt: string, judgments: { evaluator: string; choice: string }[]) => ({ prompt, response_a: `${prompt} a`, response_b: `${prompt} b`, judgments });
    const lead = workstation();
    await lead.value('importDataset', { source: uploadSource('f.jsonl', [judged('p1', [{ evaluator: 'ann', choice: 'A' }, { evaluator: 'bob', choice: 'B' }]), judged('p2', [{ evaluator: 'ann', choice: 'A' }, { evaluator: 'bob', choice: 'A' }, { evaluator: 'cat', choice: 'tie' }])]) });
    await lead.value('runChecks');
    const [bobs, cats] = [copyOf(lead), copyOf(lead)]; // each evaluator's workstation, set up from a copy of the lead's
    try {
      const evaluators = await lead.value('listEvaluators');
      const id = (name: string) => evaluators.find((e: { name: string }) => e.name === name).id;
      const flagOn = async (w: Workstation, prompt: string) => (await w.value('listFlags', {})).rows.find((f: { promptExcerpt: string }) => f.promptExcerpt === prompt).id;
      const answered = async (w: Workstation, who: string, prompt: string) => {
        await w.value('updateFlag', { id: await flagOn(w, prompt), action: 'request-relabel', actor: 'Rae', relabelEvaluatorId: id(who) });
        const [item] = await w.value('nextComparisons', { evaluatorId: id(who), count: 1 });
        expect(item).toMatchObject({ kind: 'relabel', comparison: { prompt } });
        await w.value('submitJudgment', { comparisonId: item.comparison.id, evaluatorId: id(who), choice: 'A', leftSide: item.leftSide });
        return (await w.value('exportResultsBundle', { evaluator: who })).contentBase64 as string;
      };
      const kept = await answered(bobs, 'bob', 'p1'); // bob's earlier B on p1 is kept beside the answer
      const fresh = await answered(cats, 'cat', 'p1'); // cat never judged p1
      expect(manifestOf(kept)).toMatchObject({ schemaVersion: 2, features: ['relabel'] });
      expect(manifestOf(fresh).schemaVersion).toBe(1);
      expect(manifestOf(fresh)).not.toHaveProperty('features');
      expect((await lead.value('importBundle', { source: bundleUpload(fresh), trust: true })).added).toMatchObject({ relabelAnswers: 1 });
      expect((await lead.value('importBundle', { source: bundleUpload(kept), trust: true })).added).toMatchObject({ relabelAnswers: 1 });
      const requests = (w: Workstation, who: string) =>
        w.db.prepare('SELECT r.id, r.done_judgment_id, r.original_judgment_id FROM relabel_requests r JOIN judgments j ON j.id = r.done_judgment_id WHERE j.evaluator_id = ?').all(id(who));
      expect(requests(lead, 'bob')).toEqual(requests(bobs, 'bob'));
      expect(requests(lead, 'cat')).toEqual(requests(cats, 'cat'));
      expect((requests(lead, 'bob')[0] as { original_judgment_id: string | null }).original_judgment_id).not.toBeNull();
      expect((requests(lead, 'cat')[0] as { original_judgment_id: string | null }).original_judgment_id).toBeNull();
    } finally {
      for (const w of [lead, bobs, cats]) w.close();
    }
  });

  it('refuses an unknown feature and a newer version with what the bundle uses, writing nothing', async () => {
    const keys = { id: globalThis.crypto.randomUUID(), ...generateKeyPair() };
    const body = gzipSync(Buffer.from('{"type":"evaluators","row":{"id":"00000000-0000-4000-8000-000000000000"}}\n'));
    const manifest = (change: Record<string, unknown>) => ({
      format: 'rung-bundle', schemaVersion: 2, features: ['rubrics'], kind: 'results', bundleId: globalThis.crypto.randomUUID(), workstationId: keys.id,
      publicKey: keys.publicKey, createdAt: new Date().toISOString(), evaluator: { id: '00000000-0000-4000-8000-000000000000', name: 'X' }, runIds: [],
      counts: { evaluators: 1 }, ...change,
    });
    await refused(signed(manifest({ features: ['rubrics', 'audio-clips'] }), body, keys), 'made by a newer Rung (features: audio-clips); update Rung to read it');
    await refused(signed(manifest({ schemaVersion: 99 }), body, keys), 'made by a newer Rung (schema version 99, this Rung reads up to 2); update Rung to read it');
    await refused(signed(manifest({ schemaVersion: 99, features: ['holograms'] }), body, keys), 'made by a newer Rung (features: holograms); update Rung to read it');
    // A known feature's manifest whose signature left the features out is a changed manifest.
    const bytes = signed(manifest({}), body, keys, V1_FIELDS);
    const result = await home.call('importBundle', { source: bundleUpload(bytes, 'bundle.rung'), trust: true });
    expect(result).toMatchObject({ ok: false, error: { message: expect.stringMatching(/the signature does not verify/) } });
  });

  it('still merges version 1 bundles made the old way: a work bundle with guidelines, and a results bundle', async () => {
    const ada = await lab.value('createEvaluator', { name: 'Ada' });
    const run = await lab.value('createRun', { name: 'Plain', layers: [{ name: 'all', rule: { kind: 'length', minChars: 0 } }] });
    await lab.value('setGuidelines', { runId: run.id, layer: 0, text: 'Be careful.', actor: 'Lea' });
    for (const item of await lab.value('nextComparisons', { evaluatorId: ada.id, runId: run.id, layer: 0, count: 2 })) {
      await lab.value('submitJudgment', { comparisonId: item.comparison.id, evaluatorId: ada.id, choice: 'B', leftSide: item.leftSide });
    }
    const exported = [await lab.value('exportWorkBundle', { runId: run.id, layer: 0, evaluatorId: ada.id }), await lab.value('exportResultsBundle', { evaluator: 'Ada' })];
    const [work, results] = exported.map((b) => madeTheOldWay(b.contentBase64, keysOf(lab)));
    const head = JSON.parse(work.subarray(0, work.indexOf(0x0a)).toString('utf8'));
    expect(head).toMatchObject({ schemaVersion: 1 });
    expect(head).not.toHaveProperty('features');
    expect(Object.keys(head)).toEqual([...V1_FIELDS, 'signature']);
    const importedWork = await home.value('importBundle', { source: bundleUpload(work), trust: true });
    expect(importedWork).toMatchObject({ schemaVersion: 1, added: { runs: 1, comparisons: 3, guidelines: 1, evaluators: 1 } });
    expect((await home.value('importBundle', { source: bundleUpload(results) })).added).toMatchObject({ judgments: 2 });
    expect(home.db.prepare('SELECT text FROM guidelines').pluck().all()).toEqual(['Be careful.']);
  });
});
