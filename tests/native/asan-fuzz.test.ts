// The engine's readers of untrusted bytes under AddressSanitizer and UBSan (#17): builds native/tests/fuzz_inputs.cpp
// with RUNG_SANITIZE=ON in a folder of its own and runs it — model blobs (checksum broken and made right again), JSON,
// safetensors, tokenizer vocabularies and text, each seed mutated thousands of times. A reader may refuse; a crash or
// a sanitizer report fails; then the engine's C++ test programs (native/tests/test_engine.cpp, test_encoder.cpp) in the
// same build. Needs CMake and the C++ compiler, as the engine's build does.
import { spawnSync } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { projectRoot } from '../helpers/cli';

const haveCmake = spawnSync('cmake', ['--version']).status === 0;

describe.skipIf(!haveCmake)('native readers under AddressSanitizer and UBSan', () => {
  it('refuse mutated model blobs, JSON, safetensors, vocabularies and text without a crash or a sanitizer report', () => {
    const build = mkdtempSync(join(tmpdir(), 'rung-asan-'));
    try {
      const run = (command: string, args: string[]) => {
        const result = spawnSync(command, args, { encoding: 'utf8', timeout: 900_000, env: { ...process.env, ASAN_OPTIONS: 'detect_leaks=1:abort_on_error=0' } });
        expect(result.status, `${command} ${args.join(' ')}\n${result.stdout}\n${result.stderr}`).toBe(0);
        return result.stdout;
      };
      run('cmake', ['-S', join(projectRoot, 'native'), '-B', build, '-DRUNG_TESTS=ON', '-DRUNG_SANITIZE=ON', '-DRUNG_CUDA=OFF', '-DCMAKE_BUILD_TYPE=RelWithDebInfo']);
      run('cmake', ['--build', build, '--target', 'fuzz_inputs', 'test_engine', 'test_encoder', '-j', '2']);
      // The engine's own C++ tests (the CPU references: gradients, GEMM kernels, the encoder's forward pass against a
      // plain double-precision BERT, tokenizer, safetensors) under the sanitizers too: they run nowhere else on a machine
      // without a GPU (tests/gpu/run.sh runs them with ctest).
      for (const program of ['test_engine', 'test_encoder']) expect(run(join(build, program), []).trim().endsWith('ok (0 failures)')).toBe(true);
      const seed = String(1 + (Date.now() % 1000)); // a new draw each run; the seed printed on failure reproduces it
      const printed = run(join(build, 'fuzz_inputs'), ['4000', seed]);
      console.log(`asan fuzz (seed ${seed}):\n${printed}`);
      expect(printed).toMatch(/^model blob, CRC fixed +4000 inputs/m);
      expect(printed).toMatch(/^text +4000 inputs, +0 refused/m);
      expect(printed.trim().endsWith('ok')).toBe(true);
    } finally {
      rmSync(build, { recursive: true, force: true });
    }
  }, 1_200_000);
});
