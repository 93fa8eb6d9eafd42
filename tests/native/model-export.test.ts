// Model export (`rung model export`, exportModel): an embedding model trained from the command line is written as
// model.safetensors and config.json, and PyTorch alone, with the README's recipe (tests/python/score_exported.py),
// reproduces Rung's rewards within 1e-5; refusals (an unknown model, a folder that holds the files, a path over HTTP).
import { execFileSync } from 'node:child_process';
import { existsSync, mkdirSync, readFileSync, readdirSync, rmSync, writeFileSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { afterEach, beforeEach, expect, it } from 'vitest';
import { rung } from '../helpers/cli';
import { describeWithPytorch } from '../helpers/encoders';
import { tempDir } from '../helpers/store';
import { openStore } from '../../electron/core/store';
import { createHandlers } from '../../electron/core/service';
import { dispatch } from '../../electron/api';

const root = resolve(__dirname, '..', '..');
const DIM = 8;
let dir: string;
beforeEach(() => {
  dir = tempDir();
});
afterEach(() => rmSync(dir, { recursive: true, force: true }));

/** 80 comparisons whose responses carry 8-dimensional embeddings; "ann" prefers the one with the larger first half. */
function embeddedDataset(): { path: string; embeddingOf: Map<string, number[]> } {
  let state = 7;
  const next = () => ((state = (state * 1103515245 + 12345) % 2 ** 31) / 2 ** 31) * 2 - 1;
  const embeddingOf = new Map<string, number[]>();
  const lines = [];
  for (let i = 0; i < 80; i++) {
    const [a, b] = [0, 1].map(() => Array.from({ length: DIM }, next));
    const score = (v: number[]) => v.slice(0, DIM / 2).reduce((s, x) => s + x, 0);
    embeddingOf.set(`answer ${i} A`, a);
    embeddingOf.set(`answer ${i} B`, b);
    lines.push(JSON.stringify({ prompt: `question ${i}`, response_a: `answer ${i} A`, response_b: `answer ${i} B`, embedding: { a, b }, judgments: [{ evaluator: 'ann', choice: score(a) > score(b) ? 'A' : 'B' }] }));
  }
  const path = join(dir, 'embedded.jsonl');
  writeFileSync(path, `${lines.join('\n')}\n`);
  return { path, embeddingOf };
}

describeWithPytorch('model export', () => {
  it('writes the two files, and PyTorch alone reproduces the rewards within 1e-5', () => {
    const db = join(dir, 'rung.db');
    const { path, embeddingOf } = embeddedDataset();
    expect(rung(['import', path, '--db', db]).code).toBe(0);
    const trained = rung(['train', '--db', db, '--holdout', '0.2', '--json']);
    expect(trained.code, trained.stderr).toBe(0);
    const modelId = JSON.parse(trained.stdout).modelId as string;
    const out = join(dir, 'export');
    const exported = rung(['model', 'export', modelId, '--out', out, '--db', db]);
    expect(exported.code, exported.stderr).toBe(0);
    expect(exported.stdout).toBe(`wrote model.safetensors and config.json to ${out}\n`);
    expect(readdirSync(out).sort()).toEqual(['config.json', 'model.safetensors']);
    const config = JSON.parse(readFileSync(join(out, 'config.json'), 'utf8'));
    expect(config).toMatchObject({ architecture: 'rung-bradley-terry-mlp-ensemble', inputDim: DIM, input: { kind: 'embedding' }, model: { id: modelId } });

    // Rung's rewards per response, and PyTorch's from the same embeddings.
    const scored = JSON.parse(rung(['score', '--db', db, '--model', modelId, '--json']).stdout) as { comparisons: { id: string; rewardA: number; rewardB: number }[] };
    const store = openStore(db);
    const texts = new Map(
      (store.db.prepare('SELECT c.id, ra.text AS a, rb.text AS b FROM comparisons c JOIN responses ra ON ra.id = c.response_a_id JOIN responses rb ON rb.id = c.response_b_id').all() as { id: string; a: string; b: string }[]).map((r) => [r.id, r]),
    );
    store.close();
    const rungRewards: number[] = [];
    const vectors: number[][] = [];
    for (const c of scored.comparisons) {
      const t = texts.get(c.id)!;
      rungRewards.push(c.rewardA, c.rewardB);
      vectors.push(embeddingOf.get(t.a)!, embeddingOf.get(t.b)!);
    }
    expect(vectors).toHaveLength(160);
    writeFileSync(join(dir, 'in.json'), JSON.stringify(vectors));
    execFileSync(join(root, '.venv-test', 'bin', 'python'), [join(root, 'tests', 'python', 'score_exported.py'), out, join(dir, 'in.json'), join(dir, 'out.json')], { stdio: ['ignore', 'ignore', 'pipe'] });
    const torchRewards = JSON.parse(readFileSync(join(dir, 'out.json'), 'utf8')) as number[];
    const worst = Math.max(...torchRewards.map((r, i) => Math.abs(r - rungRewards[i])));
    console.log(`model export: PyTorch's rewards against Rung's, worst |difference| ${worst.toExponential(2)} over 160 responses`);
    expect(worst).toBeLessThan(1e-5);
    expect(new Set(rungRewards.map((r) => r.toFixed(4))).size).toBeGreaterThan(100); // real, varied rewards

    // Refusals: an unknown model, a folder that holds the files (left as it was), no --out; nothing written.
    const unknown = rung(['model', 'export', 'no-such-model', '--out', join(dir, 'other'), '--db', db]);
    expect(unknown.code).toBe(1);
    expect(unknown.stderr).toContain('no model with id no-such-model');
    expect(existsSync(join(dir, 'other'))).toBe(false);
    const again = rung(['model', 'export', modelId, '--out', out, '--db', db]);
    expect(again.code).toBe(1);
    expect(again.stderr).toContain(`out: ${out} already holds model.safetensors and config.json: choose another folder`);
    expect(rung(['model', 'export', modelId, '--db', db]).code).toBe(2);
    expect(rung(['model', 'drop', '--db', db]).stderr).toMatch(/unknown model action "drop": list, edit or export/);
  }, 300_000);

  it('gives the window the files as content, and refuses a folder over HTTP', async () => {
    const db = join(dir, 'rung.db');
    expect(rung(['import', embeddedDataset().path, '--db', db]).code).toBe(0);
    const modelId = JSON.parse(rung(['train', '--db', db, '--holdout', '0.2', '--json']).stdout).modelId as string;
    const store = openStore(db);
    try {
      const handlers = createHandlers(store, { mode: 'browser', version: 'test' });
      const content = await dispatch(handlers, 'exportModel', { modelId }, () => undefined, { transport: 'http' });
      expect(content.ok).toBe(true);
      const value = (content as { value: { folderName: string; safetensorsBase64: string; configJson: string } }).value;
      expect(value.folderName).toMatch(/^rung-model-/);
      const bytes = Buffer.from(value.safetensorsBase64, 'base64');
      const header = JSON.parse(bytes.subarray(8, 8 + Number(bytes.readBigUInt64LE(0))).toString('utf8'));
      expect(Object.keys(header).sort()).toEqual(['__metadata__', 'fc1.bias', 'fc1.weight', 'fc2.bias', 'fc2.weight']);
      expect(JSON.parse(value.configJson).model.id).toBe(modelId);
      mkdirSync(join(dir, 'x'));
      const refused = await dispatch(handlers, 'exportModelToFolder', { modelId, out: join(dir, 'x') }, () => undefined, { transport: 'http' });
      expect(refused).toMatchObject({ ok: false, error: { code: 'FORBIDDEN' } });
      expect(readdirSync(join(dir, 'x'))).toEqual([]);
    } finally {
      store.close();
    }
  }, 300_000);
});
