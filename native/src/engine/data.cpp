// Validation of borrowed inputs: every index in range, every number finite, so no call can read out of bounds.
#include "data.h"

#include <cmath>
#include <stdexcept>

namespace rung {

void validate_items(const Items& items) {
  if (items.n < 1) throw std::invalid_argument("items: at least one item is needed");
  if (items.dim < 1) throw std::invalid_argument("items: dimension must be at least 1");
  if (!items.sparse()) {
    const int64_t total = items.n * items.dim;
    for (int64_t i = 0; i < total; i++)
      if (!std::isfinite(items.dense[i]))
        throw std::invalid_argument("items: embedding value at row " + std::to_string(i / items.dim) + ", column " +
                                    std::to_string(i % items.dim) + " is not finite");
    return;
  }
  if (items.row_ptr[0] != 0) throw std::invalid_argument("items: rowPtr[0] must be 0");
  for (int64_t r = 0; r < items.n; r++) {
    if (items.row_ptr[r + 1] < items.row_ptr[r]) throw std::invalid_argument("items: rowPtr must not decrease (row " + std::to_string(r) + ")");
    for (uint32_t j = items.row_ptr[r]; j < items.row_ptr[r + 1]; j++) {
      if ((int64_t)items.col[j] >= items.dim)
        throw std::invalid_argument("items: column index " + std::to_string(items.col[j]) + " in row " + std::to_string(r) +
                                    " is out of range (dimension " + std::to_string(items.dim) + ")");
      if (!std::isfinite(items.val[j])) throw std::invalid_argument("items: value in row " + std::to_string(r) + " is not finite");
    }
  }
}

void validate_pairs(const Pairs& pairs, int64_t n_items) {
  if (pairs.n < 1) throw std::invalid_argument("pairs: at least one pair is needed");
  for (int64_t p = 0; p < pairs.n; p++) {
    if ((int64_t)pairs.a[p] >= n_items || (int64_t)pairs.b[p] >= n_items)
      throw std::invalid_argument("pairs: item index at pair " + std::to_string(p) + " is out of range (" + std::to_string(n_items) + " items)");
    const float t = pairs.target[p];
    if (!(t >= 0.0f && t <= 1.0f)) throw std::invalid_argument("pairs: target at pair " + std::to_string(p) + " must be in [0, 1]");
    if (pairs.weight) {
      const float w = pairs.weight[p];
      if (!(w >= 0.0f) || !std::isfinite(w)) throw std::invalid_argument("pairs: weight at pair " + std::to_string(p) + " must be finite and ≥ 0");
    }
  }
}

}  // namespace rung
