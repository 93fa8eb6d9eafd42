// GPU benchmark (issue 5): workload W1 at scale — D=768, H=256, M=5, batches of 4,096 pairs, 500,000 pairs over
// 200,000 items — epoch time, pairs/s and achieved TFLOP/s (FP32 and TF32), items/s for scoring; plus a sparse
// text-like workload (2^20 hashed buckets, H=64). Writes JSON (--out FILE). Exit 77 with "SKIPPED: …" without a GPU.
#include <algorithm>
#include <atomic>
#include <chrono>
#include <cmath>
#include <cstdio>
#include <cstring>
#include <numeric>
#include <string>
#include <vector>

#include "cuda/kernels.h"
#include "cuda/rung_cuda.h"
#include "engine/model.h"
#include "engine/rng.h"

using namespace rung;
namespace rc = rung::cuda;
using Clock = std::chrono::steady_clock;

static double seconds(Clock::time_point a, Clock::time_point b) { return std::chrono::duration<double>(b - a).count(); }
static float bench_uniform(uint64_t seed, uint64_t i) { return (float)((double)(splitmix64(seed ^ splitmix64(i)) >> 11) * 0x1.0p-53 * 2.0 - 1.0); }

struct Args {
  int64_t items = 200000, pairs = 500000, dim = 768, hidden = 256, members = 5, batch = 4096, epochs = 3;
  int64_t sp_items = 50000, sp_pairs = 200000, sp_nnz = 150, sp_bits = 20, sp_hidden = 64;
  bool sparse = true;
  std::string out;
};

static std::string jnum(double x) {
  if (!std::isfinite(x)) return "null";
  char b[64];
  std::snprintf(b, sizeof b, "%.6g", x);
  return b;
}
static std::string jstr(const std::string& s) {
  std::string o = "\"";
  for (char c : s) {
    if (c == '"' || c == '\\') o += '\\';
    if ((unsigned char)c >= 0x20) o += c;
  }
  return o + "\"";
}

struct TrainBench {
  std::string precision;
  double setup_s = 0, epoch_s = 0, first_epoch_s = 0, pairs_per_s = 0, tflops = 0, last_loss = NAN, first_loss = NAN;
  bool resident = false;
  int64_t device_bytes = 0;
  std::vector<double> epochs_s;
  double score_resident_items_per_s = NAN;
};

static std::string to_json(const TrainBench& t) {
  std::string e = "[";
  for (size_t i = 0; i < t.epochs_s.size(); i++) e += (i ? "," : "") + jnum(t.epochs_s[i]);
  e += "]";
  return "{\"precision\":" + jstr(t.precision) + ",\"setup_s\":" + jnum(t.setup_s) + ",\"first_epoch_s\":" + jnum(t.first_epoch_s) +
         ",\"epoch_s\":" + jnum(t.epoch_s) + ",\"epochs_s\":" + e + ",\"pairs_per_s\":" + jnum(t.pairs_per_s) + ",\"tflops\":" + jnum(t.tflops) +
         ",\"first_epoch_loss\":" + jnum(t.first_loss) + ",\"last_epoch_loss\":" + jnum(t.last_loss) + ",\"items_resident\":" +
         (t.resident ? "true" : "false") + ",\"device_bytes\":" + std::to_string(t.device_bytes) +
         ",\"score_resident_items_per_s\":" + jnum(t.score_resident_items_per_s) + "}";
}

