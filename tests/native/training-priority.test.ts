// Training runs at a lower OS priority (native/src/addon/background.h): on Linux, while a training runs, its engine
// threads (the thread of its own and the OpenMP threads it starts) have nice 10, and the threads that answer the user
// keep theirs; once it ends, no thread is left at that priority. So does featurizing a training's texts (background).
import { readFileSync, readdirSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { featurize, train } from '../../electron/core/engine';
import { pairsByReward, plantedEmbeddings, rng } from './synthetic';

const BACKGROUND_NICE = 10; // background.h's

/** A thread's nice value (field 19 of /proc/self/task/TID/stat). */
function niceOf(tid: number | string): number {
  const stat = readFileSync(`/proc/self/task/${tid}/stat`, 'utf8');
  return Number(stat.slice(stat.lastIndexOf(')') + 2).split(' ')[16]);
}

/** Every thread's nice value (a thread that ends while they are read is left out). */
const threadNices = (): number[] =>
  readdirSync('/proc/self/task').flatMap((tid) => {
    try {
      return [niceOf(tid)];
    } catch {
      return [];
    }
  });

describe.runIf(process.platform === 'linux')('training priority', () => {
  it('trains on threads at nice 10 while the calling thread keeps its priority, and leaves none behind', async () => {
    const base = niceOf(process.pid); // the process's main thread
    expect(base).toBeLessThan(BACKGROUND_NICE);
    expect(threadNices().filter((nice) => nice === BACKGROUND_NICE)).toEqual([]);
    const big = plantedEmbeddings(4000, 64, 41);
    const pairs = pairsByReward(big.reward, 50000, rng(42));
    const controller = new AbortController();
    let during: number[] = [];
    const done = train(big.items, pairs, {
      hidden: 64, members: 5, epochs: 1000, batchSize: 64, patience: 1000, threads: 2,
      signal: controller.signal,
      onProgress: () => {
        if (during.length === 0) during = threadNices();
        controller.abort(new Error('seen'));
      },
    });
    await expect(done).rejects.toThrow('seen');
    expect(during.filter((nice) => nice === BACKGROUND_NICE).length).toBeGreaterThanOrEqual(1);
    expect(niceOf(process.pid)).toBe(base);
    await expect.poll(() => threadNices().filter((nice) => nice === BACKGROUND_NICE).length, { timeout: 5_000 }).toBe(0);
  });

  it('featurizes in the background on threads at nice 10, and leaves none behind', async () => {
    const base = niceOf(process.pid);
    const responses = Array.from({ length: 60_000 }, (_, i) => `response ${i}: ${'words and more words '.repeat(1 + (i % 20))}`);
    let highest = base;
    const sampler = setInterval(() => (highest = Math.max(highest, ...threadNices())), 2);
    try {
      await featurize({ prompts: ['Q'], responses, promptIndex: new Uint32Array(responses.length) }, { bucketBits: 12, threads: 2, background: true });
    } finally {
      clearInterval(sampler);
    }
    expect(highest).toBe(BACKGROUND_NICE);
    expect(niceOf(process.pid)).toBe(base);
    await expect.poll(() => threadNices().filter((nice) => nice === BACKGROUND_NICE).length, { timeout: 5_000 }).toBe(0);
  });
});
