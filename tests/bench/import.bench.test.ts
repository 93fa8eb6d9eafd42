// Import throughput: generated TRL JSONL files of 50,000 and 200,000 comparisons, in comparisons/s and peak
// memory (each in its own process), beside a same-run baseline that only reads and JSON-parses the lines; and the
// same 200,000 rows as Parquet (snappy, row groups of 20,000).
import { spawnSync } from 'node:child_process';
import { createReadStream, rmSync, writeFileSync } from 'node:fs';
import { createInterface } from 'node:readline';
import { join, resolve } from 'node:path';
import { it } from 'vitest';
import { parquetFile } from '../helpers/parquet';
import { tempDir } from '../helpers/store';
import { fmt, report } from './stats';

const root = resolve(__dirname, '..', '..');

function rowsOf(n: number): { prompt: string; chosen: string; rejected: string }[] {
  return Array.from({ length: n }, (_, i) => {
    const sum = i + ((i * 7) % 97);
    return {
      prompt: `Question ${i % 50_000}: what is ${i} plus ${(i * 7) % 97}? Show your work step by step.`,
      chosen: `Step 1: add the numbers. Step 2: ${i} + ${(i * 7) % 97} = ${sum}. The answer is ${sum}.`,
      rejected: `The answer is ${sum + 1}, because adding is easy and I am sure of it (${i}).`,
    };
  });
}

function generate(path: string, n: number): number {
  const text = rowsOf(n).map((row) => JSON.stringify(row)).join('\n') + '\n';
  writeFileSync(path, text);
  return Buffer.byteLength(text);
}

function importInChild(file: string, dir: string): { seconds: number; peakMb: number; baselineMb: number } {
  const child = spawnSync(process.execPath, [join(root, 'node_modules', 'jiti', 'lib', 'jiti-cli.mjs'), join(__dirname, 'import-child.ts'), file, dir], {
    encoding: 'utf8',
    cwd: root,
  });
  if (child.status !== 0) throw new Error(`import child failed: ${child.stderr}`);
  const result = JSON.parse(child.stdout.trim().split('\n').pop()!) as { seconds: number; baselineRssKb: number; peakRssKb: number };
  return { seconds: result.seconds, peakMb: result.peakRssKb / 1024, baselineMb: result.baselineRssKb / 1024 };
}

async function parseOnly(path: string): Promise<void> {
  for await (const line of createInterface({ input: createReadStream(path), crlfDelay: Infinity })) if (line) JSON.parse(line);
}

it('import throughput and memory', async () => {
  const dir = tempDir('rung-bench-');
  const small = join(dir, 'small.jsonl');
  const big = join(dir, 'big.jsonl');
  generate(small, 50_000);
  const bytes = generate(big, 200_000);
  const bigParquet = join(dir, 'big.parquet');
  const columns = (['prompt', 'chosen', 'rejected'] as const).map((name) => ({ name, kind: 'text' as const }));
  const parquetBytes = parquetFile(columns, rowsOf(200_000), { rowGroupSize: 20_000 });
  writeFileSync(bigParquet, parquetBytes);

  const smallRun = importInChild(small, join(dir, 'a'));
  const bigRun = importInChild(big, join(dir, 'b'));
  const parquetRun = importInChild(bigParquet, join(dir, 'c'));
  const start = performance.now();
  await parseOnly(big);
  const baselineSeconds = (performance.now() - start) / 1000;
  rmSync(dir, { recursive: true, force: true });

  report('import: generated TRL JSONL', [
    ['file size (200k)', `${fmt(bytes / 2 ** 20, 1)} MiB`],
    ['import time (200k)', `${fmt(bigRun.seconds, 2)} s`],
    ['comparisons/s (200k)', fmt(200_000 / bigRun.seconds)],
    ['comparisons/s (50k)', fmt(50_000 / smallRun.seconds)],
    ['baseline: read + JSON.parse only (200k)', `${fmt(baselineSeconds, 2)} s`],
    ['ratio import / baseline', `${fmt(bigRun.seconds / baselineSeconds, 1)}×`],
    ['peak RSS, 200k import (process)', `${fmt(bigRun.peakMb, 0)} MiB (before import ${fmt(bigRun.baselineMb, 0)})`],
    ['peak RSS, 50k import (process)', `${fmt(smallRun.peakMb, 0)} MiB (before import ${fmt(smallRun.baselineMb, 0)})`],
    ['peak growth ratio 200k / 50k (flat ≈ 1)', fmt((bigRun.peakMb - bigRun.baselineMb) / Math.max(1, smallRun.peakMb - smallRun.baselineMb), 2)],
    ['Parquet: file size (200k, snappy, row groups of 20k)', `${fmt(parquetBytes.length / 2 ** 20, 1)} MiB`],
    ['Parquet: comparisons/s (200k)', fmt(200_000 / parquetRun.seconds)],
    ['Parquet: peak RSS, 200k import (process)', `${fmt(parquetRun.peakMb, 0)} MiB (before import ${fmt(parquetRun.baselineMb, 0)})`],
  ]);
});
