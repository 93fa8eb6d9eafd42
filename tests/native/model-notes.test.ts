// A model's name and notes (editModel, `rung model edit`, and the recipe line that tells two models apart): edits are
// audited with old and new values, refusals are exact and change nothing, and `rung model list` prints the recipe;
// the list reads each model's trained_on brief (migration 0029), not its id lists.
import { rmSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { useService } from '../helpers/api';
import { rung } from '../helpers/cli';
import { jsonl, tempDir, uploadSource } from '../helpers/store';

const s = useService();

/** 40 judged comparisons whose better response says "correct", in layers 0 and 1. */
function rows() {
  return Array.from({ length: 40 }, (_, i) => {
    const aGood = i % 2 === 0;
    const good = `item ${i}: this is correct and checked`, bad = `item ${i}: this is wrong and unchecked`;
    return { prompt: `Problem ${i}`, response_a: aGood ? good : bad, response_b: aGood ? bad : good, layer: i % 2, judgments: [{ evaluator: 'ann', choice: aGood ? 'A' : 'B' }] };
  });
}

const audit = () => s.t.store.db.prepare(`SELECT actor, details FROM audit_log WHERE entity = 'model' AND action = 'edit' ORDER BY seq`).all() as { actor: string; details: string }[];

describe('the model list', () => {
  it("reads each model's trained_on brief, and works it out from the record should the brief be missing", async () => {
    await s.value('importDataset', { source: uploadSource('brief.jsonl', rows()) });
    const run = await s.value('createRun', { name: 'Briefs', layers: [0, 1].map((layer) => ({ name: `L${layer}`, rule: { kind: 'field', layer } })) });
    const { modelId } = await s.value('trainModel', { runId: run.id, layer: 1, holdout: 0.25, seed: 3, device: 'cpu' });
    const brief = s.t.store.db.prepare('SELECT brief FROM model_trained_on_briefs WHERE model_id = ?').pluck().get(modelId) as string;
    expect(brief).not.toMatch(/judgmentIds|heldOutComparisonIds|heldOutJudgmentIds/);
    const listed = (await s.value('listModels', { runId: run.id }))[0];
    expect(listed).toMatchObject({ id: modelId, judgments: 40, evaluators: 1, combine: 'majority' });
    expect(listed.trainComparisons).toBeGreaterThan(0);
    s.t.store.db.prepare('DELETE FROM model_trained_on_briefs WHERE model_id = ?').run(modelId);
    expect((await s.value('listModels', { runId: run.id }))[0]).toEqual(listed);
  });
});

describe('model names and notes', () => {
  it('renames and notes a model, audited; two models trained alike differ only where their recipes do', async () => {
    await s.value('importDataset', { source: uploadSource('notes.jsonl', rows()) });
    const run = await s.value('createRun', { name: 'Notes', layers: [0, 1].map((layer) => ({ name: `L${layer}`, rule: { kind: 'field', layer } })) });
    const first = await s.value('trainModel', { runId: run.id, layer: 1, holdout: 0.25, seed: 3, device: 'cpu' });
    const second = await s.value('trainModel', { runId: run.id, layer: 1, holdout: 0.25, seed: 4, device: 'cpu', layerWeights: [0.5, 1] });
    const listed = await s.value('listModels', { runId: run.id });
    const recipeOf = (id: string) => listed.find((m: { id: string }) => m.id === id).recipe;
    expect(recipeOf(first.modelId)).toBe('hashed words · layers 0..1 · seed 3 · 25% held out · majority vote · 5 × 32 MLP · fp32');
    expect(recipeOf(second.modelId)).toBe('hashed words · layers 0..1 weighted 0.5, 1 · seed 4 · 25% held out · majority vote · 5 × 32 MLP · fp32');
    expect(listed.every((m: { notes: string }) => m.notes === '')).toBe(true);

    const named = await s.value('editModel', { modelId: first.modelId, name: '  baseline  ', actor: 'Rae' });
    expect(named).toMatchObject({ id: first.modelId, name: 'baseline', notes: '' });
    const noted = await s.value('editModel', { modelId: first.modelId, notes: 'the seed-3 run\nfor the ablation', actor: 'Rae' });
    expect(noted).toMatchObject({ name: 'baseline', notes: 'the seed-3 run\nfor the ablation' });
    await s.value('editModel', { modelId: first.modelId, name: 'baseline', actor: 'Rae' }); // no change: nothing recorded
    const entries = audit();
    expect(entries).toHaveLength(2);
    expect(JSON.parse(entries[1].details)).toEqual({ from: { name: 'baseline', notes: '' }, to: { name: 'baseline', notes: 'the seed-3 run\nfor the ablation' } });
    expect(entries.every((e) => e.actor === 'Rae')).toBe(true);
  }, 120_000);

  it('refuses an unknown model, an empty name, notes too long and nothing to change, changing nothing', async () => {
    await s.value('importDataset', { source: uploadSource('notes.jsonl', rows()) });
    const { modelId } = await s.value('trainModel', { holdout: 0, seed: 1, device: 'cpu' });
    const unknown = '0123abcd-0000-4000-8000-000000000000';
    expect(await s.call('editModel', { modelId: unknown, name: 'x' })).toMatchObject({ ok: false, error: { code: 'NOT_FOUND', message: `no model with id ${unknown}` } });
    expect(await s.call('editModel', { modelId, name: '  ' })).toMatchObject({ ok: false, error: { code: 'INVALID_PARAMS' } });
    expect(await s.call('editModel', { modelId, notes: 'x'.repeat(5001) })).toMatchObject({ ok: false, error: { code: 'INVALID_PARAMS' } });
    expect(await s.call('editModel', { modelId })).toMatchObject({ ok: false, error: { code: 'INVALID_PARAMS', message: expect.stringContaining('give a name or notes to change') } });
    expect((await s.value('listModels', {}))[0]).toMatchObject({ notes: '', recipe: 'hashed words · all comparisons · seed 1 · 0% held out · majority vote · 5 × 32 MLP · fp32' });
    expect(audit()).toEqual([]);
  }, 120_000);
});

describe('rung model list / edit', () => {
  it('lists each model with its recipe and notes, and edits one', () => {
    const dir = tempDir();
    try {
      const db = join(dir, 'rung.db');
      const data = join(dir, 'notes.jsonl');
      writeFileSync(data, jsonl(rows()));
      expect(rung(['import', data, '--db', db]).code).toBe(0);
      const { modelId } = JSON.parse(rung(['train', '--db', db, '--holdout', '0.25', '--seed', '2', '--json']).stdout) as { modelId: string };
      const edited = rung(['model', 'edit', modelId, '--name', 'first try', '--notes', 'seed 2', '--db', db]);
      expect(edited).toMatchObject({ code: 0, stderr: '' });
      const listed = rung(['model', 'list', '--db', db]).stdout;
      expect(listed).toMatch(new RegExp(`^${modelId}  "first try" \\(active\\), no run, trained \\S+: held-out accuracy \\d+\\.\\d%$`, 'm'));
      expect(listed).toContain('  hashed words · all comparisons · seed 2 · 25% held out · majority vote · 5 × 32 MLP · fp32\n');
      expect(listed).toContain('  notes: seed 2\n');
      const nothing = rung(['model', 'edit', modelId, '--db', db]);
      expect(nothing.code).toBe(2);
      expect(nothing.stderr).toContain('give --name NAME, --notes TEXT or both');
      const empty = rung(['model', 'edit', modelId, '--name', ' ', '--db', db]);
      expect(empty.code).toBe(2);
      expect(empty.stderr).toContain('--name ');
      expect(JSON.parse(rung(['model', 'list', '--db', db, '--json']).stdout)[0]).toMatchObject({ name: 'first try', notes: 'seed 2' });
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  }, 120_000);
});
