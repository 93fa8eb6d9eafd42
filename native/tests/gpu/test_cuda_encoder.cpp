// GPU parity of the BERT encoder forward (cuda/encoder.h) against the CPU reference (engine/encoder/bert.h) on random
// weights: a small BERT (H=64, 4 heads, d=16) and one of MiniLM-L6 width (H=384, 12 heads, d=32, I=1536), sequences
// of lengths 1 … 512 packed together. Tolerance: max |Δ| ≤ 1e-4 on the last hidden states (LayerNorm outputs of
// order 1; FP32 sums in another order, expf/erff against the CPU's polynomial versions, both within ~1e-7 relative).
// Exit 0: passed; 1: a failure; 77 (ctest SKIP_RETURN_CODE): no CUDA device.
#include <cmath>
#include <cstdio>
#include <vector>

#include "cuda/encoder.h"
#include "cuda/rung_cuda.h"
#include "engine/encoder/bert.h"
#include "engine/rng.h"

using namespace rung;
namespace rc = rung::cuda;

namespace {

std::vector<float> random_vector(Rng& rng, size_t n, float scale, float offset = 0.0f) {
  std::vector<float> v(n);
  for (float& x : v) x = offset + scale * (float)(2.0 * rng.uniform() - 1.0);
  return v;
}

encoder::BertWeights random_weights(const encoder::BertConfig& c, uint64_t seed) {
  Rng rng(seed);
  const size_t H = c.hidden, I = c.intermediate;
  encoder::BertWeights w;
  w.word = random_vector(rng, c.vocab * H, 0.5f);
  w.position = random_vector(rng, c.max_positions * H, 0.5f);
  w.token_type0 = random_vector(rng, H, 0.5f);
  w.ln_g = random_vector(rng, H, 0.2f, 1.0f), w.ln_b = random_vector(rng, H, 0.2f);
  for (int64_t l = 0; l < c.layers; l++) {
    encoder::BertLayer L;
    const float s = 1.0f / std::sqrt((float)H);
    L.wqkv = random_vector(rng, H * 3 * H, 2 * s), L.bqkv = random_vector(rng, 3 * H, 0.1f);
    L.wo = random_vector(rng, H * H, s), L.bo = random_vector(rng, H, 0.1f);
    L.ln1_g = random_vector(rng, H, 0.2f, 1.0f), L.ln1_b = random_vector(rng, H, 0.2f);
    L.w1 = random_vector(rng, H * I, s), L.b1 = random_vector(rng, I, 0.1f);
    L.w2 = random_vector(rng, I * H, 1.0f / std::sqrt((float)I)), L.b2 = random_vector(rng, H, 0.1f);
    L.ln2_g = random_vector(rng, H, 0.2f, 1.0f), L.ln2_b = random_vector(rng, H, 0.2f);
    w.layers.push_back(L);
  }
  return w;
}

bool check_model(rc::Context& ctx, const char* name, const encoder::BertConfig& c, const std::vector<int64_t>& lengths) {
  const encoder::BertWeights w = random_weights(c, 7);
  std::vector<int64_t> offsets{0};
  for (int64_t n : lengths) offsets.push_back(offsets.back() + n);
  const int64_t S = (int64_t)lengths.size(), T = offsets.back();
  Rng rng(11);
  std::vector<int32_t> ids(T);
  for (int32_t& id : ids) id = (int32_t)rng.below((uint64_t)c.vocab);
  std::vector<float> cpu(T * c.hidden), gpu(T * c.hidden);
  encoder::BertScratch scratch;
  encoder::bert_forward(cpu.data(), c, w, ids.data(), offsets.data(), S, 4, scratch);
  rc::BertOnDevice dev;
  dev.upload(ctx, c, w);
  rc::BertScratchCuda sc;
  rc::bert_forward_cuda(ctx, gpu.data(), dev, ids.data(), offsets.data(), S, sc);
  double worst = 0;
  for (size_t i = 0; i < cpu.size(); i++) worst = std::max(worst, (double)std::fabs(cpu[i] - gpu[i]));
  const bool ok = worst <= 1e-4;
  std::printf("%s %s: %lld tokens in %lld sequences, max |Δ| = %.3g (≤ 1e-4)\n", ok ? "ok  " : "FAIL", name, (long long)T, (long long)S, worst);
  return ok;
}

}  // namespace

int main() {
  const rc::Probe p = rc::probe();
  if (!p.available) {
    std::printf("SKIPPED: %s\n", p.reason.c_str());
    return 77;
  }
  std::printf("device: %s, GEMM %s\n", p.name.c_str(), p.gemm.c_str());
  rc::Context ctx(rc::Precision::fp32);
  encoder::BertConfig small{500, 64, 2, 4, 128, 512, 2, 1e-12};
  encoder::BertConfig minilm{1000, 384, 2, 12, 1536, 512, 2, 1e-12};
  bool ok = check_model(ctx, "small (H=64, d=16)", small, {1, 7, 128, 512, 33});
  ok = check_model(ctx, "MiniLM width (H=384, d=32)", minilm, {128, 128, 3, 512, 77}) && ok;
  return ok ? 0 : 1;
}