// One training benchmark: setup (uploads), one warm-up epoch, `epochs` timed epochs (median reported).
static TrainBench bench_train(const Model& init, const Items& items, const std::vector<uint32_t>& a, const std::vector<uint32_t>& b,
                              const std::vector<float>& t, int64_t batch, int64_t epochs, rc::Precision prec, bool score_too) {
  TrainBench r;
  r.precision = prec == rc::Precision::tf32 ? "tf32" : "fp32";
  const int64_t T = (int64_t)a.size(), M = init.cfg.members;
  std::vector<float> wt((size_t)(T * M), 1.0f);
  AdamWConfig aw;
  rc::CudaOptions opt;
  opt.precision = prec;
  const auto t0 = Clock::now();
  rc::Trainer trainer(init, items, T, a.data(), b.data(), t.data(), wt.data(), batch, aw, opt);
  const auto t1 = Clock::now();
  r.setup_s = seconds(t0, t1);
  r.resident = trainer.items_resident();
  r.device_bytes = trainer.device_bytes();
  std::vector<uint32_t> perm((size_t)T);
  std::iota(perm.begin(), perm.end(), 0u);
  Rng rng(99);
  for (int64_t e = 0; e <= epochs; e++) {
    for (int64_t i = T - 1; i > 0; i--) std::swap(perm[(size_t)i], perm[(size_t)rng.below((uint64_t)i + 1)]);
    const auto s0 = Clock::now();
    const double loss = trainer.train_epoch(perm.data());
    const double dt = seconds(s0, Clock::now());
    if (e == 0) r.first_epoch_s = dt, r.first_loss = loss;
    else r.epochs_s.push_back(dt);
    r.last_loss = loss;
    std::printf("  %s epoch %lld: %.4f s, mean loss %.5f\n", r.precision.c_str(), (long long)e, dt, loss);
  }
  std::vector<double> s = r.epochs_s;
  std::sort(s.begin(), s.end());
  r.epoch_s = s.empty() ? r.first_epoch_s : s[s.size() / 2];
  r.pairs_per_s = (double)T / r.epoch_s;
  r.tflops = trainer.gemm_flops_per_epoch() / r.epoch_s / 1e12;
  if (score_too) {
    std::vector<uint32_t> rows((size_t)items.n);
    std::iota(rows.begin(), rows.end(), 0u);
    std::vector<float> out((size_t)(items.n * M));
    trainer.member_rewards(out.data(), rows.data(), std::min<int64_t>(items.n, 2 * batch));  // warm-up
    const auto s0 = Clock::now();
    trainer.member_rewards(out.data(), rows.data(), items.n);
    r.score_resident_items_per_s = (double)items.n / seconds(s0, Clock::now());
  }
  return r;
}

