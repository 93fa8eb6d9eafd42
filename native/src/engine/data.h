// The engine's inputs, as pointers it does not own (the addon borrows the float arrays and copies the index arrays):
// a table of items (dense rows or sparse CSR rows) and pairs that index into it with a target P(a ≻ b) and a weight.
#pragma once
#include <cstdint>

namespace rung {

// N items of dimension D: dense (N×D row-major) when `dense` is set, else sparse CSR
// (row_ptr[N+1], col[nnz] < D, val[nnz]).
struct Items {
  int64_t n = 0;
  int64_t dim = 0;
  const float* dense = nullptr;
  const uint32_t* row_ptr = nullptr;
  const uint32_t* col = nullptr;
  const float* val = nullptr;
  bool sparse() const { return dense == nullptr; }
};

// P pairs: item a[p] against item b[p]; target[p] = P(a ≻ b) in [0,1] (ties 0.5); weight[p] ≥ 0 (nullptr: all 1).
struct Pairs {
  int64_t n = 0;
  const uint32_t* a = nullptr;
  const uint32_t* b = nullptr;
  const float* target = nullptr;
  const float* weight = nullptr;
};

// Checks indices, finiteness and ranges; throws std::invalid_argument naming the first bad entry. Dense values are
// checked on `threads` threads.
void validate_items(const Items& items, int threads = 1);
void validate_pairs(const Pairs& pairs, int64_t n_items);

}  // namespace rung
