// Validation of borrowed inputs: every index in range, every number finite, so no call can read out of bounds.
#include "data.h"

#include <omp.h>

#include <cmath>
#include <stdexcept>

namespace rung {

typedef uint32_t u32_alias __attribute__((may_alias));

// Whether x[0..n) has a NaN or an infinity (all exponent bits set): no branch per value, so it vectorizes.
__attribute__((target_clones("avx512f", "avx2", "default"))) static bool any_nonfinite(const float* x, int64_t n) {
  const u32_alias* bits = reinterpret_cast<const u32_alias*>(x);
  uint32_t found = 0;
  for (int64_t i = 0; i < n; i++) found |= (bits[i] & 0x7f800000u) == 0x7f800000u;
  return found != 0;
}

// The same over a large array, in blocks across threads; the first bad index (or -1), found again serially only
// when there is one. (An embedding table of 100,000 × 768 took 60 ms one value at a time on one thread.)
static int64_t first_nonfinite(const float* x, int64_t n, int threads) {
  constexpr int64_t kBlock = int64_t(1) << 16;
  const int64_t blocks = (n + kBlock - 1) / kBlock;
  bool found = false;
#pragma omp parallel for num_threads(threads) schedule(static) reduction(|| : found) if (blocks > 1)
  for (int64_t blk = 0; blk < blocks; blk++) {
    const int64_t i0 = blk * kBlock;
    found = found || any_nonfinite(x + i0, n - i0 < kBlock ? n - i0 : kBlock);
  }
  if (!found) return -1;
  for (int64_t i = 0; i < n; i++)
    if (!std::isfinite(x[i])) return i;
  return -1;
}

void validate_items(const Items& items, int threads) {
  if (items.n < 1) throw std::invalid_argument("items: at least one item is needed");
  if (items.dim < 1) throw std::invalid_argument("items: dimension must be at least 1");
  if (!items.sparse()) {
    const int64_t i = first_nonfinite(items.dense, items.n * items.dim, threads);
    if (i >= 0)
      throw std::invalid_argument("items: embedding value at row " + std::to_string(i / items.dim) + ", column " +
                                  std::to_string(i % items.dim) + " is not finite");
    return;
  }
  if (items.row_ptr[0] != 0) throw std::invalid_argument("items: rowPtr[0] must be 0");
  // all of rowPtr first: a row's end past the last entry (rowPtr[n] = nnz) shows only as a decrease further on
  for (int64_t r = 0; r < items.n; r++)
    if (items.row_ptr[r + 1] < items.row_ptr[r]) throw std::invalid_argument("items: rowPtr must not decrease (row " + std::to_string(r) + ")");
  for (int64_t r = 0; r < items.n; r++) {
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
