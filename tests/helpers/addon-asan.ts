// The engine addon built with AddressSanitizer and UBSan (RUNG_SANITIZE=ON through cmake-js, in a folder of its own,
// never native/build) and the addon fuzzer (tests/native/fuzz-addon-child.ts) run on it by a Node with ASan preloaded
// (the child's header says why each setting is there). Used by `npm run fuzz:native` and addon-asan-fuzz.test.ts.
import { execFileSync, spawnSync, type SpawnSyncReturns } from 'node:child_process';
import { join } from 'node:path';
import { projectRoot } from './cli';

/** Builds the sanitized addon into `out` (or brings it up to date there, two jobs at a time); returns its path. */
export function buildSanitizedAddon(out: string): string {
  const cmakeJs = join(projectRoot, 'node_modules', 'cmake-js', 'bin', 'cmake-js');
  const args = [cmakeJs, 'build', '-d', 'native', '-O', out, '-B', 'RelWithDebInfo', '-p', '2', '--CDRUNG_SANITIZE=ON', '--CDRUNG_CUDA=OFF'];
  const result = spawnSync(process.execPath, args, { cwd: projectRoot, encoding: 'utf8', timeout: 1_200_000, maxBuffer: 1 << 26 });
  if (result.status !== 0) throw new Error(`the sanitized addon failed to build (cmake-js ${args.slice(1).join(' ')}):\n${result.stdout}\n${result.stderr}`);
  return join(out, 'RelWithDebInfo', 'rung.node');
}

/** The environment a plain Node needs to load a sanitized addon: the compiler's libasan first, leaks not reported. */
export function sanitizerEnv(): NodeJS.ProcessEnv {
  const libasan = execFileSync('c++', ['-print-file-name=libasan.so'], { encoding: 'utf8' }).trim();
  return {
    ...process.env,
    LD_PRELOAD: libasan,
    ASAN_OPTIONS: 'detect_leaks=0:allow_user_segv_handler=0:allocator_may_return_null=1:max_allocation_size_mb=2048',
    UBSAN_OPTIONS: 'print_stacktrace=1',
    OMP_WAIT_POLICY: 'PASSIVE',
  };
}

/** Runs the fuzzer on `addon` for `calls` drawn calls from `seed`: its output shown as it goes (`show`) or captured. */
export function runAddonFuzz(addon: string, calls: number, seed: number, show = false): SpawnSyncReturns<string> {
  const jiti = join(projectRoot, 'node_modules', 'jiti', 'lib', 'jiti-cli.mjs');
  const child = join(projectRoot, 'tests', 'native', 'fuzz-addon-child.ts');
  return spawnSync(process.execPath, [jiti, child, addon, String(calls), String(seed)], {
    cwd: projectRoot,
    env: sanitizerEnv(),
    encoding: 'utf8',
    stdio: show ? 'inherit' : 'pipe',
    timeout: 3_600_000,
    maxBuffer: 1 << 26,
  });
}
