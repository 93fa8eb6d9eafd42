// The engine addon's exports fuzzed from Node under AddressSanitizer and UBSan (#17): builds the addon with
// RUNG_SANITIZE=ON in a folder of its own and runs tests/native/fuzz-addon-child.ts on it — the fixed cases, then 3,000
// drawn calls from a new seed each run (printed; `npm run fuzz:native -- 3000 SEED` repeats it). Every call returns or
// is refused with an Error, plain mistakes are refused, and nothing crashes or makes a sanitizer report. The long run is
// `npm run fuzz:native`. Needs CMake and the C++ compiler, as the engine's build does.
import { spawnSync } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { buildSanitizedAddon, runAddonFuzz } from '../helpers/addon-asan';

const haveCmake = spawnSync('cmake', ['--version']).status === 0;

/** Functions a few thousand calls always both return from and refuse. */
const exercised = ['train', 'Model#scoreItems', 'Model#scorePairs', 'loadModel', 'featurize', 'tokenize', 'contentIds', 'gradientCheck', 'benchGemm', 'loadEncoder', 'Encoder#tokenize', 'Encoder#encode'];

describe.skipIf(!haveCmake)('the addon under AddressSanitizer and UBSan', () => {
  it('returns or refuses with an Error for every generated call, without a crash or a sanitizer report', () => {
    const build = mkdtempSync(join(tmpdir(), 'rung-addon-asan-'));
    try {
      const addon = buildSanitizedAddon(build);
      const seed = 1 + (Date.now() % 100_000);
      const run = runAddonFuzz(addon, 3000, seed);
      console.log(run.stdout);
      expect(run.status, `seed ${seed}\n${run.stdout}\n${run.stderr}`).toBe(0);
      expect(run.stdout).toMatch(/^\d+ fixed cases as expected$/m);
      for (const fn of exercised) {
        const row = new RegExp(`^${fn} +(\\d+) +(\\d+)$`, 'm').exec(run.stdout);
        expect(row, fn).not.toBeNull();
        expect(Number(row![1]), `${fn} returned`).toBeGreaterThan(0);
        expect(Number(row![2]), `${fn} refused`).toBeGreaterThan(0);
      }
      expect(run.stdout.trim().endsWith('ok')).toBe(true);
    } finally {
      rmSync(build, { recursive: true, force: true });
    }
  }, 900_000);
});
