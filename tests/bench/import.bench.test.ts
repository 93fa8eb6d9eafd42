// Import throughput: a generated 200,000-comparison TRL JSONL, in comparisons/s and peak memory, beside
// a same-run baseline that only reads and JSON-parses the lines (the least any importer must do).
import { createReadStream, rmSync, writeFileSync } from 'node:fs';
import { createInterface } from 'node:readline';
import { join } from 'node:path';
import { it } from 'vitest';
import { importDataset } from '../../electron/core/datasets/import';
import { tempStore } from '../helpers/store';
import { fmt, report } from './stats';

function generate(path: string, n: number): number {
  const lines: string[] = [];
  for (let i = 0; i < n; i++) {
    lines.push(
      JSON.stringify({
        prompt: `Question ${i % 50_000}: what is ${i} plus ${i * 7 % 97}? Show your work step by step.`,
        chosen: `Step 1: add the numbers. Step 2: ${i} + ${i * 7 % 97} = ${i + (i * 7 % 97)}. The answer is ${i + (i * 7 % 97)}.`,
        rejected: `The answer is ${i + (i * 7 % 97) + 1}, because adding is easy and I am sure of it (${i}).`,
      }),
    );
  }
  const text = lines.join('\n') + '\n';
  writeFileSync(path, text);
  return text.length;
}

async function parseOnly(path: string): Promise<number> {
  let n = 0;
  for await (const line of createInterface({ input: createReadStream(path), crlfDelay: Infinity })) {
    if (line) {
      JSON.parse(line);
      n++;
    }
  }
  return n;
}

async function measureImport(n: number): Promise<{ seconds: number; peakRssMb: number; bytes: number }> {
  const t = tempStore();
  const path = join(t.dir, `gen-${n}.jsonl`);
  const bytes = generate(path, n);
  global.gc?.();
  const baseRss = process.memoryUsage().rss;
  let peak = baseRss;
  const sampler = setInterval(() => (peak = Math.max(peak, process.memoryUsage().rss)), 20);
  const start = performance.now();
  const summary = await importDataset(t.store, { path });
  const seconds = (performance.now() - start) / 1000;
  clearInterval(sampler);
  peak = Math.max(peak, process.memoryUsage().rss);
  if (summary.comparisonsAdded !== n) throw new Error(`expected ${n} comparisons, got ${summary.comparisonsAdded}`);
  rmSync(path);
  t.cleanup();
  return { seconds, peakRssMb: (peak - baseRss) / 2 ** 20, bytes };
}

it('import throughput and memory', async () => {
  const small = await measureImport(50_000);
  const big = await measureImport(200_000);

  const t = tempStore();
  const path = join(t.dir, 'baseline.jsonl');
  generate(path, 200_000);
  const start = performance.now();
  await parseOnly(path);
  const baselineSeconds = (performance.now() - start) / 1000;
  t.cleanup();

  report('import: 200,000-comparison TRL JSONL', [
    ['file size', `${fmt(big.bytes / 2 ** 20, 1)} MiB`],
    ['import time', `${fmt(big.seconds, 2)} s`],
    ['comparisons/s', fmt(200_000 / big.seconds)],
    ['baseline (read + JSON.parse only)', `${fmt(baselineSeconds, 2)} s`],
    ['ratio import / baseline', `${fmt(big.seconds / baselineSeconds, 1)}×`],
    ['peak RSS growth, 200k comparisons', `${fmt(big.peakRssMb, 0)} MiB`],
    ['peak RSS growth, 50k comparisons', `${fmt(small.peakRssMb, 0)} MiB`],
    ['memory ratio 200k / 50k (flat ≈ 1)', `${fmt(big.peakRssMb / Math.max(1, small.peakRssMb), 2)}`],
  ]);
});
