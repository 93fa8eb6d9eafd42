// Finite-difference check of the analytic gradients (mlp_backward + bt_backward) on a small random model.
#pragma once
#include <cstdint>

#include "model.h"

namespace rung {

struct GradCheckResult {
  double max_rel_error = 0;  // max over parameters of |analytic − numeric| / max(|analytic| + |numeric|, 1e-3)
  int64_t checked = 0;       // parameters compared
  int64_t skipped = 0;       // ReLU only: parameters whose ±h step crosses a kink (no derivative there)
};

// Small ensemble (D = 9, H = 6, M = 3) on 12 random items and 10 pairs with mixed targets (0, 0.5, 1, soft)
// and weights; sparse selects the CSR first layer. Central differences (h = 1e-2) of the float loss.
GradCheckResult check_gradients(bool sparse, Activation activation, uint64_t seed);

}  // namespace rung
