// Child process of the encoder bench: the engine's peak RSS while it encodes TEXTS 128-token texts (batch 32) with the
// encoder at FOLDER, over the RSS with the encoder loaded. The peak is Linux's VmHWM, reset (clear_refs 5) once the
// encoder is loaded and the texts are built, so it covers encoding alone. Prints one JSON line.
// Usage: encoder-memory-child.ts FOLDER TEXTS THREADS
import { readFileSync, writeFileSync } from 'node:fs';
import { loadEncoder } from '../../electron/core/engine/encoder';

const statusMb = (field: string) => Number(new RegExp(`${field}:\\s+(\\d+) kB`).exec(readFileSync('/proc/self/status', 'utf8'))![1]) / 1024;

async function main() {
  const [folder, count, threads] = [process.argv[2], Number(process.argv[3]), Number(process.argv[4])];
  const before = statusMb('VmRSS');
  const enc = await loadEncoder(folder);
  const word = ['the', 'a', 'of', 'and', 'to'].find((w) => enc.tokenize([w])[0].length === 3) as string;
  const texts = Array.from({ length: count }, () => Array(126).fill(word).join(' ')); // [CLS] + 126 + [SEP] = 128 tokens
  const loadedMb = statusMb('VmRSS');
  writeFileSync('/proc/self/clear_refs', '5');
  const vectors = await enc.encode(texts, { batchSize: 32, threads });
  const vectorsMb = (vectors.length * enc.info.dim * 4) / 2 ** 20;
  console.log(JSON.stringify({ encoderMb: loadedMb - before, rssLoadedMb: loadedMb, peakRssMb: statusMb('VmHWM'), vectorsMb }));
}

void main();