int main(int argc, char** argv) {
  Args A;
  for (int i = 1; i < argc; i++) {
    const std::string k = argv[i];
    auto next = [&]() -> std::string { return i + 1 < argc ? argv[++i] : ""; };
    if (k == "--out") A.out = next();
    else if (k == "--items") A.items = std::stoll(next());
    else if (k == "--pairs") A.pairs = std::stoll(next());
    else if (k == "--epochs") A.epochs = std::stoll(next());
    else if (k == "--batch") A.batch = std::stoll(next());
    else if (k == "--no-sparse") A.sparse = false;
    else if (k == "--quick") A.items = 20000, A.pairs = 50000, A.epochs = 2, A.sp_items = 5000, A.sp_pairs = 20000;
    else {
      std::fprintf(stderr, "usage: bench_cuda [--out FILE] [--items N] [--pairs P] [--epochs E] [--batch B] [--no-sparse] [--quick]\n");
      return 2;
    }
  }
  const rc::Probe p = rc::probe();
  auto write = [&](const std::string& json) {
    if (A.out.empty()) return;
    if (FILE* f = std::fopen(A.out.c_str(), "w")) {
      std::fputs(json.c_str(), f);
      std::fputs("\n", f);
      std::fclose(f);
    }
  };
  if (!p.available) {
    std::printf("SKIPPED: %s\n", p.reason.c_str());
    write("{\"skipped\":true,\"reason\":" + jstr(p.reason) + "}");
    return 77;
  }
  std::printf("device: %s (cc %d.%d, %d SMs, %s), GEMM %s\n", p.name.c_str(), p.cc_major, p.cc_minor, p.sm_count, rc::format_bytes(p.total_memory).c_str(),
              p.gemm.c_str());
  std::string json = "{\"device\":{\"name\":" + jstr(p.name) + ",\"cc\":\"" + std::to_string(p.cc_major) + "." + std::to_string(p.cc_minor) +
                     "\",\"sm_count\":" + std::to_string(p.sm_count) + ",\"total_memory\":" + std::to_string(p.total_memory) +
                     ",\"driver_version\":" + std::to_string(p.driver_version) + ",\"runtime_version\":" + std::to_string(p.runtime_version) +
                     "},\"gemm\":" + jstr(p.gemm);
  try {
    // ---- W1: dense embeddings with a planted linear reward
    const int64_t N = A.items, D = A.dim, P = A.pairs;
    const auto g0 = Clock::now();
    std::vector<float> X((size_t)(N * D)), u((size_t)D);
#pragma omp parallel for schedule(static)
    for (int64_t i = 0; i < N * D; i++) X[(size_t)i] = bench_uniform(1, (uint64_t)i);
    for (int64_t k = 0; k < D; k++) u[(size_t)k] = bench_uniform(2, (uint64_t)k);
    std::vector<double> reward((size_t)N);
#pragma omp parallel for schedule(static)
    for (int64_t i = 0; i < N; i++) {
      double s = 0;
      for (int64_t k = 0; k < D; k++) s += X[(size_t)(i * D + k)] * u[(size_t)k];
      reward[(size_t)i] = s;
    }
    std::vector<uint32_t> pa((size_t)P), pb((size_t)P);
    std::vector<float> pt((size_t)P);
    Rng rng(5);
    for (int64_t j = 0; j < P; j++) {
      pa[(size_t)j] = (uint32_t)rng.below((uint64_t)N), pb[(size_t)j] = (uint32_t)rng.below((uint64_t)N);
      pt[(size_t)j] = reward[pa[(size_t)j]] > reward[pb[(size_t)j]] ? 1.0f : 0.0f;
    }
    std::printf("W1 data: %lld items × %lld, %lld pairs (%.1f s to generate)\n", (long long)N, (long long)D, (long long)P, seconds(g0, Clock::now()));
    Items items;
    items.n = N, items.dim = D, items.dense = X.data();
    ModelConfig cfg;
    cfg.input_dim = D, cfg.hidden = A.hidden, cfg.members = A.members, cfg.activation = Activation::relu;
    const Model init = init_model(cfg, 1);
    const double mflop_per_pair = 8.0 * (double)D * (double)(A.hidden * A.members) / 1e6;
    std::vector<TrainBench> runs;
    for (rc::Precision prec : {rc::Precision::fp32, rc::Precision::tf32}) runs.push_back(bench_train(init, items, pa, pb, pt, A.batch, A.epochs, prec, true));
    // scoring from host memory (streamed chunks), FP32 and TF32
    std::vector<float> mean((size_t)N), sd((size_t)N);
    double score_fp32 = NAN, score_tf32 = NAN;
    for (rc::Precision prec : {rc::Precision::fp32, rc::Precision::tf32}) {
      rc::CudaOptions so;
      so.precision = prec;
      rc::score_items_cuda(mean.data(), sd.data(), init, items, so);  // warm-up
      const auto s0 = Clock::now();
      rc::score_items_cuda(mean.data(), sd.data(), init, items, so);
      (prec == rc::Precision::fp32 ? score_fp32 : score_tf32) = (double)N / seconds(s0, Clock::now());
    }
    json += ",\"w1\":{\"items\":" + std::to_string(N) + ",\"dim\":" + std::to_string(D) + ",\"hidden\":" + std::to_string(A.hidden) +
            ",\"members\":" + std::to_string(A.members) + ",\"batch\":" + std::to_string(A.batch) + ",\"pairs\":" + std::to_string(P) +
            ",\"mflop_per_pair\":" + jnum(mflop_per_pair) + ",\"train\":[" + to_json(runs[0]) + "," + to_json(runs[1]) +
            "],\"score_streamed_items_per_s\":{\"fp32\":" + jnum(score_fp32) + ",\"tf32\":" + jnum(score_tf32) + "}}";
    for (const TrainBench& r : runs)
      std::printf("W1 %s: epoch %.4f s (setup %.3f s), %.0f pairs/s, %.2f TFLOP/s, items %s, resident scoring %.0f items/s\n", r.precision.c_str(),
                  r.epoch_s, r.setup_s, r.pairs_per_s, r.tflops, r.resident ? "resident" : "streamed", r.score_resident_items_per_s);
    std::printf("W1 scoring from host memory: %.0f items/s (fp32), %.0f items/s (tf32)\n", score_fp32, score_tf32);
    X.clear(), X.shrink_to_fit();

    // ---- sparse text-like workload: 2^20 hashed buckets + 8, H=64, M=5
    if (A.sparse) {
      const int64_t SN = A.sp_items, SD = (int64_t(1) << A.sp_bits) + 8, SP = A.sp_pairs;
      std::vector<uint32_t> row_ptr(1, 0), col;
      std::vector<float> val;
      std::vector<double> sreward((size_t)SN, 0.0);
      Rng r2(17);
      for (int64_t i = 0; i < SN; i++) {
        const int64_t k = A.sp_nnz / 2 + (int64_t)r2.below((uint64_t)A.sp_nnz);
        std::vector<uint32_t> c;
        for (int64_t j = 0; j < k; j++) {
          const double z = r2.uniform();  // skewed: frequent "words" dominate, as in text
          c.push_back((uint32_t)std::min<double>((double)(SD - 9), std::floor(std::pow(z, 3.0) * (double)(SD - 8))));
        }
        std::sort(c.begin(), c.end());
        c.erase(std::unique(c.begin(), c.end()), c.end());
        const float v = 1.0f / std::sqrt((float)c.size());
        for (uint32_t cc : c) col.push_back(cc), val.push_back(v), sreward[(size_t)i] += v * bench_uniform(3, cc);
        row_ptr.push_back((uint32_t)col.size());
      }
      std::vector<uint32_t> sa((size_t)SP), sb((size_t)SP);
      std::vector<float> st((size_t)SP);
      for (int64_t j = 0; j < SP; j++) {
        sa[(size_t)j] = (uint32_t)r2.below((uint64_t)SN), sb[(size_t)j] = (uint32_t)r2.below((uint64_t)SN);
        st[(size_t)j] = sreward[sa[(size_t)j]] > sreward[sb[(size_t)j]] ? 1.0f : 0.0f;
      }
      Items sitems;
      sitems.n = SN, sitems.dim = SD, sitems.row_ptr = row_ptr.data(), sitems.col = col.data(), sitems.val = val.data();
      ModelConfig scfg;
      scfg.input_dim = SD, scfg.hidden = A.sp_hidden, scfg.members = 5, scfg.activation = Activation::relu, scfg.text = 1;
      const Model sinit = init_model(scfg, 1);
      const TrainBench sr = bench_train(sinit, sitems, sa, sb, st, A.batch, A.epochs, rc::Precision::fp32, true);
      std::printf("sparse: epoch %.4f s, %.0f pairs/s, resident scoring %.0f items/s (nnz/item %.1f)\n", sr.epoch_s, sr.pairs_per_s,
                  sr.score_resident_items_per_s, (double)col.size() / (double)SN);
      json += ",\"sparse\":{\"items\":" + std::to_string(SN) + ",\"dim\":" + std::to_string(SD) + ",\"hidden\":" + std::to_string(A.sp_hidden) +
              ",\"members\":5,\"pairs\":" + std::to_string(SP) + ",\"nnz_per_item\":" + jnum((double)col.size() / (double)SN) +
              ",\"train\":" + to_json(sr) + "}";
    }
  } catch (const std::exception& e) {
    std::printf("FAILED: %s\n", e.what());
    json += ",\"error\":" + jstr(e.what()) + "}";
    write(json);
    return 1;
  }
  json += "}";
  write(json);
  return 0;
}
