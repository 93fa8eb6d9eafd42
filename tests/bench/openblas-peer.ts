// The OpenBLAS sgemm reference for the W1 bench: compiles openblas-sgemm.c with cc -lopenblas and runs it with
// OPENBLAS_CORETYPE=SkylakeX on AVX-512 CPUs (Debian's 0.3.21 picks AVX2 kernels otherwise); { skipped: reason } where it cannot.
import { spawnSync } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';

export function openblasSgemmGflops(threads: number, avx512: boolean): { gflops: number; coretype: string } | { skipped: string } {
  const dir = mkdtempSync(join(tmpdir(), 'rung-openblas-'));
  try {
    const exe = join(dir, 'sgemm');
    const cc = spawnSync('cc', ['-O2', join(__dirname, 'openblas-sgemm.c'), '-o', exe, '-lopenblas'], { encoding: 'utf8' });
    if (cc.error || cc.status !== 0) return { skipped: `OpenBLAS not found (cc -lopenblas failed; apt-get install libopenblas-dev): ${(cc.stderr || String(cc.error)).split('\n')[0]}` };
    const coretype = avx512 ? 'SkylakeX' : 'auto';
    const env = { ...process.env, OPENBLAS_NUM_THREADS: String(threads), ...(avx512 ? { OPENBLAS_CORETYPE: 'SkylakeX' } : {}) };
    const run = spawnSync(exe, [], { encoding: 'utf8', env });
    const seconds = Number(run.stdout.trim());
    if (run.status !== 0 || !(seconds > 0)) return { skipped: `OpenBLAS sgemm failed: ${run.stderr.split('\n')[0]}` };
    return { gflops: (2 * 2048 ** 3) / seconds / 1e9, coretype };
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
}
