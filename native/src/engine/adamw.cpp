// AdamW update loop, cloned for AVX-512 / AVX2 / baseline and chosen at load time (GCC target_clones).
#include "adamw.h"

#include <cmath>

namespace rung {

__attribute__((target_clones("avx512f", "avx2", "default")))
void adamw_update(float* p, float* m, float* v, const float* g, int64_t n, const AdamWConfig& c, int64_t t, bool decay) {
  const float bc1 = 1.0f - (float)std::pow((double)c.beta1, (double)t);
  const float bc2 = 1.0f - (float)std::pow((double)c.beta2, (double)t);
  const float step = c.lr / bc1, inv_sqrt_bc2 = 1.0f / std::sqrt(bc2);
  const float shrink = decay ? 1.0f - c.lr * c.weight_decay : 1.0f;
  for (int64_t i = 0; i < n; i++) {
    m[i] = c.beta1 * m[i] + (1.0f - c.beta1) * g[i];
    v[i] = c.beta2 * v[i] + (1.0f - c.beta2) * g[i] * g[i];
    p[i] = p[i] * shrink - step * m[i] / (std::sqrt(v[i]) * inv_sqrt_bc2 + c.eps);
  }
}

}  // namespace rung
