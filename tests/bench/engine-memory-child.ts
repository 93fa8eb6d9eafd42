// Child process of the engine bench: peak RSS while training on 500,000 pairs over 200,000 items at D = 768
// (H = 256, M = 5, batch 512), stopped after a few seconds of steps (every buffer is allocated before the first).
// The peak is Linux's VmHWM, reset (clear_refs 5) once the inputs are built, so it covers training alone.
import { readFileSync, writeFileSync } from 'node:fs';
import { train } from '../../electron/core/engine';

const hwmMb = () => Number(/VmHWM:\s+(\d+) kB/.exec(readFileSync('/proc/self/status', 'utf8'))![1]) / 1024;

async function main() {
  const items = 200_000, dim = 768, pairs = 500_000;
  const data = new Float32Array(items * dim);
  for (let i = 0; i < data.length; i++) data[i] = ((i * 2654435761) % 1000) / 1000 - 0.5;
  const a = new Uint32Array(pairs), b = new Uint32Array(pairs), target = new Float32Array(pairs);
  for (let p = 0; p < pairs; p++) {
    a[p] = (p * 7919) % items;
    b[p] = (p * 104729 + 1) % items;
    target[p] = p % 2;
  }
  const inputMb = (data.byteLength + a.byteLength + b.byteLength + target.byteLength) / 2 ** 20;
  const before = process.memoryUsage().rss / 2 ** 20;
  writeFileSync('/proc/self/clear_refs', '5');
  const controller = new AbortController();
  setTimeout(() => controller.abort(new Error('enough')), 4000);
  await train({ dim, data }, { a, b, target }, { hidden: 256, members: 5, batchSize: 512, epochs: 1, validationFraction: 0, signal: controller.signal }).catch(() => undefined);
  console.log(JSON.stringify({ inputMb, rssBeforeTrainingMb: before, peakRssMb: hwmMb() }));
}

void main();
