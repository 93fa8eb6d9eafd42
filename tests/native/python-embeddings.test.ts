// The README's recipe for embeddings from a lab's own Python stack (tests/python/embed_for_rung.py, sentence-transformers
// on the real all-MiniLM-L6-v2 folder): its output imports as Rung JSONL with an embedding per response, a model
// trains on those embeddings, and they are the vectors Rung's own engine computes for the same texts.
import { execFileSync } from 'node:child_process';
import { readFileSync, writeFileSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { expect, it } from 'vitest';
import { useService } from '../helpers/api';
import { describeWithPytorch, realMiniLm } from '../helpers/encoders';
import { jsonl } from '../helpers/store';

const root = resolve(__dirname, '..', '..');

describeWithPytorch('embeddings from Python (the README recipe)', () => {
  const s = useService();

  it('imports, trains on them, and matches the engine’s own vectors for the same texts', async () => {
    const rows = Array.from({ length: 24 }, (_, i) => {
      const good = `The answer to question ${i} is ${i * 2}, because ${i} + ${i} = ${i * 2}.`;
      const bad = `The answer to question ${i} is ${i * 2 + 1}.`;
      return { prompt: `What is ${i} + ${i}?`, response_a: i % 2 ? good : bad, response_b: i % 2 ? bad : good, judgments: [{ evaluator: 'ann', choice: i % 2 ? 'A' : 'B' }] };
    });
    const source = s.t.file('pairs.jsonl', jsonl(rows));
    const target = join(s.t.dir, 'pairs-embedded.jsonl');
    execFileSync(join(root, '.venv-test', 'bin', 'python'), [join(root, 'tests', 'python', 'embed_for_rung.py'), realMiniLm, source, target], { stdio: 'pipe' });
    const embedded = readFileSync(target, 'utf8').trim().split('\n').map((l) => JSON.parse(l));
    expect(embedded[0].embedding.a).toHaveLength(384);
    writeFileSync(target, embedded.map((r) => JSON.stringify(r)).join('\n') + '\n');

    const summary = await s.value('importDataset', { source: { kind: 'path', path: target }, format: 'rung' });
    expect(summary).toMatchObject({ comparisonsAdded: 24, judgmentsAdded: 24 });
    const trained = await s.value('trainModel', { holdout: 0, seed: 1, device: 'cpu' });
    const [model] = await s.value('listModels', {});
    expect(model.id).toBe(trained.modelId);
    expect(model.recipe.startsWith('stored embeddings · ')).toBe(true);

    // The same texts through Rung's engine with the same folder: the vectors Python wrote, within FP32 rounding.
    await s.value('addEncoder', { path: realMiniLm, name: 'mini' });
    const texts = [rows[0].response_a, rows[0].response_b];
    const ours = await s.value('embedTexts', { encoder: 'mini', texts });
    const theirs = [embedded[0].embedding.a, embedded[0].embedding.b];
    const worst = Math.max(...ours.vectors.flatMap((v: number[], i: number) => v.map((x, j) => Math.abs(x - theirs[i][j]))));
    console.log(`python embeddings: worst |Δ| against the engine's ${worst.toExponential(2)} over 2 × 384 values`);
    expect(worst).toBeLessThan(1e-4);
  }, 300_000);
});
