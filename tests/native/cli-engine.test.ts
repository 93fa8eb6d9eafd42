// `rung train` and `rung score` end to end through the built CLI: a dataset with human judgments is imported,
// a model is trained, stored (blob + SHA-256 in the models table) and reproducible by seed, then used to score.
import { createHash } from 'node:crypto';
import Database from 'better-sqlite3';
import { afterAll, describe, expect, it } from 'vitest';
import { rung } from '../helpers/cli';
import { jsonl, tempDir } from '../helpers/store';
import { rmSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { rng } from './synthetic';
import { deviceInfo } from '../../electron/core/engine';

const dir = tempDir('rung-engine-cli-');
afterAll(() => rmSync(dir, { recursive: true, force: true }));

// 30 prompts × 4 comparisons; the answer that explains itself ("because …") is preferred by 2 of 3 people.
function dataset(): string {
  const rand = rng(61);
  const words = ['sun', 'tree', 'river', 'stone', 'cloud', 'field', 'road', 'light', 'wind', 'sand', 'hill', 'lake'];
  const phrase = (n: number) => Array.from({ length: n }, () => words[Math.floor(rand() * words.length)]).join(' ');
  const rows = [];
  for (let p = 0; p < 30; p++)
    for (let c = 0; c < 4; c++) {
      const good = `It is ${phrase(4 + Math.floor(rand() * 8))} because ${phrase(3)}.`;
      const plain = `It is ${phrase(6 + Math.floor(rand() * 10))}.`;
      const goodFirst = rand() < 0.5;
      const win = goodFirst ? 'A' : 'B', lose = goodFirst ? 'B' : 'A';
      rows.push({
        prompt: `Question ${p}: why ${phrase(2)}?`,
        response_a: goodFirst ? good : plain,
        response_b: goodFirst ? plain : good,
        judgments: [
          { evaluator: 'ann', kind: 'human', choice: win },
          { evaluator: 'bo', kind: 'human', choice: win },
          { evaluator: 'cy', kind: 'human', choice: rand() < 0.5 ? lose : 'tie' },
        ],
      });
    }
  const file = join(dir, 'judged.jsonl');
  writeFileSync(file, jsonl(rows));
  return file;
}

describe('rung train / rung score', () => {
  const db = join(dir, 'rung.db');

  it('trains on the human judgments, stores the model and prints held-out metrics', () => {
    expect(rung(['import', dataset(), '--db', db]).code).toBe(0);
    const run = rung(['train', '--db', db, '--json', '--seed', '3', '--folds', '3']);
    expect(run.stderr).toBe('');
    expect(run.code).toBe(0);
    const result = JSON.parse(run.stdout);
    expect(result).toMatchObject({ device: 'cpu', input: 'text', trainComparisons: expect.any(Number), holdoutComparisons: expect.any(Number) });
    expect(result.trainComparisons + result.holdoutComparisons).toBe(120);
    // The held-out accuracy says what it is over: the held-out comparisons with a decided consensus.
    expect(result.holdoutDecided).toBeGreaterThan(0);
    expect(result.holdoutDecided).toBeLessThanOrEqual(result.holdoutComparisons);
    for (const key of ['accuracy', 'logLoss', 'ece', 'lengthBaselineAccuracy']) expect(typeof result[key]).toBe('number');
    expect(result.accuracy).toBeGreaterThan(0.8);
    expect(result.crossValidation.folds).toBe(3);
    const conn = new Database(db, { readonly: true });
    const row = conn.prepare('SELECT blob, blob_sha256, active, device, engine_version, metrics, trained_on FROM models WHERE id = ?').get(result.modelId) as Record<string, unknown>;
    conn.close();
    expect(createHash('sha256').update(row.blob as Buffer).digest('hex')).toBe(row.blob_sha256);
    expect(row).toMatchObject({ active: 1, device: 'cpu', engine_version: 'rung-engine 0.1.0' });
    expect(JSON.parse(row.trained_on as string)).toMatchObject({ comparisons: 120, judgments: 360, evaluators: expect.any(Array) });
  });

  it('the same seed gives the same model', () => {
    const ids = [rung(['train', '--db', db, '--json', '--seed', '9']), rung(['train', '--db', db, '--json', '--seed', '9'])].map((r) => JSON.parse(r.stdout).modelId);
    const conn = new Database(db, { readonly: true });
    const [x, y] = ids.map((id) => (conn.prepare('SELECT blob_sha256 AS h FROM models WHERE id = ?').get(id) as { h: string }).h);
    const active = conn.prepare('SELECT id FROM models WHERE active = 1').all() as { id: string }[];
    conn.close();
    expect(x).toBe(y);
    expect(active.map((r) => r.id)).toEqual([ids[1]]);
  });

  it('scores every comparison with the active model, or one named by id', () => {
    const run = rung(['score', '--db', db, '--json']);
    expect(run.code).toBe(0);
    const report = JSON.parse(run.stdout);
    expect(report.comparisons).toHaveLength(120);
    for (const c of report.comparisons) {
      expect(c.probA).toBeGreaterThanOrEqual(0);
      expect(c.probA).toBeLessThanOrEqual(1);
      expect(c.spread).toBeGreaterThanOrEqual(0);
      expect(c.consensus === 1 || c.consensus === 0).toBe(true);
    }
    expect(report.agreementWithHumans.accuracy).toBeGreaterThan(0.8);
    const text = rung(['score', '--db', db, '--model', report.modelId]);
    expect(text.code).toBe(0);
    expect(text.stdout).toContain(`scored 120 comparisons with model ${report.modelId} (fp32)`);
    expect(report.precision).toBe('fp32');
    // bf16 is for embedding models' first layer: a text model is scored in FP32 all the same (and says so).
    const bf16 = rung(['score', '--db', db, '--precision', 'bf16', '--json']);
    if (deviceInfo().amxBf16.available) {
      expect(bf16.code, bf16.stderr).toBe(0);
      expect(JSON.parse(bf16.stdout)).toEqual(report);
    } else {
      expect(bf16.code).toBe(1);
      expect(bf16.stderr).toMatch(/^rung score: options\.precision "bf16" needs AMX: /);
    }
  });

  it('scores the comparisons of a file without storing them', () => {
    const file = join(dir, 'new.jsonl');
    writeFileSync(file, jsonl([{ prompt: 'Why is the sky blue?', response_a: 'It is blue because light scatters.', response_b: 'It is blue.' }]));
    const run = rung(['score', '--db', db, '--file', file, '--json']);
    expect(run.code).toBe(0);
    const report = JSON.parse(run.stdout);
    expect(report.comparisons).toHaveLength(1);
    expect(report.comparisons[0].consensus).toBeNull();
    expect(report.comparisons[0].probA).toBeGreaterThan(0.5);
    const conn = new Database(db, { readonly: true });
    expect((conn.prepare('SELECT COUNT(*) AS n FROM comparisons').get() as { n: number }).n).toBe(120);
    conn.close();
  });

  it('refuses bad options and missing models with clear messages', () => {
    expect(rung(['train', '--db', db, '--holdout', '1.5'])).toMatchObject({ code: 2, stderr: 'rung train: --holdout must be a number from 0 to below 1, got "1.5"\n' });
    expect(rung(['train', '--db', db, '--device', 'tpu'])).toMatchObject({ code: 2, stderr: 'rung train: --device must be auto, cpu or cuda, got "tpu"\n' });
    const cuda = rung(['train', '--db', db, '--device', 'cuda']);
    expect(cuda.code).toBe(1);
    expect(cuda.stderr).toMatch(/^rung train: device "cuda" was requested but CUDA is not available: /);
    expect(rung(['score', '--db', db, '--model', 'nope'])).toMatchObject({ code: 1, stderr: 'rung score: no model with id nope\n' });
    expect(rung(['train', '--db', db, '--precision', 'fp16'])).toMatchObject({ code: 2, stderr: 'rung train: --precision must be fp32 or bf16, got "fp16"\n' });
    expect(rung(['score', '--db', db, '--precision', 'fp16'])).toMatchObject({ code: 2, stderr: 'rung score: --precision must be fp32 or bf16, got "fp16"\n' });
    const empty = join(dir, 'empty.db');
    expect(rung(['train', '--db', empty])).toMatchObject({ code: 1, stderr: 'rung train: training needs at least 2 comparisons with human judgments, found 0\n' });
    expect(rung(['score', '--db', empty])).toMatchObject({ code: 1, stderr: 'rung score: no model in this database: run `rung train` first\n' });
  });

  it('says what to install when the engine addon cannot be loaded', () => {
    const run = rung(['train', '--db', db], { RUNG_ENGINE_ADDON: join(dir, 'missing', 'rung.node') });
    expect(run.code).toBe(1);
    expect(run.stderr).toContain(`rung train: the native engine at ${join(dir, 'missing', 'rung.node')} failed to load: `);
    expect(run.stderr).toContain('Install a C++17 compiler with OpenMP, make and CMake (Debian/Ubuntu: sudo apt-get install g++ make cmake), then run `npm run build`.');
  });
});
