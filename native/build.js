// Builds the engine addon (native/build/Release/rung.node) with cmake-js, offline. On failure it says what to
// install and exits 0 so the rest of Rung still installs; RUNG_REQUIRE_NATIVE=1 (CI) makes a failure fatal, and
// RUNG_REQUIRE_CUDA_BUILD=1 a build without the CUDA backend.
const { spawnSync } = require('node:child_process');
const { existsSync } = require('node:fs');
const { join } = require('node:path');

const root = join(__dirname, '..');
const cmakeJs = join(root, 'node_modules', 'cmake-js', 'bin', 'cmake-js');
const args = [cmakeJs, 'build', '-d', 'native', '-O', 'native/build'];
if (process.env.RUNG_CUDA === 'OFF' || process.env.RUNG_CUDA === '0') args.push('--CDRUNG_CUDA=OFF');
const result = spawnSync(process.execPath, args, { cwd: root, stdio: ['ignore', 'pipe', 'pipe'], encoding: 'utf8' });
// RUNG_REQUIRE_CUDA_BUILD=1 (CI, with nvcc from PyPI): a build that left the CUDA backend out is a failure. The
// backend's library is the witness (an incremental build does not configure again, so prints nothing about it).
if (result.status === 0 && process.env.RUNG_REQUIRE_CUDA_BUILD === '1' && !existsSync(join(root, 'native', 'build', 'cuda', 'librung_cuda.a'))) {
  process.stderr.write(`${result.stdout ?? ''}\nrung: RUNG_REQUIRE_CUDA_BUILD=1 but the CUDA backend was not built (native/build/cuda/librung_cuda.a is missing; is CUDACXX set to an nvcc?)\n`);
  process.exit(1);
}
if (result.status === 0) process.exit(0);
process.stderr.write(`${result.stdout ?? ''}${result.stderr ?? ''}\n`);
process.stderr.write(
  'rung: the native engine (native/) failed to build. Training and scoring need it; everything else works.\n' +
    'Install a C++17 compiler with OpenMP, make and CMake ≥ 3.18 (Debian/Ubuntu: sudo apt-get install g++ make cmake), then run `npm run build`.\n',
);
process.exit(process.env.RUNG_REQUIRE_NATIVE === '1' ? 1 : 0);
