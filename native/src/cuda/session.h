// Internal to the CUDA backend: a Model's parameters on the device and an item source that makes any rows of a
// host item table available on the device — resident (the whole table uploaded once) or streamed (rows gathered
// on the host into pinned double buffers and copied per batch), the latter for tables larger than the card.
#pragma once
#include <cuda_runtime.h>

#include <vector>

#include "cuda/kernels.h"
#include "engine/data.h"
#include "engine/model.h"

namespace rung {
namespace cuda {

// w1, b1, w2, b2 packed in one allocation (so a snapshot or an optimizer moment is one buffer of the same layout).
struct ModelOnDevice {
  ModelConfig cfg;
  int64_t n_w1 = 0, n_params = 0;
  DeviceBuffer buf;
  void upload(Context& ctx, const Model& m);
  // parameters (or, with src, another buffer of the same layout such as a snapshot) → out
  void download(Context& ctx, Model& out, const float* src = nullptr) const;
  DevModel view(float* base) const;  // a DevModel over any buffer of this layout (params, grads of b1/w2/b2, moments)
  DevModel view() const { return view(buf.as<float>()); }
  static int64_t param_count(const ModelConfig& c) { return c.input_dim * c.members * c.hidden + 2 * c.members * c.hidden + c.members; }
};

class ItemSource {
 public:
  // resident: upload the table now. Otherwise rows are staged per call; max_rows bounds a call's n.
  ItemSource(Context& ctx, const Items& items, bool resident, int64_t max_rows);
  static int64_t max_row_nnz_of(const Items& items);
  ~ItemSource();
  ItemSource(const ItemSource&) = delete;
  ItemSource& operator=(const ItemSource&) = delete;
  // Makes host rows rows[0..n) available to the device kernels, ordered on ctx.stream. Returns the items view
  // and sets *dev_rows (device row indices into that view; nullptr when the view is the batch itself) and
  // *entries (sparse: nonzeros of these rows). Dense items always come back gathered (n×D, rows null).
  // Staging buffers alternate between two slots; a slot is reused only after the work queued after its
  // previous use finished (release(slot) records that point).
  DevItems stage(Context& ctx, const uint32_t* rows, int64_t n, const uint32_t** dev_rows, int64_t* entries);
  void release(Context& ctx);  // marks the end of the work that reads the last staged slot
  bool resident() const { return resident_; }
  int64_t device_bytes() const;
  static int64_t resident_bytes(const Items& items);
  static int64_t staging_bytes(const Items& items, int64_t max_rows, int64_t max_row_nnz);
  int64_t max_row_nnz() const { return max_row_nnz_; }
  int64_t rows_nnz(const uint32_t* rows, int64_t n) const;

 private:
  Items host_;
  bool resident_;
  int64_t max_rows_, max_row_nnz_ = 0;
  DeviceBuffer dense_, row_ptr_, col_, val_;  // resident table
  DeviceBuffer x_;                            // resident dense: the gathered batch
  PinnedBuffer pin_[2];
  DeviceBuffer dev_[2];
  cudaEvent_t done_[2] = {nullptr, nullptr};
  int slot_ = 0;
};

}  // namespace cuda
}  // namespace rung
