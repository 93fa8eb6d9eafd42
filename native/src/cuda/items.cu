// ModelOnDevice (parameters packed in one device buffer) and ItemSource (item rows on the device, resident or
// streamed from host memory through pinned double buffers) — see session.h.
#include <algorithm>
#include <cstring>

#include "cuda/session.h"

namespace rung {
namespace cuda {

// ---- ModelOnDevice

void ModelOnDevice::upload(Context& ctx, const Model& m) {
  cfg = m.cfg;
  n_w1 = (int64_t)m.w1.size();
  n_params = param_count(cfg);
  buf.reserve(sizeof(float) * (size_t)n_params, "model parameters");
  float* p = buf.as<float>();
  const int64_t MH = m.mh();
  check(cudaMemcpyAsync(p, m.w1.data(), sizeof(float) * m.w1.size(), cudaMemcpyHostToDevice, ctx.stream), "upload w1");
  check(cudaMemcpyAsync(p + n_w1, m.b1.data(), sizeof(float) * (size_t)MH, cudaMemcpyHostToDevice, ctx.stream), "upload b1");
  check(cudaMemcpyAsync(p + n_w1 + MH, m.w2.data(), sizeof(float) * (size_t)MH, cudaMemcpyHostToDevice, ctx.stream), "upload w2");
  check(cudaMemcpyAsync(p + n_w1 + 2 * MH, m.b2.data(), sizeof(float) * (size_t)cfg.members, cudaMemcpyHostToDevice, ctx.stream), "upload b2");
  ctx.sync();  // pageable sources: make the copies complete before the caller may free them
}

void ModelOnDevice::download(Context& ctx, Model& out, const float* src) const {
  const int64_t MH = cfg.members * cfg.hidden;
  out.cfg = cfg;
  out.w1.resize((size_t)n_w1);
  out.b1.resize((size_t)MH);
  out.w2.resize((size_t)MH);
  out.b2.resize((size_t)cfg.members);
  const float* p = src ? src : buf.as<float>();
  check(cudaMemcpyAsync(out.w1.data(), p, sizeof(float) * (size_t)n_w1, cudaMemcpyDeviceToHost, ctx.stream), "download w1");
  check(cudaMemcpyAsync(out.b1.data(), p + n_w1, sizeof(float) * (size_t)MH, cudaMemcpyDeviceToHost, ctx.stream), "download b1");
  check(cudaMemcpyAsync(out.w2.data(), p + n_w1 + MH, sizeof(float) * (size_t)MH, cudaMemcpyDeviceToHost, ctx.stream), "download w2");
  check(cudaMemcpyAsync(out.b2.data(), p + n_w1 + 2 * MH, sizeof(float) * (size_t)cfg.members, cudaMemcpyDeviceToHost, ctx.stream), "download b2");
  ctx.sync();
}

DevModel ModelOnDevice::view(float* base) const {
  DevModel d;
  d.D = cfg.input_dim, d.H = cfg.hidden, d.M = cfg.members, d.activation = cfg.activation;
  const int64_t MH = d.mh();
  d.w1 = base, d.b1 = base + n_w1, d.w2 = base + n_w1 + MH, d.b2 = base + n_w1 + 2 * MH;
  return d;
}

// ---- ItemSource

int64_t ItemSource::resident_bytes(const Items& it) {
  if (!it.sparse()) return (int64_t)sizeof(float) * it.n * it.dim;
  return (int64_t)sizeof(uint32_t) * (it.n + 1) + (int64_t)(sizeof(uint32_t) + sizeof(float)) * (int64_t)it.row_ptr[it.n];
}

int64_t ItemSource::staging_bytes(const Items& it, int64_t max_rows, int64_t max_row_nnz) {
  if (!it.sparse()) return 2 * (int64_t)sizeof(float) * max_rows * it.dim;
  return 2 * (int64_t)sizeof(uint32_t) * (max_rows + 1 + 2 * max_rows * max_row_nnz);
}

int64_t ItemSource::max_row_nnz_of(const Items& items) {
  int64_t mx = 0;
  if (items.sparse())
    for (int64_t r = 0; r < items.n; r++) mx = std::max<int64_t>(mx, items.row_ptr[r + 1] - items.row_ptr[r]);
  return mx;
}

int64_t ItemSource::rows_nnz(const uint32_t* rows, int64_t n) const {
  if (!host_.sparse()) return 0;
  int64_t e = 0;
  for (int64_t i = 0; i < n; i++) {
    const uint32_t r = rows ? rows[i] : (uint32_t)i;
    e += host_.row_ptr[r + 1] - host_.row_ptr[r];
  }
  return e;
}

ItemSource::ItemSource(Context& ctx, const Items& items, bool resident, int64_t max_rows) : host_(items), resident_(resident), max_rows_(max_rows) {
  max_row_nnz_ = max_row_nnz_of(items);
  for (int s = 0; s < 2; s++) check(cudaEventCreateWithFlags(&done_[s], cudaEventDisableTiming), "cudaEventCreate");
  size_t slot_bytes;
  if (resident) {
    if (items.sparse()) {
      const int64_t nnz = items.row_ptr[items.n];
      row_ptr_.alloc(sizeof(uint32_t) * (size_t)(items.n + 1), "item table (sparse row pointers)");
      col_.alloc(sizeof(uint32_t) * (size_t)(nnz > 0 ? nnz : 1), "item table (sparse columns)");
      val_.alloc(sizeof(float) * (size_t)(nnz > 0 ? nnz : 1), "item table (sparse values)");
      check(cudaMemcpyAsync(row_ptr_.p, items.row_ptr, sizeof(uint32_t) * (size_t)(items.n + 1), cudaMemcpyHostToDevice, ctx.stream), "upload row_ptr");
      if (nnz > 0) {
        check(cudaMemcpyAsync(col_.p, items.col, sizeof(uint32_t) * (size_t)nnz, cudaMemcpyHostToDevice, ctx.stream), "upload col");
        check(cudaMemcpyAsync(val_.p, items.val, sizeof(float) * (size_t)nnz, cudaMemcpyHostToDevice, ctx.stream), "upload val");
      }
    } else {
      dense_.alloc(sizeof(float) * (size_t)(items.n * items.dim), "item table (dense embeddings)");
      check(cudaMemcpyAsync(dense_.p, items.dense, sizeof(float) * (size_t)(items.n * items.dim), cudaMemcpyHostToDevice, ctx.stream), "upload embeddings");
      x_.alloc(sizeof(float) * (size_t)(max_rows * items.dim), "gathered batch rows");
    }
    slot_bytes = sizeof(uint32_t) * (size_t)max_rows;
  } else {
    slot_bytes = (size_t)staging_bytes(items, max_rows, max_row_nnz_) / 2;
  }
  for (int s = 0; s < 2; s++) {
    pin_[s].reserve(slot_bytes, "item staging");
    dev_[s].alloc(slot_bytes, "item staging on the device");
  }
  ctx.sync();  // the uploads read pageable host memory: complete them before returning
}

ItemSource::~ItemSource() {
  for (int s = 0; s < 2; s++)
    if (done_[s]) cudaEventDestroy(done_[s]);
}

int64_t ItemSource::device_bytes() const {
  return (int64_t)(dense_.bytes + row_ptr_.bytes + col_.bytes + val_.bytes + x_.bytes + dev_[0].bytes + dev_[1].bytes);
}

DevItems ItemSource::stage(Context& ctx, const uint32_t* rows, int64_t n, const uint32_t** dev_rows, int64_t* entries) {
  if (n > max_rows_) throw std::logic_error("ItemSource::stage: more rows than the staging capacity");
  for (int64_t i = 0; i < n; i++)
    if ((int64_t)(rows ? rows[i] : (uint32_t)i) >= host_.n) throw std::invalid_argument("item index out of range");
  check(cudaEventSynchronize(done_[slot_]), "wait for staging slot");
  *entries = rows_nnz(rows, n);
  DevItems v;
  v.n = n;
  v.dim = host_.dim;
  *dev_rows = nullptr;
  if (resident_) {
    uint32_t* pr = pin_[slot_].as<uint32_t>();
    for (int64_t i = 0; i < n; i++) pr[i] = rows ? rows[i] : (uint32_t)i;
    check(cudaMemcpyAsync(dev_[slot_].p, pr, sizeof(uint32_t) * (size_t)n, cudaMemcpyHostToDevice, ctx.stream), "upload batch rows");
    const uint32_t* dr = dev_[slot_].as<uint32_t>();
    if (host_.sparse()) {
      v.n = host_.n;
      v.row_ptr = row_ptr_.as<uint32_t>(), v.col = col_.as<uint32_t>(), v.val = val_.as<float>();
      *dev_rows = dr;
    } else {
      gather_rows_cuda(ctx, x_.as<float>(), dense_.as<float>(), host_.dim, dr, n, host_.dim);
      v.dense = x_.as<float>();
    }
    return v;
  }
  if (!host_.sparse()) {
    float* px = pin_[slot_].as<float>();
    const int64_t D = host_.dim;
    for (int64_t i = 0; i < n; i++) std::memcpy(px + i * D, host_.dense + (int64_t)(rows ? rows[i] : (uint32_t)i) * D, sizeof(float) * (size_t)D);
    check(cudaMemcpyAsync(dev_[slot_].p, px, sizeof(float) * (size_t)(n * D), cudaMemcpyHostToDevice, ctx.stream), "upload batch embeddings");
    v.dense = dev_[slot_].as<float>();
    return v;
  }
  // batch-local CSR: row_ptr[n+1] | col[e] | val[e], rebased to 0
  uint32_t* rp = pin_[slot_].as<uint32_t>();
  const int64_t cap = max_rows_ * max_row_nnz_;
  uint32_t* cl = rp + (max_rows_ + 1);
  float* vl = reinterpret_cast<float*>(cl + cap);
  uint32_t e = 0;
  rp[0] = 0;
  for (int64_t i = 0; i < n; i++) {
    const uint32_t r = rows ? rows[i] : (uint32_t)i, j0 = host_.row_ptr[r], k = host_.row_ptr[r + 1] - j0;
    std::memcpy(cl + e, host_.col + j0, sizeof(uint32_t) * k);
    std::memcpy(vl + e, host_.val + j0, sizeof(float) * k);
    e += k;
    rp[i + 1] = e;
  }
  uint32_t* d = dev_[slot_].as<uint32_t>();
  check(cudaMemcpyAsync(d, rp, sizeof(uint32_t) * (size_t)(n + 1), cudaMemcpyHostToDevice, ctx.stream), "upload batch row pointers");
  check(cudaMemcpyAsync(d + (max_rows_ + 1), cl, sizeof(uint32_t) * e, cudaMemcpyHostToDevice, ctx.stream), "upload batch columns");
  check(cudaMemcpyAsync(d + (max_rows_ + 1) + cap, vl, sizeof(float) * e, cudaMemcpyHostToDevice, ctx.stream), "upload batch values");
  v.row_ptr = d;
  v.col = d + (max_rows_ + 1);
  v.val = reinterpret_cast<const float*>(d + (max_rows_ + 1) + cap);
  return v;
}

void ItemSource::release(Context& ctx) {
  check(cudaEventRecord(done_[slot_], ctx.stream), "cudaEventRecord");
  slot_ ^= 1;
}

}  // namespace cuda
}  // namespace rung
