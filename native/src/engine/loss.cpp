// Bradley–Terry loss forward/backward, numerically stable for large reward differences.
#include "loss.h"

#include <cmath>
#include <vector>

namespace rung {

float sigmoid(float x) { return x >= 0.0f ? 1.0f / (1.0f + std::exp(-x)) : std::exp(x) / (1.0f + std::exp(x)); }
float softplus(float x) { return x > 0.0f ? x + std::log1p(std::exp(-x)) : std::log1p(std::exp(x)); }

static std::vector<double> weight_sums(const float* w, int64_t B, int64_t M) {
  std::vector<double> s((size_t)M, 0.0);
  for (int64_t p = 0; p < B; p++)
    for (int64_t m = 0; m < M; m++) s[(size_t)m] += w[p * M + m];
  return s;
}

void bt_forward(float* loss, const float* r, const float* target, const float* w, int64_t B, int64_t M) {
  const std::vector<double> ws = weight_sums(w, B, M);
  for (int64_t m = 0; m < M; m++) {
    double s = 0.0;
    for (int64_t p = 0; p < B; p++) {
      const float d = r[p * M + m] - r[(B + p) * M + m];
      s += (double)w[p * M + m] * (softplus(d) - target[p] * d);
    }
    loss[m] = ws[(size_t)m] > 0.0 ? (float)(s / ws[(size_t)m]) : 0.0f;
  }
}

void bt_backward(float* dr, const float* r, const float* target, const float* w, int64_t B, int64_t M) {
  const std::vector<double> ws = weight_sums(w, B, M);
  for (int64_t p = 0; p < B; p++)
    for (int64_t m = 0; m < M; m++) {
      const float d = r[p * M + m] - r[(B + p) * M + m];
      const float g = ws[(size_t)m] > 0.0 ? (float)(w[p * M + m] / ws[(size_t)m]) * (sigmoid(d) - target[p]) : 0.0f;
      dr[p * M + m] = g;
      dr[(B + p) * M + m] = -g;
    }
}

}  // namespace rung
