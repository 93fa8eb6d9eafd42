// AdamW (decoupled weight decay) on a contiguous block of parameters.
#pragma once
#include <cstdint>

namespace rung {

struct AdamWConfig {
  float lr = 1e-3f, beta1 = 0.9f, beta2 = 0.999f, eps = 1e-8f, weight_decay = 0.01f;
};

// One step t (1-based) on n parameters p with gradient g and moments m, v; decay off for biases.
void adamw_update(float* p, float* m, float* v, const float* g, int64_t n, const AdamWConfig& c, int64_t t, bool decay);

}  // namespace rung
