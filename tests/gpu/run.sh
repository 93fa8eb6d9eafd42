#!/usr/bin/env bash
# The whole GPU check in one go, on a bare machine with CUDA (nvcc), CMake and Python + PyTorch (no Node.js needed):
# configures and builds native/ with plain CMake (CUDA and tests on), runs ctest (CPU engine tests + GPU parity),
# the GPU benchmark (W1 at scale) and the PyTorch peer, and writes one JSON summary, summary.json, with the logs.
# Usage: bash tests/gpu/run.sh [OUT_DIR] [--quick]     (OUT_DIR defaults to $OUT, else /tmp/rung-gpu-out)
# Without a GPU every step still runs and reports "skipped" with the reason; the exit status is non-zero only when a
# build fails or a test that ran failed.
set -uo pipefail
ROOT=$(cd "$(dirname "${BASH_SOURCE[0]}")/../.." && pwd)
OUT_DIR=""
QUICK=""
for arg in "$@"; do
  case "$arg" in
    --quick) QUICK=--quick ;;
    *) OUT_DIR=$arg ;;
  esac
done
OUT_DIR=${OUT_DIR:-${OUT:-/tmp/rung-gpu-out}}
BUILD=${RUNG_GPU_BUILD:-/tmp/rung-gpu-build}
mkdir -p "$OUT_DIR"
T0=$(date +%s)
say() { echo "[run.sh +$(($(date +%s) - T0))s] $*"; }

NVCC=$(command -v nvcc || true)
[ -z "$NVCC" ] && [ -x /usr/local/cuda/bin/nvcc ] && NVCC=/usr/local/cuda/bin/nvcc
PY=$(command -v python3 || command -v python || true)
if command -v nvidia-smi >/dev/null; then
  nvidia-smi --query-gpu=name,memory.total,driver_version,clocks.max.sm --format=csv,noheader > "$OUT_DIR/nvidia-smi.txt" 2>&1
else
  echo "no nvidia-smi" > "$OUT_DIR/nvidia-smi.txt"
fi
say "GPU: $(head -1 "$OUT_DIR/nvidia-smi.txt"); nvcc: ${NVCC:-none}; python: ${PY:-none}"

# cuBLAS: CMake takes the toolkit's static library when it exists; otherwise the shared one from PyTorch's nvidia
# wheels (passed as RUNG_CUBLAS_ROOT) serves the tests and benchmark; with neither, the built-in FP32 GEMM is used.
CMAKE_ARGS=(-DRUNG_CUDA=ON -DRUNG_TESTS=ON -DCMAKE_BUILD_TYPE=Release)
[ -n "$NVCC" ] && CMAKE_ARGS+=("-DCMAKE_CUDA_COMPILER=$NVCC")
if [ -n "$PY" ]; then
  WHEEL=$("$PY" - <<'PYEOF' 2>/dev/null
import glob, os, site
roots = site.getsitepackages() + [site.getusersitepackages()]
for r in roots:
    for d in sorted(glob.glob(os.path.join(r, "nvidia", "*")), reverse=True):
        if glob.glob(os.path.join(d, "include", "cublas_v2.h")) and glob.glob(os.path.join(d, "lib", "libcublas.so*")):
            print(d); raise SystemExit
PYEOF
)
  [ -n "$WHEEL" ] && CMAKE_ARGS+=("-DRUNG_CUBLAS_ROOT=$WHEEL")
fi
command -v ninja >/dev/null && CMAKE_ARGS+=(-G Ninja)

BUILD_OK=false
say "configure + build in $BUILD"
if cmake -S "$ROOT/native" -B "$BUILD" "${CMAKE_ARGS[@]}" > "$OUT_DIR/configure.log" 2>&1 &&
   cmake --build "$BUILD" -j"$(nproc)" > "$OUT_DIR/build.log" 2>&1; then
  BUILD_OK=true
else
  say "build FAILED (see configure.log / build.log)"; tail -30 "$OUT_DIR/build.log" 2>/dev/null || tail -30 "$OUT_DIR/configure.log"
fi
say "build ok: $BUILD_OK; $(grep -o 'rung: CUDA kernels.*' "$OUT_DIR/configure.log" || echo 'rung_cuda not configured')"

