// Per-phase CPU time of W1 training steps (D=768, H=256, M=5, batch 512 pairs) and sgemm 2048³, for tuning without Node on a
// busy machine (CPU time is disturbed less than wall time): `profile_w1 [threads] [steps]` prints ms per phase and GFLOP/s.
#include <time.h>

#include <chrono>
#include <cstdio>
#include <cstdlib>
#include <vector>

#include <string>

#include "engine/adamw.h"
#include "engine/gemm_bf16.h"
#include "engine/gemm.h"
#include "engine/loss.h"
#include "engine/mlp.h"
#include "engine/model.h"
#include "engine/rng.h"

using namespace rung;
// std::chrono-style clock over CLOCK_PROCESS_CPUTIME_ID
struct Clock {
  using duration = std::chrono::nanoseconds;
  using time_point = std::chrono::time_point<Clock, duration>;
  static time_point now() {
    timespec t;
    clock_gettime(CLOCK_PROCESS_CPUTIME_ID, &t);
    return time_point(duration((int64_t)t.tv_sec * 1000000000 + t.tv_nsec));
  }
};

static double since(Clock::time_point t0) { return std::chrono::duration<double>(Clock::now() - t0).count(); }

int main(int argc, char** argv) {
  const int threads = argc > 1 ? std::atoi(argv[1]) : 2;
  const int steps = argc > 2 ? std::atoi(argv[2]) : 20;
  const bool bf16 = argc > 3 && std::string(argv[3]) == "bf16";  // the step with its GEMMs on AMX (gemm_bf16.h)
  if (bf16 && !amx_bf16_available()) {
    std::printf("bf16: %s\n", amx_bf16_unavailable_reason());
    return 1;
  }
  const int64_t D = 768, H = 256, M = 5, B = 512, N = 100000, MH = M * H;

  {
    const int64_t n = 2048;
    std::vector<float> a((size_t)(n * n), 0.5f), b((size_t)(n * n), 0.25f), c((size_t)(n * n));
    double best = 1e30;
    for (int r = 0; r < 3; r++) {
      const auto t0 = Clock::now();
      sgemm(n, n, n, MatA{a.data(), n, nullptr, false}, b.data(), n, c.data(), n, false, threads);
      best = std::min(best, since(t0));
    }
    std::printf("sgemm 2048^3 (%s, %d threads): %.1f GFLOP/s\n", gemm_kernel(), threads, 2.0 * n * n * n / best / 1e9);
  }

  Rng rng(3);
  std::vector<float> x((size_t)(N * D));
  for (float& v : x) v = (float)(rng.uniform() - 0.5);
  Items items;
  items.n = N, items.dim = D, items.dense = x.data();
  ModelConfig cfg;
  cfg.input_dim = D, cfg.hidden = H, cfg.members = M;
  Model model = init_model(cfg, 1);
  std::vector<float> mw1(model.w1.size()), vw1(model.w1.size());
  std::vector<uint32_t> rows((size_t)(2 * B));
  std::vector<float> hpre((size_t)(2 * B * MH)), act((size_t)(2 * B * MH)), dhpre((size_t)(2 * B * MH));
  std::vector<float> r((size_t)(2 * B * M)), dr((size_t)(2 * B * M)), tgt((size_t)B, 1.0f), w((size_t)(B * M), 1.0f), loss((size_t)M);
  Grads g;
  PackedBf16 w1_bf16, dhpre_bf16;
  AdamWConfig ac;
  double t_pack = 0, t_fwd = 0, t_loss = 0, t_bwd = 0, t_adam = 0, t_all = 0;
  for (int s = 0; s <= steps; s++) {
    for (auto& v : rows) v = (uint32_t)rng.below((uint64_t)N);
    const auto tp = Clock::now();
    if (bf16) pack_bf16_into(w1_bf16, model.w1.data(), MH, D, MH, threads);
    const auto t0 = Clock::now();
    mlp_forward(r.data(), act.data(), hpre.data(), model, items, rows.data(), 2 * B, threads, bf16 ? &w1_bf16 : nullptr);
    const auto t1 = Clock::now();
    bt_forward(loss.data(), r.data(), tgt.data(), w.data(), B, M);
    bt_backward(dr.data(), r.data(), tgt.data(), w.data(), B, M);
    const auto t2 = Clock::now();
    mlp_backward(g, dhpre.data(), dr.data(), act.data(), hpre.data(), model, items, rows.data(), 2 * B, threads, bf16 ? &dhpre_bf16 : nullptr);
    const auto t3 = Clock::now();
#pragma omp parallel for num_threads(threads) schedule(static)
    for (int64_t d = 0; d < D; d++)
      adamw_update(model.w1.data() + d * MH, mw1.data() + d * MH, vw1.data() + d * MH, g.dw1.data() + d * MH, MH, ac, s + 1, true);
    const auto t4 = Clock::now();
    if (s == 0) continue;  // warm-up
    auto sec = [](Clock::time_point a, Clock::time_point b) { return std::chrono::duration<double>(b - a).count(); };
    t_pack += sec(tp, t0), t_fwd += sec(t0, t1), t_loss += sec(t1, t2), t_bwd += sec(t2, t3), t_adam += sec(t3, t4), t_all += sec(tp, t4);
  }
  const double gemm_flop = 2.0 * 2 * B * D * MH;  // one of the two big GEMMs per step
  {
    double t_f = 0, t_b = 0;
    for (int s = 0; s < steps; s++) {
      const auto t0 = Clock::now();
      if (bf16) gemm_bf16_amx(2 * B, MatA{x.data(), D, rows.data(), false}, w1_bf16, hpre.data(), MH, threads);
      else sgemm(2 * B, MH, D, MatA{x.data(), D, rows.data(), false}, model.w1.data(), MH, hpre.data(), MH, false, threads);
      const auto t1 = Clock::now();
      if (bf16) {
        pack_bf16_into(dhpre_bf16, dhpre.data(), MH, 2 * B, MH, threads);
        gemm_bf16_amx(D, MatA{x.data(), D, rows.data(), true}, dhpre_bf16, g.dw1.data(), MH, threads);
      } else {
        sgemm(D, MH, 2 * B, MatA{x.data(), D, rows.data(), true}, dhpre.data(), MH, g.dw1.data(), MH, false, threads);
      }
      t_f += std::chrono::duration<double>(t1 - t0).count(), t_b += since(t1);
    }
    std::printf("GEMMs alone: forward X·W1 %.2f ms (%.0f GFLOP/s), dW1 = Xᵀ·dH %.2f ms (%.0f GFLOP/s)\n", 1e3 * t_f / steps, gemm_flop * steps / t_f / 1e9,
                1e3 * t_b / steps, gemm_flop * steps / t_b / 1e9);
  }
  std::printf("W1 step%s, ms: pack W1 %.2f  forward %.2f (%.0f GFLOP/s)  loss %.3f  backward %.2f (%.0f GFLOP/s as dW1 GEMM)  adamw %.2f  total %.2f\n",
              bf16 ? " (bf16)" : "", 1e3 * t_pack / steps, 1e3 * t_fwd / steps, gemm_flop * steps / t_fwd / 1e9, 1e3 * t_loss / steps, 1e3 * t_bwd / steps, gemm_flop * steps / t_bwd / 1e9,
              1e3 * t_adam / steps, 1e3 * t_all / steps);
  std::printf("W1 training: %.0f pairs/s, %.1f GFLOP/s\n", B * steps / t_all, 2 * gemm_flop * steps / t_all / 1e9);
  return 0;
}
