// The OpenBLAS sgemm reference for the W1 bench: compiles openblas-sgemm.c with cc -lopenblas once and runs it, as often as
// the bench asks, with OPENBLAS_CORETYPE=SkylakeX on AVX-512 CPUs (Debian's 0.3.21 picks AVX2 kernels otherwise).
import { spawnSync } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';

const FLOP = 2 * 2048 ** 3;

export interface OpenblasSgemm {
  coretype: string;
  /** One run of the program: GFLOP/s of its best and of its mean timed multiply. */
  measure(): { best: number; mean: number };
  dispose(): void;
}

export function openblasSgemm(threads: number, avx512: boolean): OpenblasSgemm | { skipped: string } {
  const dir = mkdtempSync(join(tmpdir(), 'rung-openblas-'));
  const exe = join(dir, 'sgemm');
  const cc = spawnSync('cc', ['-O2', join(__dirname, 'openblas-sgemm.c'), '-o', exe, '-lopenblas'], { encoding: 'utf8' });
  const dispose = () => rmSync(dir, { recursive: true, force: true });
  if (cc.error || cc.status !== 0) {
    dispose();
    return { skipped: `OpenBLAS not found (cc -lopenblas failed; apt-get install libopenblas-dev): ${(cc.stderr || String(cc.error)).split('\n')[0]}` };
  }
  const coretype = avx512 ? 'SkylakeX' : 'auto';
  const env = { ...process.env, OPENBLAS_NUM_THREADS: String(threads), ...(avx512 ? { OPENBLAS_CORETYPE: 'SkylakeX' } : {}) };
  return {
    coretype,
    measure() {
      const run = spawnSync(exe, [], { encoding: 'utf8', env });
      const [best, mean] = run.stdout.trim().split(/\s+/).map(Number);
      if (run.status !== 0 || !(best > 0) || !(mean > 0)) throw new Error(`OpenBLAS sgemm failed: ${run.stderr.split('\n')[0]}`);
      return { best: FLOP / best / 1e9, mean: FLOP / mean / 1e9 };
    },
    dispose,
  };
}