CTEST_RC=-1; BENCH_RC=-1; TORCH_RC=-1; PARITY_RC=-1
if $BUILD_OK; then
  say "ctest (CPU engine tests, CUDA load check)"
  (cd "$BUILD" && timeout 300 ctest --output-on-failure --timeout 280 -E cuda_parity) > "$OUT_DIR/ctest.log" 2>&1; CTEST_RC=$?
  tail -3 "$OUT_DIR/ctest.log"
  say "GPU parity tests (the ctest cuda_parity, run directly for its full table)"
  timeout 300 "$BUILD"/cuda/tests_gpu/test_cuda_parity > "$OUT_DIR/parity.log" 2>&1; PARITY_RC=$?
  grep -E "^(FAIL|SKIPPED|device:|[0-9]+ passed)" "$OUT_DIR/parity.log" | head -40
  if [ "$PARITY_RC" -ne 0 ] && [ "$PARITY_RC" -ne 77 ]; then CTEST_RC=1; fi
  say "GPU benchmark"
  timeout 180 "$BUILD"/cuda/tests_gpu/bench_cuda $QUICK --out "$OUT_DIR/bench_cuda.json" > "$OUT_DIR/bench_cuda.log" 2>&1; BENCH_RC=$?
  grep -E "^(W1|sparse|SKIPPED|FAILED|device)" "$OUT_DIR/bench_cuda.log"
fi
if [ -n "$PY" ]; then
  say "PyTorch peer"
  NOCOMPILE=""
  if [ $(($(date +%s) - T0)) -gt 330 ]; then NOCOMPILE=--no-compile; say "over 5.5 min so far: torch.compile skipped to stay under 8 min"; fi
  timeout 200 "$PY" "$ROOT/tests/gpu/torch_peer.py" $QUICK $NOCOMPILE --out "$OUT_DIR/torch_peer.json" > "$OUT_DIR/torch_peer.log" 2>&1; TORCH_RC=$?
  tail -3 "$OUT_DIR/torch_peer.log"
fi

say "summary"
if [ -n "$PY" ]; then
  "$PY" - "$OUT_DIR" "$BUILD_OK" "$CTEST_RC" "$BENCH_RC" "$TORCH_RC" "$(($(date +%s) - T0))" "$PARITY_RC" <<'PYEOF'
import json, os, re, sys
out, build_ok, ctest_rc, bench_rc, torch_rc, secs = sys.argv[1], sys.argv[2] == "true", int(sys.argv[3]), int(sys.argv[4]), int(sys.argv[5]), int(sys.argv[6])
parity_rc = int(sys.argv[7])
def load(name):
    try:
        with open(os.path.join(out, name)) as f: return json.load(f)
    except Exception as e: return {"missing": f"{name}: {e}"}
def text(name):
    try:
        with open(os.path.join(out, name)) as f: return f.read()
    except Exception: return ""
parity = text("parity.log")
m = re.search(r"^(\d+) passed, (\d+) failed", parity, re.M)
ours, peer = load("bench_cuda.json"), load("torch_peer.json")
s = {"seconds": secs, "gpu": text("nvidia-smi.txt").strip(), "build_ok": build_ok, "ctest_rc": ctest_rc,
     "parity": {"rc": parity_rc, "skipped": parity_rc == 77, "passed": int(m.group(1)) if m else None, "failed": int(m.group(2)) if m else None,
                "failures": [l for l in parity.splitlines() if l.startswith("FAIL")][:40],
                "first_line": parity.splitlines()[0] if parity else ""},
     "bench_rc": bench_rc, "torch_rc": torch_rc, "rung": ours, "torch": peer, "comparison": {}}
if ours.get("skipped") or "w1" not in ours:
    s["comparison"]["skipped"] = ours.get("reason", ours.get("error", ours.get("missing", "no benchmark result")))
else:
  try:
    for i, prec in enumerate(("fp32", "tf32")):
        r = ours["w1"]["train"][i]
        c = {"rung_pairs_per_s": r["pairs_per_s"], "rung_epoch_s": r["epoch_s"], "rung_tflops": r["tflops"]}
        e = [x for x in peer.get("eager", []) if x["precision"] == prec]
        k = [x for x in peer.get("compile", []) if x["precision"] == prec]
        if e: c["torch_eager_pairs_per_s"] = e[0]["pairs_per_s"]; c["ratio_vs_eager"] = r["pairs_per_s"] / e[0]["pairs_per_s"]
        if k: c["torch_compile_pairs_per_s"] = k[0]["pairs_per_s"]; c["ratio_vs_compile"] = r["pairs_per_s"] / k[0]["pairs_per_s"]
        c["target_2x_eager"] = c.get("ratio_vs_eager", 0) >= 2.0
        c["target_epoch_under_0_5_s"] = r["epoch_s"] * 500000 / ours["w1"]["pairs"] < 0.5
        s["comparison"][prec] = c
  except Exception as ex:
    s["comparison"]["error"] = f"{type(ex).__name__}: {ex}"
with open(os.path.join(out, "summary.json"), "w") as f: json.dump(s, f, indent=1)
print(json.dumps({k: s[k] for k in ("seconds", "build_ok", "ctest_rc", "parity", "comparison")}, indent=1))
PYEOF
fi
say "done: $OUT_DIR/summary.json"
if ! $BUILD_OK || { [ "$CTEST_RC" -ne 0 ] && [ "$CTEST_RC" -ne -1 ]; }; then exit 1; fi
exit 0
